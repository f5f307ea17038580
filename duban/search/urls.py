from django.urls import path

from duban.search import views

app_name = "search"

urlpatterns = [
    path("", views.page, name="page"),
    path("documents/<int:pk>/", views.document, name="document"),
]
