from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "督办 · 目标责任督查与干部任免"
admin.site.site_title = "督办"
admin.site.index_title = "数据管理（所有修改均记入审计日志）"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("duban.accounts.urls")),
    path("api/", include("duban.api.urls")),
    path("", include("duban.web.urls")),
    path("", include("duban.supervision.urls")),
    path("imports/", include("duban.intake.urls")),
    path("personnel/", include("duban.personnel.urls")),
    path("units/", include("duban.units.urls")),
    path("notices/", include("duban.reminders.urls")),
    path("search/", include("duban.search.urls")),
    path("audit/", include("duban.audit.urls")),
    path("assessment/", include("duban.assessment.urls")),
]
