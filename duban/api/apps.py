from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "duban.api"
    verbose_name = "接口"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from duban.api import schema  # noqa: F401  (registers the Chinese security schemes)
