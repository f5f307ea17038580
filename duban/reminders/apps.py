from django.apps import AppConfig


class RemindersConfig(AppConfig):
    name = "duban.reminders"
    verbose_name = "催办督办"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from duban.reminders.services import on_round_opened
        from duban.supervision.signals import round_opened

        # 交办: opening a round tells every lead unit (supervision does not know this app).
        round_opened.connect(on_round_opened, dispatch_uid="reminders.round_opened")
