"""The month's loop through the API: the reporter fills, the head approves, the office returns, the
reporter resubmits, the office accepts or overrides — each write over the version it read."""

from __future__ import annotations

from duban.audit.choices import EventType, Outcome
from duban.audit.models import Event as AuditEvent
from duban.supervision.choices import EntryState
from duban.supervision.models import Entry, Instruction, Item
from tests.api.conftest import World, api_client


def _url(world: World, action: str = "") -> str:
    return f"/api/entries/{world.mine.pk}/" + (f"{action}/" if action else "")


def test_the_loop_from_draft_to_accepted_with_versions(world):
    reporter, head, officer = (
        api_client(u) for u in (world.personas.reporter, world.personas.head, world.personas.officer)
    )
    read = reporter.get(_url(world)).json()
    assert (read["state"], read["version"]) == ("empty", 1)

    saved = reporter.patch(
        _url(world),
        {"version": 1, "progress": "已建成4个助餐点。", "self_status": "on_schedule", "percent": "66.7"},
        format="json",
    )
    assert saved.status_code == 200
    body = saved.json()
    assert body["state"] == "draft" and body["state_label"] == "草稿"
    assert (body["progress"], body["percent"], body["self_status"], body["self_status_label"]) == (
        "已建成4个助餐点。",
        "66.700",
        "on_schedule",
        "正常推进",  # the indicators' word for the middle level
    )
    assert body["version"] == 2 and body["status"] == "on_schedule"

    # Only the given fields change: a remark alone keeps the progress and the percentage.
    remarked = reporter.patch(_url(world), {"version": 2, "remark": "第5个点下月验收"}, format="json").json()
    assert (remarked["progress"], remarked["percent"], remarked["remark"], remarked["version"]) == (
        "已建成4个助餐点。",
        "66.700",
        "第5个点下月验收",
        3,
    )

    submitted = reporter.post(_url(world, "submit"), {"version": 3}, format="json").json()
    assert submitted["state"] == "awaiting_head"  # the unit has a head: the head signs first
    approved = head.post(_url(world, "approve"), {"version": submitted["version"]}, format="json").json()
    assert approved["state"] == "submitted"

    returned = officer.post(
        _url(world, "return"),
        {"version": approved["version"], "comment": "请补充助餐点名单。"},
        format="json",
    ).json()
    assert (returned["state"], returned["review_comment"]) == ("returned", "请补充助餐点名单。")
    assert reporter.get(_url(world)).json()["review_comment"] == "请补充助餐点名单。"  # the unit sees it

    again = reporter.patch(
        _url(world),
        {"version": returned["version"], "progress": "已建成4个助餐点，名单附后。"},
        format="json",
    ).json()
    again = reporter.post(_url(world, "submit"), {"version": again["version"]}, format="json").json()
    again = head.post(_url(world, "approve"), {}, format="json").json()
    accepted = officer.post(_url(world, "accept"), {"version": again["version"]}, format="json").json()
    assert (accepted["state"], accepted["status"], accepted["override_reason"]) == (
        "accepted",
        "on_schedule",
        "",
    )

    kinds = list(
        AuditEvent.objects.filter(object_type="supervision.entry", object_id=str(world.mine.pk))
        .exclude(type=EventType.ENTRY_CREATE)
        .order_by("seq")
        .values_list("type", "via", "actor")
    )
    assert kinds == [
        (EventType.ENTRY_SAVE, "api", "minzheng"),
        (EventType.ENTRY_SAVE, "api", "minzheng"),
        (EventType.ENTRY_SUBMIT, "api", "minzheng"),
        (EventType.ENTRY_APPROVE, "api", "minzheng-head"),
        (EventType.ENTRY_RETURN, "api", "duchashi"),
        (EventType.ENTRY_SAVE, "api", "minzheng"),
        (EventType.ENTRY_SUBMIT, "api", "minzheng"),
        (EventType.ENTRY_APPROVE, "api", "minzheng-head"),
        (EventType.ENTRY_ACCEPT, "api", "duchashi"),
    ]


def test_a_stale_version_is_a_409_that_shows_the_others_change_and_overwrites_nothing(world):
    reporter, head = api_client(world.personas.reporter), api_client(world.personas.head)
    first = {"version": 1, "progress": "负责人先填：已建成3个。", "self_status": "on_schedule"}
    assert head.patch(_url(world), first, format="json").status_code == 200
    late = reporter.patch(_url(world), {"version": 1, "progress": "填报员后到：已建成4个。"}, format="json")
    assert late.status_code == 409
    detail = late.json()["detail"]
    assert "本项已被他人修改（当前版本2，您编辑的是版本1）" in detail
    assert "负责人先填：已建成3个。" in detail and "正常推进" in detail
    entry = Entry.objects.get(pk=world.mine.pk)
    assert (entry.progress, entry.version) == ("负责人先填：已建成3个。", 2)
    stale_submit = reporter.post(_url(world, "submit"), {"version": 1}, format="json")
    assert stale_submit.status_code == 409
    assert Entry.objects.get(pk=world.mine.pk).state == EntryState.DRAFT


