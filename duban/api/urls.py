from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from duban.api import views
from duban.api.auth import TokenView
from duban.api.base import InChinese
from duban.api.entries import EntryViewSet
from duban.api.errors import not_found
from duban.api.search import SearchView

app_name = "api"


class SchemaView(InChinese, SpectacularAPIView):
    pass


class DocsView(InChinese, SpectacularSwaggerSplitView):
    """The split view serves its start-up script as a file: the pages' CSP allows no inline script."""


router = SimpleRouter()
router.register("units", views.UnitViewSet, basename="unit")
router.register("documents", views.DocumentViewSet, basename="document")
router.register("people", views.PersonViewSet, basename="person")
router.register("lists", views.TaskListViewSet, basename="list")
router.register("items", views.ItemViewSet, basename="item")
router.register("rounds", views.RoundViewSet, basename="round")
router.register("entries", EntryViewSet, basename="entry")

urlpatterns = [
    path("auth/token/", TokenView.as_view(), name="token"),
    path("schema/", SchemaView.as_view(), name="schema"),
    path("docs/", DocsView.as_view(url_name="api:schema"), name="docs"),
    path("search/", SearchView.as_view(), name="search"),
    *router.urls,
    re_path(r"^.*$", not_found, name="not_found"),  # JSON, not the pages' 404
]
