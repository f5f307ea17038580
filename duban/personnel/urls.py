from django.urls import path

from duban.personnel import views

app_name = "personnel"

urlpatterns = [
    path("", views.home, name="home"),
]
