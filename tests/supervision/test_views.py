"""The supervision pages, tried by every persona: who sees what, who may do what, and the loop end to end."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from duban.audit.models import Event as AuditEvent
from duban.supervision.choices import EntryState, ListKind, RoundState
from duban.supervision.models import Bulletin, Entry, ExtensionRequest, Instruction, Round, TaskList
from duban.supervision.services import open_round
from tests.registry_fixtures import OPERATOR

PERSONAS = ["officer", "reporter", "head", "other_reporter", "leader", "admin"]


@pytest.fixture
def july(personas) -> dict[str, Round]:
    """The July rounds of both lists, open, due in a week."""
    rounds = {}
    for kind in (ListKind.TASKS, ListKind.INDICATORS):
        rounds[kind] = open_round(
            OPERATOR,
            TaskList.objects.get(kind=kind),
            period="2024年1-7月",
            as_of=date(2024, 7, 31),
            deadline=timezone.localdate() + timedelta(days=7),
        )
    return rounds


def _elderly(july) -> Entry:
    """建设老年助餐服务点, led by 区民政局 (target 4个)."""
    return Entry.objects.get(round=july[ListKind.INDICATORS], item__text="建设老年助餐服务点")


def _status(client, user, url: str, method: str = "get", data: dict | None = None) -> int:
    client.force_login(user)
    response = getattr(client, method)(url, data or {})
    client.logout()
    return response.status_code


# Each page: the expected status for officer, reporter, head, other_reporter, leader, admin.
PAGES = {
    "office_home": ("supervision:office_home", [200, 403, 403, 403, 403, 403]),
    "leader_home": ("supervision:leader_home", [403, 403, 403, 403, 200, 403]),
    "lists": ("supervision:lists", [200, 200, 200, 200, 200, 200]),
    "rounds": ("supervision:rounds", [200, 200, 200, 200, 200, 200]),
    "my": ("supervision:my", [403, 200, 200, 200, 403, 403]),
    "review": ("supervision:review", [200, 403, 403, 403, 403, 403]),
    "bulletins": ("supervision:bulletins", [200, 200, 200, 200, 200, 200]),
    "instructions": ("supervision:instructions", [200, 200, 200, 200, 200, 200]),
    "extensions": ("supervision:extensions", [200, 200, 200, 200, 200, 200]),
    "round_new": ("supervision:round_new", [200, 403, 403, 403, 403, 403]),
    "list_new": ("supervision:list_new", [200, 403, 403, 403, 403, 403]),
    "form_upload": ("supervision:form_upload", [200, 200, 200, 200, 200, 200]),
}


@pytest.mark.parametrize("page", sorted(PAGES))
def test_every_persona_gets_the_pages_of_its_role(client, personas, july, page):
    name, expected = PAGES[page]
    got = [_status(client, getattr(personas, p), reverse(name)) for p in PERSONAS]
    assert got == expected


def test_object_pages_are_404_outside_the_users_view(client, personas, july):
    entry = _elderly(july)
    rnd = july[ListKind.INDICATORS]
    pages = {
        reverse("supervision:entry", args=[entry.pk]): [
            302,
            200,
            200,
            404,
            404,
            404,
        ],  # the office goes to review
        reverse("supervision:review_entry", args=[entry.pk]): [200, 403, 403, 403, 403, 403],
        reverse("supervision:round", args=[rnd.pk]): [200, 200, 200, 200, 200, 404],
        reverse("supervision:list", args=[rnd.task_list_id]): [200, 200, 200, 200, 200, 404],
        reverse("supervision:item", args=[entry.item_id]): [200, 200, 200, 200, 200, 404],
        reverse("supervision:item_edit", args=[entry.item_id]): [200, 403, 403, 403, 403, 404],
        reverse("supervision:round_forms", args=[rnd.pk]): [200, 403, 403, 403, 403, 404],
        reverse("supervision:list_notice", args=[rnd.task_list_id]): [200, 403, 403, 403, 403, 404],
    }
    for url, expected in pages.items():
        assert [_status(client, getattr(personas, p), url) for p in PERSONAS] == expected, url


def test_writes_by_the_wrong_role_are_refused_and_change_nothing(client, personas, july):
    rnd = july[ListKind.TASKS]
    close = reverse("supervision:round_change", args=[rnd.pk, "close"])
    for user in (personas.leader, personas.reporter, personas.head):
        assert _status(client, user, close, "post") == 403
    assert Round.objects.get(pk=rnd.pk).state == RoundState.OPEN
    entry = _elderly(july)
    data = {"progress": "已建成3个。", "self_status": "on_schedule", "version": entry.version, "save": "1"}
    assert (
        _status(client, personas.other_reporter, reverse("supervision:entry", args=[entry.pk]), "post", data)
        == 404
    )
    assert (
        _status(client, personas.leader, reverse("supervision:entry", args=[entry.pk]), "post", data) == 404
    )
    entry.refresh_from_db()
    assert entry.progress == "" and entry.state == EntryState.EMPTY
    denied = AuditEvent.objects.filter(type__startswith="entry.").exclude(type="entry.create").count()
    assert denied == 0


def test_the_monthly_loop_in_pages(client, personas, july):
    entry = _elderly(july)
    url = reverse("supervision:entry", args=[entry.pk])
    client.force_login(personas.reporter)
    page = client.get(url)
    assert "建设老年助餐服务点" in page.content.decode() and "上期填报" in page.content.decode()
    response = client.post(
        url,
        {
            "progress": "已建成陆城、云溪等3个助餐点。",
            "percent": "75",
            "self_status": "on_schedule",
            "version": entry.version,
            "submit": "1",
        },
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert (entry.state, entry.percent) == (EntryState.AWAITING_HEAD, Decimal(75))

    client.force_login(personas.head)
    assert "待您审核的填报" in client.get(reverse("supervision:my")).content.decode()
    client.post(reverse("supervision:entry_approve", args=[entry.pk]), {"version": entry.version})
    entry.refresh_from_db()
    assert entry.state == EntryState.SUBMITTED

    client.force_login(personas.officer)
    assert "建设老年助餐服务点" in client.get(reverse("supervision:review")).content.decode()
    review = reverse("supervision:review_entry", args=[entry.pk])
    client.post(
        review, {"return": "1", "return-comment": "请写明各助餐点的名称和开放时间", "version": entry.version}
    )
    entry.refresh_from_db()
    assert entry.state == EntryState.RETURNED

    client.force_login(personas.reporter)
    page = client.get(url).content.decode()
    assert "请写明各助餐点的名称和开放时间" in page
    client.post(
        url,
        {
            "progress": "陆城、云溪、长岭3个助餐点已开放，每日11:00-13:00。",
            "percent": "75",
            "self_status": "on_schedule",
            "version": entry.version,
            "submit": "1",
        },
    )
    client.force_login(personas.head)
    entry.refresh_from_db()
    client.post(reverse("supervision:entry_approve", args=[entry.pk]), {"version": entry.version})

    client.force_login(personas.officer)
    entry.refresh_from_db()
    response = client.post(
        review, {"accept": "1", "decide-status": "", "decide-reason": "", "version": entry.version}
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.state == EntryState.ACCEPTED and entry.status == "on_schedule"

    client.force_login(personas.leader)
    client.post(
        reverse("supervision:instruct", args=[entry.item_id]),
        {"text": "助餐点要兼顾农村老人，9月底前再建1个。"},
    )
    [instruction] = Instruction.objects.filter(item_id=entry.item_id)
    assert instruction.is_open

    client.force_login(personas.officer)
    response = client.post(
        reverse("supervision:bulletin_new"), {"rounds": [july[ListKind.INDICATORS].pk], "title": ""}
    )
    bulletin = Bulletin.objects.filter(document__isnull=True).get()  # the imported one is the other
    assert response.status_code == 302
    index = next(i for i, s in enumerate(bulletin.sections) if s["heading"] == "二、存在问题")
    section = reverse("supervision:bulletin_section", args=[bulletin.pk, index])
    saved = client.post(section, {"text": "部分单位报送不及时。\n个别事项进度滞后。"}, HTTP_HX_REQUEST="true")
    assert "部分单位报送不及时。" in saved.content.decode()
    page = client.get(reverse("supervision:bulletin", args=[bulletin.pk])).content.decode()
    assert "部分单位报送不及时。" in page and "46件" in page  # the count sentence is recomputed
    word = client.get(reverse("supervision:bulletin_download", args=[bulletin.pk, "docx"]))
    assert word.status_code == 200 and word.content[:2] == b"PK"
    assert (
        client.post(reverse("supervision:bulletin_publish", args=[bulletin.pk])).status_code == 400
    )  # still open
    client.post(reverse("supervision:round_change", args=[july[ListKind.INDICATORS].pk, "close"]))
    client.post(reverse("supervision:bulletin_publish", args=[bulletin.pk]))
    bulletin.refresh_from_db()
    assert bulletin.published
    assert Round.objects.get(pk=july[ListKind.INDICATORS].pk).state == RoundState.PUBLISHED
    assert AuditEvent.objects.filter(type="export").exists()

    client.force_login(personas.other_reporter)
    assert (
        client.get(reverse("supervision:bulletin", args=[bulletin.pk])).status_code == 200
    )  # published: all read it


def test_a_unit_answers_the_instruction_with_its_next_report(client, personas, july):
    entry = _elderly(july)
    instruction = Instruction.objects.create(item=entry.item, author=personas.leader, text="抓紧推进")
    client.force_login(personas.reporter)
    url = reverse("supervision:entry", args=[entry.pk])
    refused = client.post(
        url,
        {"progress": "已建成3个。", "self_status": "on_schedule", "version": entry.version, "submit": "1"},
    )
    assert refused.status_code == 200 and "领导批示尚未答复" in refused.content.decode()
    client.post(
        url,
        {
            "progress": "已建成3个。",
            "self_status": "on_schedule",
            "version": entry.version,
            f"answer_{instruction.pk}": "已增派人员，8月底前再建1个。",
            "submit": "1",
        },
    )
    instruction.refresh_from_db()
    assert instruction.answer == "已增派人员，8月底前再建1个。" and not instruction.is_open


def test_an_extension_is_asked_decided_and_moves_the_light(client, personas, july):
    entry = _elderly(july)
    rnd = entry.round
    Round.objects.filter(pk=rnd.pk).update(deadline=timezone.localdate() - timedelta(days=1))
    client.force_login(personas.officer)
    page = client.get(reverse("supervision:round", args=[rnd.pk])).content.decode()
    assert "逾期未报送" in page
    client.force_login(personas.reporter)
    until = timezone.localdate() + timedelta(days=10)
    client.post(
        reverse("supervision:extension_new", args=[entry.pk]),
        {"until": until.isoformat(), "reason": "数据待民政厅下发"},
    )
    [request] = ExtensionRequest.objects.all()
    client.force_login(personas.officer)
    client.post(reverse("supervision:extension_decide", args=[request.pk]), {"approve": "1", "note": ""})
    request.refresh_from_db()
    assert request.state == "approved"
    from duban.supervision.lights import lights

    [(_, lit)] = lights(
        [Entry.objects.select_related("round", "item").get(pk=entry.pk)], timezone.localdate()
    ).items()
    assert lit.deadline == until and lit.light == "green"


def test_a_stale_form_shows_the_other_change_and_keeps_what_was_typed(client, personas, july):
    entry = _elderly(july)
    url = reverse("supervision:entry", args=[entry.pk])
    client.force_login(personas.head)
    client.post(
        url,
        {
            "progress": "负责人先填了2个。",
            "self_status": "on_schedule",
            "version": entry.version,
            "save": "1",
        },
    )
    client.force_login(personas.reporter)
    response = client.post(
        url, {"progress": "我填的3个。", "self_status": "on_schedule", "version": entry.version, "save": "1"}
    )
    text = response.content.decode()
    assert (
        response.status_code == 200
        and "已被他人修改" in text
        and "负责人先填了2个。" in text
        and "我填的3个。" in text
    )
    entry.refresh_from_db()
    assert entry.progress == "负责人先填了2个。"


LIST_PAGES = [
    "round",
    "review",
    "my",
    "list",
    "lists",
    "rounds",
    "instructions",
    "extensions",
    "bulletins",
    "office",
]


@pytest.mark.parametrize("name", LIST_PAGES)
def test_list_pages_use_the_same_queries_for_10_and_1000_items(client, personas, name):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from duban.supervision.choices import Duty
    from duban.supervision.models import Item, ItemUnit
    from duban.units.models import Unit

    unit = Unit.objects.get(name="区民政局")
    counts = []
    for n in (10, 1000):
        task_list = TaskList.objects.create(
            region=unit.region, kind=ListKind.TASKS, title=f"测试清单{n}", year=2024
        )
        items = Item.objects.bulk_create(
            Item(task_list=task_list, order=i, seq=i, text=f"任务{i}") for i in range(1, n + 1)
        )
        ItemUnit.objects.bulk_create(
            ItemUnit(item=it, duty=Duty.LEAD, unit=unit, as_written="区民政局") for it in items
        )
        rnd = open_round(
            OPERATOR, task_list, period="7月", as_of=date(2024, 7, 31), deadline=date(2024, 8, 5)
        )
        Entry.objects.filter(round=rnd).update(
            state=EntryState.SUBMITTED, submitted_at=timezone.now(), progress="x"
        )
        # As many instructions and extension requests as items, so the follow-up lists grow too.
        entries = list(Entry.objects.filter(round=rnd))
        Instruction.objects.bulk_create(
            Instruction(item=e.item, author=personas.leader, text="抓紧") for e in entries
        )
        ExtensionRequest.objects.bulk_create(
            ExtensionRequest(entry=e, requested_by=personas.reporter, reason="r", until=date(2024, 9, 1))
            for e in entries
        )
        user = personas.reporter if name == "my" else personas.officer
        client.force_login(user)
        url = {
            "round": reverse("supervision:round", args=[rnd.pk]),
            "review": reverse("supervision:review") + f"?round={rnd.pk}",
            "my": reverse("supervision:my"),
            "list": reverse("supervision:list", args=[task_list.pk]),
            "lists": reverse("supervision:lists"),
            "rounds": reverse("supervision:rounds"),
            "instructions": reverse("supervision:instructions"),
            "extensions": reverse("supervision:extensions"),
            "bulletins": reverse("supervision:bulletins"),
            "office": reverse("supervision:office_home"),
        }[name]
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
        Round.objects.filter(pk=rnd.pk).update(state=RoundState.CLOSED)  # the next size's round alone is open
    assert counts[0] == counts[1], counts
