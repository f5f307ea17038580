from django.urls import path

from duban.units import views

app_name = "units"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("<int:pk>/", views.unit, name="unit"),
    path("<int:pk>/merge/", views.merge, name="merge"),
    path("<int:pk>/rename/", views.rename, name="rename"),
]
