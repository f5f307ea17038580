from django.urls import path

from duban.units import views

app_name = "units"

urlpatterns = [
    path("", views.directory, name="directory"),
]
