from django.urls import path

from duban.intake import views

app_name = "intake"

urlpatterns = [
    path("", views.upload, name="upload"),
    path("confirm/", views.confirm, name="confirm"),
    path("records/", views.records, name="records"),
    path("records/<int:pk>/", views.record, name="record"),
]
