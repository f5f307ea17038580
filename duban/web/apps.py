from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "duban.web"
    verbose_name = "网页"
    default_auto_field = "django.db.models.BigAutoField"
