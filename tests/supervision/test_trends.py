"""A list across the year's rounds, a unit's record, an item against the time elapsed — recomputed here."""

from __future__ import annotations

import html as html_lib
import re
from collections import Counter
from datetime import date, timedelta
from decimal import ROUND_HALF_EVEN, Decimal

import pytest
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from duban.supervision.choices import Duty, EntryState, ListKind, RoundState, Status
from duban.supervision.models import Entry, Item, ItemUnit, Round, TaskList
from duban.supervision.services import open_round
from duban.supervision.trends import list_trend, unit_record
from duban.units.choices import TOWN_KINDS, GroupRule
from duban.units.models import Unit
from tests.registry_fixtures import OPERATOR
from tests.supervision.boards import county, county_list, upper_office

LEVELS = [Status.COMPLETED, Status.ON_SCHEDULE, Status.LAGGING]


@pytest.fixture
def year(personas) -> list[Round]:
    """The sample's June round of the tasks and two later rounds (July, September) with set statuses."""
    tasks = TaskList.objects.get(kind=ListKind.TASKS)
    june = Round.objects.get(task_list=tasks)
    rounds = [june]
    for period, as_of, plan in (
        ("2024年1-7月", date(2024, 7, 31), [8, 64, 8]),
        ("2024年1-9月", date(2024, 9, 30), [16, 60, 4]),
    ):
        rnd = open_round(OPERATOR, tasks, period=period, as_of=as_of, deadline=as_of + timedelta(days=5))
        ids = list(Entry.objects.filter(round=rnd).order_by("item__order").values_list("pk", flat=True))
        start = 0
        for status, n in zip(LEVELS, plan, strict=True):
            Entry.objects.filter(pk__in=ids[start : start + n]).update(
                status=status, state=EntryState.ACCEPTED
            )
            start += n
        Round.objects.filter(pk=rnd.pk).update(state=RoundState.CLOSED)
        rounds.append(Round.objects.get(pk=rnd.pk))
    return rounds


def _shares(counts: list[int]) -> list[Decimal]:
    """Shares to one decimal, recomputed here (the chosen counts need no largest-remainder step)."""
    total = sum(counts)
    return [(Decimal(c) * 100 / total).quantize(Decimal("0.1"), rounding=ROUND_HALF_EVEN) for c in counts]


def test_the_lists_shares_across_three_rounds(personas, year):
    trend = list_trend(personas.officer, year[0].task_list)
    assert [rs.round.period for rs in trend.rounds] == ["2024年上半年", "2024年1-7月", "2024年1-9月"]
    for rs in trend.rounds:
        counts = Counter(Entry.objects.filter(round=rs.round).values_list("status", flat=True))
        expected = [counts[s] for s in LEVELS]
        assert [rs.count_of(s) for s in LEVELS] == expected
        if rs.round.period != "2024年上半年":  # the sample's own shares are the bulletin's (8.8/80/11.2)
            assert [rs.share_of(s) for s in LEVELS] == _shares(expected)
    assert [rs.share_of(Status.COMPLETED) for rs in trend.rounds] == [
        Decimal("8.8"),
        Decimal(10),
        Decimal(20),
    ]


def test_each_units_shares_count_the_items_it_leads(personas, year):
    trend = list_trend(personas.officer, year[0].task_list)
    unit = Unit.objects.get(name="区民政局", region=personas.officer.region)
    led = set(
        ItemUnit.objects.filter(item__task_list=year[0].task_list, duty=Duty.LEAD, unit=unit).values_list(
            "item_id", flat=True
        )
    )
    assert led
    found = next(u for u in trend.units if u.unit_id == unit.pk)
    for rs in found.rounds:
        counts = Counter(
            Entry.objects.filter(round=rs.round, item_id__in=led).values_list("status", flat=True)
        )
        assert [rs.count_of(s) for s in LEVELS] == [counts[s] for s in LEVELS]
        assert sum(s.count for s in rs.shares) == len(led)


