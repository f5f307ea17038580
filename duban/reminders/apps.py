from django.apps import AppConfig


class RemindersConfig(AppConfig):
    name = "duban.reminders"
    verbose_name = "催办督办"
    default_auto_field = "django.db.models.BigAutoField"
