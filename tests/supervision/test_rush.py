"""The month-end rush in miniature: reporters submitting at the same moment, from threads of their own.

Every submission is stored with its own text, once; none is lost to another's transaction.
"""

from __future__ import annotations

import threading
from dataclasses import replace
from decimal import Decimal

import pytest
from django.db import connection

from duban.accounts.models import User
from duban.actors import Actor, Via
from duban.audit.models import Event
from duban.benchdata.scale import SCALES, generate_scale
from duban.supervision.models import Entry
from duban.supervision.services.entries import Report, submit_entry

pytestmark = pytest.mark.django_db(transaction=True)
SMALL = replace(SCALES["city"], name="small", counties=1, tasks=30, indicators=0, rounds=2, notices=0)
REPORTERS = 8


@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="the test database of SQLite is in memory with a shared cache, which refuses concurrent writers "
    "outright instead of waiting; the rush bench runs SQLite on a file (WAL, busy timeout), as duban does",
)
def test_reporters_submitting_at_once_are_each_stored_once():
    generate_scale(SMALL, 13)
    pairs = []
    for user in User.objects.filter(role="reporter").order_by("pk"):
        entry = (
            Entry.objects.filter(
                round__state="open",
                state__in=("empty", "draft"),
                item__units__duty="lead",
                item__units__unit__in=user.units.all(),
            )
            .exclude(pk__in=[e.pk for _, e in pairs])
            .order_by("pk")
            .first()
        )
        if entry is not None:
            pairs.append((user, entry))
        if len(pairs) == REPORTERS:
            break
    assert len(pairs) == REPORTERS
    start = threading.Barrier(REPORTERS)
    errors: list[BaseException] = []

    def report(user: User, entry: Entry) -> None:
        try:
            start.wait()
            text = f"{user.username}：已完成年度目标任务的一半"
            submit_entry(Actor.of_user(user, Via.API), entry, Report(text, "on_schedule", Decimal(50)))
        except BaseException as exc:  # noqa: BLE001 — reported below, in the test's thread
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=report, args=pair) for pair in pairs]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    for user, entry in pairs:
        entry.refresh_from_db()
        assert entry.state == "submitted"
        assert entry.progress == f"{user.username}：已完成年度目标任务的一半"
        assert Event.objects.filter(type="entry.submit", object_id=str(entry.pk)).count() == 1
