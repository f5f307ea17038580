"""The benchmark's data generator: the same seed gives the same rows, and the rows make sense."""

from __future__ import annotations

from dataclasses import replace

import pytest
from django.db import transaction

from duban.accounts.models import User
from duban.benchdata.scale import SCALES, divisions, generate_scale
from duban.personnel.models import Event, Tenure
from duban.roles import Role
from duban.supervision.models import Entry, Item, Round, TaskList
from duban.units.models import Region

pytestmark = pytest.mark.django_db
TINY = replace(SCALES["city"], name="tiny", counties=2, tasks=6, indicators=3, rounds=3, notices=2)


class _Undo(Exception):
    pass


def _rows() -> list[tuple[object, ...]]:
    return [
        *TaskList.objects.order_by("region__county", "kind").values_list("region__county", "kind", "title"),
        *Item.objects.order_by("task_list__region__county", "task_list__kind", "order").values_list(
            "text", "target_text", "category", "leader", "units__unit__name", "units__duty"
        ),
        *Entry.objects.order_by(
            "round__task_list__region__county", "round__task_list__kind", "round__as_of", "item__order"
        ).values_list("round__period", "round__state", "state", "progress", "percent", "status"),
        *User.objects.order_by("username").values_list("username", "role", "region__county", "units__name"),
        *Event.objects.order_by("document__region__county", "document__number", "order").values_list(
            "person__name", "action", "post__name", "date"
        ),
    ]


def _generated(seed: int) -> list[tuple[object, ...]]:
    try:
        with transaction.atomic():
            generate_scale(TINY, seed)
            rows = _rows()
            raise _Undo
    except _Undo:
        return rows


def test_the_same_seed_gives_the_same_rows_and_another_seed_others():
    first = _generated(13)
    assert len(first) > 100
    assert _generated(13) == first
    assert _generated(14) != first


def test_the_rows_are_consistent_for_every_role():
    out = generate_scale(TINY, 13)
    a, b = (Region.objects.get(county=d.county) for d in divisions(TINY))
    assert (out.regions, out.items, out.rounds) == (2, 2 * 9, 2 * 2 * 3)
    assert out.entries == Entry.objects.count() == 2 * 9 * 3
    assert Round.objects.filter(state="open").count() == 4  # the last round of each list
    assert Event.objects.exists() and Tenure.objects.exists()
    office = User.objects.get(role=Role.OFFICE, region=a)
    assert set(Entry.objects.visible_to(office).values_list("round__task_list__region", flat=True)) == {a.pk}
    assert Entry.objects.visible_to(office).count() == 27
    reporter = User.objects.filter(role=Role.REPORTER, region=b, units__item_links__duty="lead").first()
    assert reporter is not None
    own = Entry.objects.visible_to(reporter).exclude(round__state="published")
    assert own.exists()
    assert set(own.values_list("item__units__unit", flat=True)) & set(
        reporter.units.values_list("pk", flat=True)
    )
    assert not Entry.objects.visible_to(reporter).filter(round__task_list__region=a).exists()
    assert generate_scale(TINY, 13).regions == 0  # generated already: nothing added
