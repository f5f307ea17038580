from django.apps import AppConfig


class UnitsConfig(AppConfig):
    name = "duban.units"
    verbose_name = "单位与行政区划"
    default_auto_field = "django.db.models.BigAutoField"
