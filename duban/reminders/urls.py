from django.urls import path

from duban.reminders import views

app_name = "reminders"

urlpatterns = [
    path("", views.inbox, name="inbox"),
]