def test_an_items_progress_against_the_time_elapsed(personas):
    task_list, rounds = county_list(
        personas.officer.region, 5, as_of=[date(2024, 3, 31), date(2024, 6, 30), date(2024, 9, 30)]
    )
    first = Item.objects.get(task_list=task_list, seq=1)
    for rnd, percent in zip(rounds, [Decimal(30), Decimal(45), Decimal(60)], strict=True):
        Entry.objects.filter(round=rnd, item=first).update(percent=percent, status=Status.ON_SCHEDULE)
    trend = list_trend(personas.officer, task_list)
    progress = next(i for i in trend.items if i.item.pk == first.pk)
    # Days elapsed, counted inclusively, of 2024's 366: 91, 182, 274.
    assert [p.elapsed for p in progress.points] == [Decimal("24.9"), Decimal("49.7"), Decimal("74.9")]
    assert [p.completion for p in progress.points] == [Decimal(30), Decimal(45), Decimal(60)]
    assert [p.behind for p in progress.points] == [False, True, True]
    assert first.pk in [i.item.pk for i in trend.behind]


def test_the_trends_page_draws_the_diagonal_and_the_items_points(client, personas):
    task_list, rounds = county_list(personas.officer.region, 5, as_of=[date(2024, 3, 31), date(2024, 6, 30)])
    client.force_login(personas.officer)
    first = Item.objects.get(task_list=task_list, seq=2)
    html = client.get(
        reverse("supervision:trends", args=[task_list.pk]) + f"?item={first.pk}"
    ).content.decode()
    assert "时间进度" in html and 'data-chart="chart-item"' in html and 'id="table-item"' in html
    assert '[["2024-01-01", 0], ["2024-12-31", 100]]' in html_lib.unescape(html)


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_the_trends_page_costs_the_same_for_5_items_in_1_round_and_50_in_3(client, personas):
    region = personas.officer.region
    small, _ = county_list(region, 5, title="小清单")
    large, _ = county_list(
        region, 50, title="大清单", as_of=[date(2024, 3, 31), date(2024, 6, 30), date(2024, 9, 30)]
    )
    client.force_login(personas.officer)
    few = _queries(client, reverse("supervision:trends", args=[small.pk]))
    many = _queries(client, reverse("supervision:trends", args=[large.pk]))
    assert few == many <= 20


# --- the unit page -------------------------------------------------------------------------------


def _plain_unit(region) -> Unit:
    """A department leading several tasks directly and answering for no group reference."""
    livelihood = ItemUnit.objects.filter(duty=Duty.LEAD, item__task_list__kind=ListKind.INDICATORS).values(
        "unit_id"
    )
    candidates = (
        Unit.objects.filter(region=region, item_links__duty=Duty.LEAD, groups__isnull=True)
        .exclude(kind__in=TOWN_KINDS)
        .exclude(pk__in=livelihood)
        .exclude(children__isnull=False)
        .annotate(n=Count("item_links"))
        .filter(n__gte=3)
        .order_by("-n", "name")
    )
    return candidates[0]


def test_the_unit_record_counts_on_time_late_returned_and_lagging(personas, year):
    unit = _plain_unit(personas.officer.region)
    july = year[1]
    led = list(
        Entry.objects.filter(round=july, item__units__unit=unit, item__units__duty=Duty.LEAD)
        .distinct()
        .order_by("item__order")
    )
    assert len(led) >= 2
    # One report came two days after the deadline and was returned once; another lags.
    Entry.objects.filter(pk=led[0].pk).update(
        submitted_at=timezone.make_aware(timezone.datetime(2024, 8, 7, 10)), review_comment="请补充数据"
    )
    Entry.objects.filter(pk=led[1].pk).update(status=Status.LAGGING)
    record = unit_record(personas.officer, unit, 2024)
    assert [r.round.pk for r in record.rounds] == [
        r.pk for r in year if Entry.objects.filter(round=r, item__in=[e.item_id for e in led]).exists()
    ]
    rec = next(r for r in record.rounds if r.round.pk == july.pk)
    entries = list(
        Entry.objects.filter(round=july, item__units__unit=unit, item__units__duty=Duty.LEAD).distinct()
    )
    assert rec.led == len(entries)
    assert rec.late == 1 and rec.returned == 1
    assert rec.lagging == sum(1 for e in entries if e.status == Status.LAGGING)
    assert rec.completed == sum(1 for e in entries if e.status == Status.COMPLETED)
    assert rec.on_schedule == sum(1 for e in entries if e.status == Status.ON_SCHEDULE)
    assert rec.on_time == sum(1 for e in entries if e.status) - 1
    assert rec.missing == sum(1 for e in entries if not e.status)
    assert record.rounds_returned == 1


