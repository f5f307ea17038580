from django.templatetags.static import static
from django.urls import path
from django.views.generic import RedirectView

from duban.web import views

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path("favicon.ico", RedirectView.as_view(url=static("web/favicon.svg"), permanent=True)),
]
