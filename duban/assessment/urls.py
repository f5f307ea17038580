from django.urls import path

from duban.assessment import views

app_name = "assessment"

urlpatterns = [
    path("", views.index, name="index"),
    path("rule/", views.rule, name="rule"),
    path("units/<int:unit_id>/", views.unit, name="unit"),
    path("download.<str:fmt>", views.download, name="download"),
]
