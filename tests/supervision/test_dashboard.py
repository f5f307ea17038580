"""The round dashboard: the bulletin's numbers, units and lights, what is open — seen by each persona."""

from __future__ import annotations

import html as html_lib
import json
import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from duban.supervision.bulletin import statistics
from duban.supervision.checks import check_round
from duban.supervision.choices import EntryState, ListKind, Status
from duban.supervision.dashboard import round_dashboard
from duban.supervision.models import Entry, ExtensionRequest, Instruction, Round, TaskList
from duban.supervision.services import Report, open_round, request_extension, submit_entry
from tests.registry_fixtures import OPERATOR
from tests.supervision.boards import county_list

ROW = re.compile(
    r'<tr data-key="([^"]*)"><td[^>]*>([^<]+)</td><td[^>]*>(\d+)</td><td[^>]*>([\d.]+)%</td></tr>'
)


def _distribution(html: str) -> list[tuple[str, str, int, str]]:
    table = html[html.index('id="table-distribution"') :]
    table = table[: table.index("</table>")]
    return [(k, label, int(n), share) for k, label, n, share in ROW.findall(table)]


def _sentence_numbers(sentence: str) -> list[tuple[int, str]]:
    """(count, share) pairs as the bulletin's count sentence writes them: "…的7项，占8.8%"."""
    return [(int(n), share) for n, share in re.findall(r"的(\d+)[项件]，占([\d.]+)%", sentence)]


@pytest.fixture
def tasks_round(imported) -> Round:
    return Round.objects.get(task_list__kind=ListKind.TASKS)


def test_the_dashboard_shows_the_bulletins_three_numbers(client, personas, tasks_round):
    client.force_login(personas.officer)
    html = client.get(reverse("supervision:round_dashboard", args=[tasks_round.pk])).content.decode()
    rows = _distribution(html)
    # The sample bulletin: 80项目标任务中，已完成…7项，占8.8%；…64项，占80%；…9项，占11.2%。
    assert rows == [
        ("completed", "基本完成", 7, "8.8"),
        ("on_schedule", "常态化或按时序推进", 64, "80"),
        ("lagging", "相对滞后", 9, "11.2"),
    ]
    sentence = statistics([tasks_round])
    assert [(n, s) for _, _, n, s in rows] == _sentence_numbers(next(iter(sentence.values())))


def test_the_indicator_dashboard_equals_the_bulletin_after_a_change(client, personas, imported):
    rnd = Round.objects.get(task_list__kind=ListKind.INDICATORS)
    Entry.objects.filter(round=rnd, item__seq__in=[1, 2]).update(status=Status.LAGGING)
    client.force_login(personas.officer)
    html = client.get(reverse("supervision:round_dashboard", args=[rnd.pk])).content.decode()
    sentence = statistics([Round.objects.get(pk=rnd.pk)])
    overall = next(iter(sentence.values())).split("其中")[0]
    assert [(n, s) for _, _, n, s in _distribution(html)] == _sentence_numbers(overall)
    assert sum(n for _, _, n, _ in _distribution(html)) == 46


def test_the_chart_is_drawn_from_the_tables_numbers(client, personas, tasks_round):
    client.force_login(personas.officer)
    html = client.get(reverse("supervision:round_dashboard", args=[tasks_round.pk])).content.decode()
    option = json.loads(
        html_lib.unescape(
            re.search(
                r'id="chart-distribution-canvas" data-chart="chart-distribution" data-chart-option="([^"]*)"',
                html,
            )[1]
        )
    )
    assert [(d["name"], d["value"]) for d in option["series"][0]["data"]] == [
        ("基本完成", 7),
        ("常态化或按时序推进", 64),
        ("相对滞后", 9),
    ]
    assert 'data-chart="chart-distribution"' in html and "<script>" not in html


def test_the_flags_are_the_round_checks_flags(personas, tasks_round):
    board = round_dashboard(personas.officer, tasks_round, date(2024, 7, 10))
    assert [f.entry_id for f in board.flags] == [f.entry_id for f in check_round(tasks_round).flags]
    assert [e.item.seq for e in board.lagging] == sorted(
        Entry.objects.filter(round=tasks_round, status=Status.LAGGING).values_list("item__seq", flat=True)
    )


