"""A July round of the imported 目标任务 list, due on 5 August 2024, and helpers to report into it."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from django.utils import timezone

from duban.supervision.choices import ListKind
from duban.supervision.models import Entry, Round, TaskList
from duban.units.models import Region, Unit
from duban.units.services import search_units
from tests.registry_fixtures import open_round_as_operator as open_round

DEADLINE = date(2024, 8, 5)


@pytest.fixture
def july(imported) -> Round:  # type: ignore[no-untyped-def]
    """The round after the imported half-year bulletin: as of 31 July, reports due 5 August."""
    tasks = TaskList.objects.get(kind=ListKind.TASKS)
    return open_round(tasks, period="2024年1-7月", as_of=date(2024, 7, 31), deadline=DEADLINE, tolerance=None)


def unit(name: str) -> Unit:
    """A unit of the sample's region by any of its names."""
    [found] = search_units(Region.objects.get(county="云溪区"), name)
    return found


def report(rnd: Round, seq: int, status: str) -> None:
    """The lead unit submits item `seq` and the office rates it."""
    entry = Entry.objects.get(round=rnd, item__seq=seq)
    entry.status = status
    entry.self_status = status
    entry.submitted_at = timezone.make_aware(datetime(2024, 8, 1, 9, 0))
    entry.save()
