from django.urls import path

from duban.audit import views

app_name = "audit"

urlpatterns = [
    path("", views.events, name="events"),
    path("export.<str:fmt>", views.export, name="export"),
    path("verify/", views.verify, name="verify"),
]