@pytest.fixture
def july(personas) -> Round:
    """The July round of the indicators, open, due in a week; 区民政局 has submitted one entry."""
    rnd = open_round(
        OPERATOR,
        TaskList.objects.get(kind=ListKind.INDICATORS),
        period="2024年1-7月",
        as_of=date(2024, 7, 31),
        deadline=timezone.localdate() + timedelta(days=7),
    )
    entry = Entry.objects.get(round=rnd, item__text="建设老年助餐服务点")
    submit_entry(
        personas.actor(personas.head),
        entry,
        Report(progress="已建成3个助餐点（民政草稿）", self_status="on_schedule", percent=Decimal(75)),
    )
    return rnd


def test_open_instructions_and_pending_extensions_are_listed_with_their_age(client, personas, july):
    entry = Entry.objects.get(round=july, item__text="建设老年助餐服务点")
    old = Instruction.objects.create(item=entry.item, round=july, author=personas.leader, text="请倒排工期")
    Instruction.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=9))
    request_extension(
        personas.actor(personas.reporter),
        Entry.objects.get(pk=entry.pk),
        until=july.deadline + timedelta(days=10),
        reason="设备未到货",
    )
    client.force_login(personas.officer)
    html = client.get(reverse("supervision:round_dashboard", args=[july.pk])).content.decode()
    instructions = html[html.index('id="table-instructions"') :].split("</table>")[0]
    assert "请倒排工期" in instructions and "9天" in instructions
    extensions = html[html.index('id="table-extensions"') :].split("</table>")[0]
    assert "设备未到货" in extensions
    assert ExtensionRequest.objects.count() == 1


def test_units_are_split_into_submitted_and_not_yet_submitted(personas, july):
    board = round_dashboard(personas.officer, july, timezone.localdate())
    assert board.submitted_units == [] and "区民政局" in {u.name for u in board.pending_units}
    minzheng = next(u for u in board.units if u.name == "区民政局")
    assert minzheng.reported == 1 and minzheng.total > 1


def test_a_unit_sees_no_other_units_unpublished_report_through_the_dashboard(client, personas, july):
    client.force_login(personas.other_reporter)
    html = client.get(reverse("supervision:round_dashboard", args=[july.pk])).content.decode()
    assert "建设老年助餐服务点" not in html and "区民政局" not in html
    mine = Entry.objects.visible_to(personas.other_reporter).filter(round=july).count()
    assert sum(n for _, _, n, _ in _distribution(html)) == mine
    assert mine < Entry.objects.filter(round=july).count()
    # The unit's own head sees its report counted as reported.
    client.force_login(personas.head)
    own = client.get(reverse("supervision:round_dashboard", args=[july.pk])).content.decode()
    assert "区民政局" in own


def test_the_leader_sees_accepted_reports_only(personas, july):
    board = round_dashboard(personas.leader, july, timezone.localdate())
    assert board.entries == []
    entry = Entry.objects.get(round=july, item__text="建设老年助餐服务点")
    Entry.objects.filter(pk=entry.pk).update(state=EntryState.ACCEPTED, status=Status.ON_SCHEDULE)
    board = round_dashboard(personas.leader, july, timezone.localdate())
    assert [e.pk for e in board.entries] == [entry.pk]


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("officer", 200), ("leader", 200), ("reporter", 200), ("other_reporter", 200), ("admin", 403)],
)
def test_who_opens_the_dashboards(client, personas, tasks_round, persona, expected):
    client.force_login(getattr(personas, persona))
    for url in (
        reverse("supervision:dashboards"),
        reverse("supervision:round_dashboard", args=[tasks_round.pk]),
        reverse("supervision:trends", args=[tasks_round.task_list_id]),
    ):
        assert client.get(url).status_code == expected, url


def test_the_round_page_and_the_homes_link_to_the_dashboard(client, personas, july):
    url = reverse("supervision:round_dashboard", args=[july.pk])
    client.force_login(personas.officer)
    assert url in client.get(reverse("supervision:round", args=[july.pk])).content.decode()
    assert url in client.get(reverse("supervision:office_home")).content.decode()
    client.force_login(personas.leader)
    assert url in client.get(reverse("supervision:leader_home")).content.decode()


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_the_dashboard_costs_the_same_queries_for_5_and_for_50_items(client, personas):
    region = personas.officer.region
    small, [small_round] = county_list(region, 5, author=personas.leader, title="小清单")
    large, [large_round] = county_list(region, 50, author=personas.leader, title="大清单")
    client.force_login(personas.officer)
    url = "supervision:round_dashboard"
    few = _queries(client, reverse(url, args=[small_round.pk]))
    many = _queries(client, reverse(url, args=[large_round.pk]))
    assert few == many <= 20
    assert Instruction.objects.filter(item__task_list=large).count() == 10