def test_the_unit_page_loads_its_record_and_lists_exactly_its_responsibilities(client, personas):
    unit = Unit.objects.get(name="区民政局", region=personas.officer.region)
    client.force_login(personas.officer)
    page = client.get(reverse("units:unit", args=[unit.pk])).content.decode()
    assert reverse("supervision:unit_record", args=[unit.pk]) in page
    assert reverse("personnel:unit_leaders", args=[unit.pk]) in page
    section = client.get(reverse("personnel:unit_responsibilities", args=[unit.pk]), HTTP_HX_REQUEST="true")
    html = section.content.decode()
    shown = {int(pk) for pk in re.findall(r'href="/items/(\d+)/"', html)}
    direct = set(ItemUnit.objects.filter(unit=unit).values_list("item_id", flat=True))
    # 区民政局 leads 民生实事 indicators, so it answers for what is given to 各实事承办单位; it is in no
    # named group and is not a town.
    assert ItemUnit.objects.filter(
        unit=unit, duty=Duty.LEAD, item__task_list__kind=ListKind.INDICATORS
    ).exists()
    assert not unit.groups.exists() and unit.kind not in TOWN_KINDS
    via_groups = set(
        ItemUnit.objects.filter(
            group__rule=GroupRule.LIVELIHOOD_LEADS, group__region=unit.region
        ).values_list("item_id", flat=True)
    )
    assert shown == direct | via_groups
    record = client.get(
        reverse("supervision:unit_record", args=[unit.pk]), HTTP_HX_REQUEST="true"
    ).content.decode()
    assert 'id="table-unit-record"' in record and "<html" not in record


def test_another_unit_sees_no_unpublished_round_in_a_units_record(client, personas, year):
    open_july = open_round(
        OPERATOR,
        TaskList.objects.get(kind=ListKind.INDICATORS),
        period="2024年1-10月",
        as_of=date(2024, 10, 31),
        deadline=date(2024, 11, 5),
    )
    unit = Unit.objects.get(name="区民政局", region=personas.officer.region)
    url = reverse("supervision:unit_record", args=[unit.pk])
    client.force_login(personas.officer)
    assert "2024年1-10月" in client.get(url).content.decode()
    client.force_login(personas.other_reporter)
    html = client.get(url).content.decode()
    assert "2024年1-10月" not in html and "2024年1-7月" not in html  # neither round is published
    assert open_july.pk


def test_the_unit_page_shows_its_current_leaders_from_the_cadre_register(client, personas):
    unit = Unit.objects.get(name="区民政局", region=personas.officer.region)
    client.force_login(personas.officer)
    html = client.get(
        reverse("personnel:unit_leaders", args=[unit.pk]), HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "吴金舟" in html and "区民政局副局长" in html  # appointed by 岳云政人〔2024〕3号


def test_the_unit_record_costs_the_same_for_5_and_for_50_items(client, personas):
    small_region, large_region = county("君山区"), county("华容县")
    dates = [date(2024, 3, 31), date(2024, 6, 30), date(2024, 9, 30)]
    county_list(small_region, 5)
    county_list(large_region, 50, as_of=dates)
    city = upper_office("shi")
    client.force_login(city)
    small = Unit.objects.get(region=small_region, name="区民政局")
    large = Unit.objects.get(region=large_region, name="区民政局")
    few = _queries(client, reverse("supervision:unit_record", args=[small.pk]))
    many = _queries(client, reverse("supervision:unit_record", args=[large.pk]))
    assert few == many <= 20


def test_a_quantified_items_page_links_to_its_progress_chart(client, personas):
    item = Item.objects.get(text="建设老年助餐服务点")
    client.force_login(personas.leader)
    html = client.get(reverse("supervision:item", args=[item.pk])).content.decode()
    assert f"{reverse('supervision:trends', args=[item.task_list_id])}?item={item.pk}" in html
    chart = client.get(
        f"{reverse('supervision:trends', args=[item.task_list_id])}?item={item.pk}"
    ).content.decode()
    assert f'<option value="{item.pk}" selected>第{item.seq}项 建设老年助餐服务点</option>' in chart
