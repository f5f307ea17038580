from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    name = "duban.assessment"
    verbose_name = "年度考核"
    default_auto_field = "django.db.models.BigAutoField"
