from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "duban.documents"
    verbose_name = "公文"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from duban.audit import register_all

        register_all()
