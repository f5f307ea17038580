"""A city's office sees every county below it side by side, drills down, and writes nothing there."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from duban.supervision.choices import EntryState, ListKind, Status
from duban.supervision.dashboard import comparison
from duban.supervision.models import Entry, Round
from tests.supervision.boards import county, county_list, upper_office

LEVELS = [Status.COMPLETED, Status.ON_SCHEDULE, Status.LAGGING, ""]


@pytest.fixture
def city(personas):
    """岳阳市's office above 云溪区 (the sample) and 岳阳楼区 (five indicators)."""
    yueyanglou = county("岳阳楼区")
    county_list(yueyanglou, 5)
    return upper_office("shi-duchashi")


def _counts(region) -> list[int]:
    """The latest indicator round of the region, counted here from its entries."""
    rnd = Round.objects.filter(task_list__region=region, task_list__kind=ListKind.INDICATORS).latest("as_of")
    found = Counter(e.status or e.status_text for e in Entry.objects.filter(round=rnd))
    return [found[k] for k in LEVELS]


def test_the_city_sees_both_districts_side_by_side(client, city, personas):
    found = comparison(city, ListKind.INDICATORS, None)
    assert [row.region.county for row in found.rows] == ["云溪区", "岳阳楼区"]
    for row in found.rows:
        assert [row.count_of(k) for k in LEVELS] == _counts(row.region)
    yunxi = found.rows[0]
    assert [yunxi.count_of(k) for k in LEVELS] == [15, 31, 0, 0]  # the sample bulletin's 46件
    client.force_login(city)
    html = client.get(reverse("supervision:regions") + "?kind=indicators").content.decode()
    assert (
        'data-chart="chart-regions"' in html
        and "湖南省岳阳市云溪区" in html
        and "湖南省岳阳市岳阳楼区" in html
    )


def test_the_aggregate_is_the_sum_of_the_districts(city):
    found = comparison(city, ListKind.INDICATORS, None)
    overall = {s.key: s.count for s in found.overall[ListKind.INDICATORS]}
    for k in LEVELS:
        assert overall.get(k, 0) == sum(row.count_of(k) for row in found.rows)
    assert sum(overall.values()) == 46 + 5
    # The tasks are the sample's alone: 7, 64, 9 of 80.
    tasks = {s.key: s.count for s in found.overall[ListKind.TASKS]}
    assert [tasks[k] for k in LEVELS[:3]] == [7, 64, 9]


def test_the_city_drills_down_to_a_districts_items(client, city, personas):
    client.force_login(city)
    yunxi = personas.officer.region
    html = client.get(reverse("supervision:region", args=[yunxi.pk])).content.decode()
    rounds = Round.objects.filter(task_list__region=yunxi)
    for rnd in rounds:
        assert reverse("supervision:round_dashboard", args=[rnd.pk]) in html
    lagging = Entry.objects.filter(round__task_list__region=yunxi, status=Status.LAGGING)
    assert len(re.findall(r'href="/items/\d+/"', html)) == lagging.count() == 9
    board = client.get(reverse("supervision:round_dashboard", args=[rounds.first().pk])).content.decode()
    assert "只读" in board


def test_the_city_cannot_write_a_districts_entries(client, city, personas):
    entry = Entry.objects.filter(
        round__task_list__region=personas.officer.region, status=Status.LAGGING
    ).first()
    Entry.objects.filter(pk=entry.pk).update(state=EntryState.SUBMITTED)
    client.force_login(city)
    url = reverse("supervision:review_entry", args=[entry.pk])
    shown = client.get(url)
    returned = client.post(url, {"return": "1", "return-comment": "市里要求补充"})
    accepted = client.post(url, {"decide-status": Status.COMPLETED, "decide-reason": "市里改判"})
    # The district's office reviews its own entries: the city gets no review form, and no write.
    for response in (shown, returned, accepted):
        assert response.status_code == 403 and "督查室审核" in response.content.decode()
    assert entry.pk not in [e.pk for e in client.get(reverse("supervision:review")).context["page"]]
    after = Entry.objects.get(pk=entry.pk)
    assert (after.state, after.status, after.review_comment) == (EntryState.SUBMITTED, Status.LAGGING, "")


@pytest.mark.parametrize("persona", ["officer", "leader", "reporter"])
def test_a_district_has_no_regions_view(client, personas, persona):
    client.force_login(getattr(personas, persona))
    assert client.get(reverse("supervision:regions")).status_code == 403


def test_a_district_office_cannot_drill_into_a_neighbour(client, city, personas):
    client.force_login(personas.officer)
    other = county("岳阳楼区")
    assert client.get(reverse("supervision:region", args=[other.pk])).status_code == 403
    rnd = Round.objects.get(task_list__region=other)
    assert client.get(reverse("supervision:round_dashboard", args=[rnd.pk])).status_code == 404


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_the_regions_page_costs_the_same_for_2_and_for_4_districts(client, city):
    client.force_login(city)
    url = reverse("supervision:regions") + "?kind=indicators"
    two = _queries(client, url)
    for name in ("君山区", "华容县"):
        county_list(county(name), 12)
    four = _queries(client, url)
    assert two == four <= 20
    assert len(comparison(city, ListKind.INDICATORS, None).rows) == 4


def test_the_drill_down_costs_the_same_for_5_and_for_50_items(client, city):
    small, large = county("君山区"), county("华容县")
    county_list(small, 5)
    county_list(large, 50)
    client.force_login(city)
    few = _queries(client, reverse("supervision:region", args=[small.pk]))
    many = _queries(client, reverse("supervision:region", args=[large.pk]))
    assert few == many <= 20
    index = _queries(client, reverse("supervision:dashboards"))
    assert index <= 20
