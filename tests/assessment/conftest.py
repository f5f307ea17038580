"""A small year in the sample's region (2025, so the sample's 2024 rounds stay out of it).

Three units — 区民政局 (A), 区财政局 (B), 区卫生健康局 (C) — and four items of one list:

| item | leads | 完成时限 | 1-3月 (published) | 1-6月 (published) | 1-9月 (closed) |
|---|---|---|---|---|---|
| 1 | A | 6月底 | on schedule, on time | completed, on time | completed, on time |
| 2 | B | — | lagging, 3 days late | lagging, returned twice | never reported |
| 3 | C | 3月底 | on schedule, on time | on schedule, late but extended | completed |
| 4 | A, B | 9月30日前 | lagging, on time | returned once, 2 days late | completed |

A fourth round (1-12月) is still open and counts for nothing. 领导批示: on item 2 given 4月10日,
answered 7月8日 (due 7月5日: late); on item 4 answered in time; on item 3 given 8月1日 and never
answered (due 10月5日: late by the assessment day, 2025-12-20); on item 1 given 11月1日, due with the
open round in January: not yet late.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import pytest
from django.utils import timezone

from duban.accounts.models import User
from duban.supervision.choices import Duty, EntryState, ExtensionState, ListKind, RoundState, Status
from duban.supervision.models import Entry, ExtensionRequest, Instruction, Item, ItemUnit, Round, TaskList
from duban.units.models import Region, Unit

TODAY = date(2025, 12, 20)


def at(month: int, day: int, year: int = 2025) -> datetime:
    return timezone.make_aware(datetime(year, month, day, 10, 0))


@dataclass
class Year:
    region: Region
    task_list: TaskList
    a: Unit
    b: Unit
    c: Unit
    items: list[Item]
    rounds: list[Round]


def _unit(region: Region, name: str) -> Unit:
    return Unit.objects.get(region=region, name=name, parent__isnull=True)


def add_entry(
    rnd: Round,
    item: Item,
    status: str,
    *,
    reported: datetime | None,
    returns: int = 0,
    state: str = EntryState.ACCEPTED,
) -> Entry:
    return Entry.objects.create(
        round=rnd,
        item=item,
        state=state if reported or state != EntryState.ACCEPTED else EntryState.EMPTY,
        status=status,
        progress="推进中" if reported else "",
        first_reported_at=reported,
        submitted_at=reported,
        returns=returns,
    )


def build_year(region: Region, leader: User) -> Year:
    a, b, c = (_unit(region, n) for n in ("区民政局", "区财政局", "区卫生健康局"))
    task_list = TaskList.objects.create(region=region, kind=ListKind.TASKS, title="2025年重点工作", year=2025)
    items = []
    for n, (deadline, leads) in enumerate(
        [("6月底", [a]), ("", [b]), ("3月底", [c]), ("9月30日前", [a, b])], start=1
    ):
        item = Item.objects.create(
            task_list=task_list, order=n, seq=n, text=f"重点工作{n}", deadline_text=deadline
        )
        for unit in leads:
            ItemUnit.objects.create(item=item, duty=Duty.LEAD, as_written=unit.name, unit=unit)
        items.append(item)
    ItemUnit.objects.create(item=items[2], duty=Duty.RELATED, as_written=a.name, unit=a)  # not scored
    rounds = [
        Round.objects.create(task_list=task_list, period=p, as_of=as_of, deadline=dl, state=s)
        for p, as_of, dl, s in [
            ("2025年1-3月", date(2025, 3, 31), date(2025, 4, 5), RoundState.PUBLISHED),
            ("2025年1-6月", date(2025, 6, 30), date(2025, 7, 5), RoundState.PUBLISHED),
            ("2025年1-9月", date(2025, 9, 30), date(2025, 10, 5), RoundState.CLOSED),
            ("2025年1-12月", date(2025, 12, 31), date(2026, 1, 5), RoundState.OPEN),
        ]
    ]
    r1, r2, r3, r4 = rounds
    i1, i2, i3, i4 = items
    on, lag, done = Status.ON_SCHEDULE, Status.LAGGING, Status.COMPLETED
    add_entry(r1, i1, on, reported=at(4, 3))
    add_entry(r2, i1, done, reported=at(7, 1))
    add_entry(r3, i1, done, reported=at(10, 5))
    add_entry(r1, i2, lag, reported=at(4, 8))
    add_entry(r2, i2, lag, reported=at(7, 2), returns=2)
    add_entry(r3, i2, "", reported=None, state=EntryState.DRAFT)
    add_entry(r1, i3, on, reported=at(4, 1))
    extended = add_entry(r2, i3, on, reported=at(7, 7))
    add_entry(r3, i3, done, reported=at(9, 30))
    add_entry(r1, i4, lag, reported=at(4, 5))
    add_entry(r2, i4, on, reported=at(7, 7), returns=1)
    add_entry(r3, i4, done, reported=at(10, 1))
    add_entry(r4, i2, lag, reported=at(12, 1), returns=3)  # open round: not counted
    ExtensionRequest.objects.create(
        entry=extended,
        requested_by=leader,
        reason="数据待统计",
        until=date(2025, 7, 10),
        state=ExtensionState.APPROVED,
        decided_at=at(7, 3),
    )
    for item, given, answered in [
        (i2, at(4, 10), at(7, 8)),
        (i4, at(5, 1), at(6, 20)),
        (i3, at(8, 1), None),
        (i1, at(11, 1), None),
    ]:
        instruction = Instruction.objects.create(
            item=item, author=leader, text="请加快进度", answered_at=answered
        )
        Instruction.objects.filter(pk=instruction.pk).update(created_at=given)
    return Year(region, task_list, a, b, c, items, rounds)


def grow(year: Year, n: int) -> None:
    """More items, entries and instructions of the same kinds (the data grows, the queries must not)."""
    for k in range(n):
        item = year.task_list.items.create(order=10 + k, seq=10 + k, text=f"新增{k}", deadline_text="")
        ItemUnit.objects.create(item=item, duty="lead", as_written="x", unit=[year.a, year.b, year.c][k % 3])
        for rnd in year.rounds:
            add_entry(
                rnd,
                item,
                "lagging" if k % 2 else "completed",
                reported=at(rnd.as_of.month, 28),
                returns=k % 2,
            )
        ins = Instruction.objects.create(item=item, author=Instruction.objects.first().author, text="请推进")
        Instruction.objects.filter(pk=ins.pk).update(created_at=at(5, 1))


@pytest.fixture
def year(personas) -> Year:
    return build_year(personas.officer.region, personas.leader)
