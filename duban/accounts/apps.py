from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "duban.accounts"
    verbose_name = "账号"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The deploy checks, the audit receivers of authentication, the admin's login and lockout pages.
        from duban.accounts import checks, security_admin, signals  # noqa: F401
