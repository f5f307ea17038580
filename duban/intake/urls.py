from django.urls import path

from duban.intake import views

app_name = "intake"

urlpatterns = [
    path("", views.upload, name="upload"),
]
