from django.apps import AppConfig


class PersonnelConfig(AppConfig):
    name = "duban.personnel"
    verbose_name = "干部任免"
    default_auto_field = "django.db.models.BigAutoField"
