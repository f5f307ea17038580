from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "duban.accounts"
    verbose_name = "账号"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from duban.accounts import checks, signals  # noqa: F401 - registers the checks, connects the audit receivers
