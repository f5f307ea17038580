from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "duban.api"
    verbose_name = "接口"
    default_auto_field = "django.db.models.BigAutoField"
    # The Chinese security schemes (duban.api.schema) register when the API's views are imported
    # (duban.api.base imports them), which the schema generator does through the URLconf: not
    # here, where every command would load DRF, drf-spectacular and, through them, psycopg.
