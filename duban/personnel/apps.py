from django.apps import AppConfig


class PersonnelConfig(AppConfig):
    name = "duban.personnel"
    verbose_name = "干部任免"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from duban.personnel.services import on_unit_merged
        from duban.units.signals import unit_merged

        # Posts hang on units: a merge moves them (the directory does not know the register).
        unit_merged.connect(on_unit_merged, dispatch_uid="personnel.move_posts")
