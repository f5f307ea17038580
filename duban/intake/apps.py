from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "duban.intake"
    verbose_name = "公文导入"
    default_auto_field = "django.db.models.BigAutoField"
