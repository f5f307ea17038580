"""The office's and the leaders' pages cost the same queries after one month of rounds and after years."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from duban.supervision.choices import EntryState, RoundState, Status
from duban.supervision.models import Entry, Round, TaskList
from duban.supervision.views.rounds import ROUNDS_PAGE

PAGES = {
    "officer": ["supervision:office_home", "supervision:rounds", "supervision:review"],
    "leader": ["supervision:leader_home", "supervision:rounds"],
}


def _months(n: int, start: date) -> None:
    """n more published monthly rounds of every list, each with a report for every item."""
    for task_list in TaskList.objects.all():
        items = list(task_list.items.all())
        rounds = Round.objects.bulk_create(
            Round(
                task_list=task_list,
                period=f"第{k}期",
                as_of=start - timedelta(days=31 * k),
                state=RoundState.PUBLISHED,
            )
            for k in range(1, n + 1)
        )
        Entry.objects.bulk_create(
            Entry(
                round=rnd,
                item=item,
                state=EntryState.ACCEPTED,
                progress="已完成",
                self_status=Status.ON_SCHEDULE,
                status=Status.LAGGING if item.seq % 3 == 0 else Status.ON_SCHEDULE,
            )
            for rnd in rounds
            for item in items
        )


def _counts(client, personas) -> dict[str, int]:  # type: ignore[no-untyped-def]
    counts = {}
    for who, names in PAGES.items():
        client.force_login(getattr(personas, who))
        for name in names:
            client.get(reverse(name))  # the session and the caches warm
            with CaptureQueriesContext(connection) as ctx:
                response = client.get(reverse(name))
            assert response.status_code == 200, name
            counts[f"{who} {name}"] = len(ctx.captured_queries)
        client.logout()
    return counts


@pytest.mark.django_db
def test_the_home_pages_the_rounds_and_the_queue_cost_the_same_queries_for_years_of_rounds(
    client, personas, django_assert_max_num_queries
):
    _months(1, date(2023, 12, 31))
    few = _counts(client, personas)
    assert max(few.values()) <= 15
    _months(3 * 12, date(2022, 12, 31))  # three more years
    assert _counts(client, personas) == few
    client.force_login(personas.officer)
    with django_assert_max_num_queries(few["officer supervision:rounds"]):
        page = client.get(reverse("supervision:rounds"))
    # The newest rounds first, a page of them, and the way to the older ones.
    assert len(page.context["page"].object_list) == ROUNDS_PAGE
    assert "下一页" in page.content.decode()


@pytest.mark.django_db
def test_the_round_page_names_sub_units_with_one_more_query_not_one_a_link(client, personas):
    from duban.supervision.models import ItemUnit
    from duban.supervision.services import open_round
    from duban.units.choices import UnitKind
    from duban.units.models import Unit
    from tests.registry_fixtures import OPERATOR

    task_list = TaskList.objects.order_by("pk").first()
    assert task_list is not None
    rnd = open_round(OPERATOR, task_list, period="2024年1-7月", as_of=date(2024, 7, 31))
    client.force_login(personas.officer)
    urls = [
        reverse("supervision:round", args=[rnd.pk]),
        reverse("supervision:round_dashboard", args=[rnd.pk]),
    ]

    def counts() -> list[int]:
        out = []
        for url in urls:
            client.get(url)
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(url).status_code == 200
            out.append(len(ctx.captured_queries))
        return out

    flat = counts()
    # Every lead unit of the list becomes a 所 under a new 局: one query more for their parents.
    parent = Unit.objects.create(region=task_list.region, name="区新设局", kind=UnitKind.DEPARTMENT)
    leads = ItemUnit.objects.filter(item__task_list=task_list, duty="lead", unit__isnull=False)
    Unit.objects.filter(pk__in=leads.values("unit_id")).update(parent=parent, kind=UnitKind.SUBUNIT)
    assert counts() == [n + 1 for n in flat]
    assert "区新设局" in client.get(urls[0]).content.decode()


@pytest.mark.django_db
def test_the_list_page_costs_the_same_queries_for_a_hundred_more_items(client, personas):
    from duban.supervision.choices import Duty
    from duban.supervision.models import Item, ItemUnit
    from duban.units.models import Unit

    task_list = TaskList.objects.order_by("pk").first()
    assert task_list is not None
    url = reverse("supervision:list", args=[task_list.pk])
    client.force_login(personas.officer)

    def count() -> int:
        client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    few = count()
    unit = Unit.objects.get(name="区民政局")
    last = task_list.items.order_by("-order").first()
    start = (last.order if last else 0) + 1
    items = Item.objects.bulk_create(
        Item(task_list=task_list, order=start + k, seq=start + k, text=f"新增事项{k}") for k in range(100)
    )
    ItemUnit.objects.bulk_create(
        ItemUnit(item=item, duty=duty, as_written=f"{unit.name}（{duty}）", unit=unit)
        for item in items
        for duty in (Duty.LEAD, Duty.RELATED)
    )
    assert count() == few
    page = client.get(url).content.decode()
    assert (
        "新增事项99" in page and f"区民政局（{Duty.LEAD}）" in page and f"区民政局（{Duty.RELATED}）" in page
    )
