from django.urls import path

from duban.supervision.views import bulletins, dashboards, entries, followup, homes, lists, review, rounds

app_name = "supervision"

urlpatterns = [
    path("office/", homes.office_home, name="office_home"),
    path("leader/", homes.leader_home, name="leader_home"),
    # 立项
    path("lists/", lists.index, name="lists"),
    path("lists/new/", lists.create, name="list_new"),
    path("lists/<int:pk>/", lists.detail, name="list"),
    path("lists/<int:pk>/items/new/", lists.item_edit, name="item_new"),
    path("lists/<int:pk>/notice.docx", lists.notice_docx, name="list_notice"),
    path("items/<int:pk>/", lists.item, name="item"),
    path("items/<int:pk>/edit/", lists.item_edit, name="item_edit"),
    path("items/<int:pk>/close/", lists.item_close, name="item_close"),
    path("items/<int:pk>/reopen/", lists.item_reopen, name="item_reopen"),
    path("items/<int:pk>/instruct/", followup.instruct, name="instruct"),
    # 交办
    path("rounds/", rounds.index, name="rounds"),
    path("rounds/new/", rounds.create, name="round_new"),
    path("rounds/<int:pk>/", rounds.detail, name="round"),
    path("rounds/<int:pk>/<str:action>/", rounds.change, name="round_change"),
    path("rounds/<int:pk>/forms.zip", rounds.forms_zip, name="round_forms"),
    # 承办
    path("my/", entries.my, name="my"),
    path("entries/<int:pk>/", entries.edit, name="entry"),
    path("entries/<int:pk>/approve/", entries.approve, name="entry_approve"),
    path("entries/<int:pk>/extension/", followup.request_extension, name="extension_new"),
    path("my/forms/", entries.upload_form, name="form_upload"),
    # 审核
    path("review/", review.queue, name="review"),
    path("review/<int:pk>/", review.entry, name="review_entry"),
    # 通报
    path("bulletins/", bulletins.index, name="bulletins"),
    path("bulletins/new/", bulletins.create, name="bulletin_new"),
    path("bulletins/<int:pk>/", bulletins.detail, name="bulletin"),
    path("bulletins/<int:pk>/sections/<int:index>/", bulletins.section, name="bulletin_section"),
    path("bulletins/<int:pk>/publish/", bulletins.publish, name="bulletin_publish"),
    path("bulletins/<int:pk>/bulletin.<str:fmt>", bulletins.download, name="bulletin_download"),
    # 看板
    path("dashboard/", dashboards.index, name="dashboards"),
    path("dashboard/rounds/<int:pk>/", dashboards.round_view, name="round_dashboard"),
    path("dashboard/lists/<int:pk>/", dashboards.trends, name="trends"),
    path("dashboard/units/<int:pk>/", dashboards.unit_record_section, name="unit_record"),
    path("dashboard/regions/", dashboards.regions, name="regions"),
    path("dashboard/regions/<int:pk>/", dashboards.region, name="region"),
    # 批示与延期
    path("instructions/", followup.instructions, name="instructions"),
    path("extensions/", followup.extensions, name="extensions"),
    path("extensions/<int:pk>/decide/", followup.decide, name="extension_decide"),
]
