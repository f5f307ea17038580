from django.contrib import admin
from django.urls import path

admin.site.site_header = "督办 · 目标责任督查与干部任免"
admin.site.site_title = "督办"
admin.site.index_title = "数据管理（所有修改均记入审计日志）"

urlpatterns = [
    path("admin/", admin.site.urls),
]