def test_the_office_overrides_the_figures_only_with_a_reason(world):
    reporter, officer = api_client(world.personas.reporter), api_client(world.personas.officer)
    reporter.patch(
        _url(world),
        {"version": 1, "progress": "已建成6个助餐点。", "self_status": "completed", "percent": "100"},
        format="json",
    )
    reporter.post(_url(world, "submit"), {}, format="json")
    api_client(world.personas.head).post(_url(world, "approve"), {}, format="json")
    no_reason = officer.post(_url(world, "accept"), {"status": "lagging"}, format="json")
    assert no_reason.status_code == 400
    assert no_reason.json()["detail"].startswith("改判须说明理由")
    assert Entry.objects.get(pk=world.mine.pk).state == EntryState.SUBMITTED
    overridden = officer.post(
        _url(world, "accept"), {"status": "lagging", "reason": "实地核查仅4个投入运营"}, format="json"
    ).json()
    assert (overridden["status"], overridden["status_label"], overridden["override_reason"]) == (
        "lagging",
        "滞后",
        "实地核查仅4个投入运营",
    )
    assert AuditEvent.objects.filter(type=EventType.ENTRY_OVERRIDE, object_id=str(world.mine.pk)).exists()


def test_an_open_instruction_must_be_answered_when_submitting(world):
    Instruction.objects.create(
        item=world.mine.item, author=world.personas.leader, text="请加快进度，月底前全部建成。"
    )
    instruction = Instruction.objects.get()
    reporter = api_client(world.personas.reporter)
    reporter.patch(
        _url(world), {"version": 1, "progress": "已建成5个。", "self_status": "on_schedule"}, format="json"
    )
    unanswered = reporter.post(_url(world, "submit"), {}, format="json")
    assert unanswered.status_code == 400
    assert "领导批示尚未答复" in unanswered.json()["detail"]
    answered = reporter.post(
        _url(world, "submit"),
        {"answers": [{"instruction": instruction.pk, "answer": "已调度施工方，8月25日前建成。"}]},
        format="json",
    )
    assert answered.status_code == 200 and answered.json()["state"] == "awaiting_head"
    instruction.refresh_from_db()
    assert instruction.answer == "已调度施工方，8月25日前建成。"


def test_a_closed_round_takes_no_report_and_says_so(world):
    response = api_client(world.personas.reporter).patch(
        f"/api/entries/{world.accepted.pk}/",
        {"version": world.accepted.version, "progress": "补报"},
        format="json",
    )
    assert response.status_code == 409
    assert "不能再填报" in response.json()["detail"]


def test_a_percentage_for_an_item_without_a_target_is_refused_and_nothing_is_stored(world):
    unquantified = world.tasks.entries.filter(
        item__in=Entry.objects.of_user_units(world.personas.reporter).values("item")
    )
    entry = unquantified.select_related("item").first()
    Item.objects.filter(pk=entry.item_id).update(
        target_text="", target_value=None
    )  # a task stating no figure
    response = api_client(world.personas.reporter).patch(
        f"/api/entries/{entry.pk}/",
        {"version": 1, "progress": "推进中", "self_status": "on_schedule", "percent": "50"},
        format="json",
    )
    assert (response.status_code, response.json()) == (400, {"detail": "本事项没有量化目标，不填完成比例"})
    entry.refresh_from_db()
    assert (entry.progress, entry.percent, entry.version) == ("", None, 1)


def test_a_refused_write_is_recorded_as_a_denied_access(world):
    response = api_client(world.personas.officer).patch(
        _url(world), {"version": 1, "progress": "代填"}, format="json"
    )
    assert response.status_code == 403
    denied = AuditEvent.objects.get(type=EventType.ACCESS_DENIED)
    assert (denied.actor, denied.via, denied.outcome) == ("duchashi", "api", Outcome.DENIED)
    assert denied.detail["path"] == _url(world) and denied.detail["method"] == "PATCH"
    assert Entry.objects.get(pk=world.mine.pk).percent is None


def test_session_authentication_works_for_the_pages_scripts_with_the_csrf_token(world):
    from rest_framework.test import APIClient

    client = APIClient(SERVER_NAME="localhost", enforce_csrf_checks=True)
    client.force_login(world.personas.reporter)
    assert client.get(_url(world)).status_code == 200
    body = {"version": 1, "progress": "网页填报", "self_status": "on_schedule"}
    refused = client.patch(_url(world), body, format="json")
    assert refused.status_code == 403
    assert refused.json()["detail"].startswith("CSRF 校验失败")
    client.get("/api/docs/?script=")  # a page with a form (here the API docs' script) sets the CSRF cookie
    token = client.cookies["csrftoken"].value
    accepted = client.patch(_url(world), body, format="json", HTTP_X_CSRFTOKEN=token)
    assert accepted.status_code == 200, accepted.json()
    assert Entry.objects.get(pk=world.mine.pk).progress == "网页填报"
