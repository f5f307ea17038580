"""Data for the dashboard tests: a county's list with rounds, built straight in the database.

`county_list` makes a list of `n` items led by the region's units, with one round per as-of date
and statuses that cycle through the three levels (and a missing report), so that pages can be
measured at two sizes with the same shape of data.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from duban.accounts.models import User
from duban.roles import Role
from duban.supervision.choices import Duty, EntryState, ExtensionState, ListKind, RoundState, Status
from duban.supervision.models import Entry, ExtensionRequest, Instruction, Item, ItemUnit, Round, TaskList
from duban.units.choices import UnitKind
from duban.units.models import Region, Unit

CYCLE = [Status.COMPLETED, Status.ON_SCHEDULE, Status.ON_SCHEDULE, Status.LAGGING, ""]


def county(name: str, province: str = "湖南省", city: str = "岳阳市") -> Region:
    region, _ = Region.objects.get_or_create(province=province, city=city, county=name)
    return region


def upper_office(username: str, province: str = "湖南省", city: str = "岳阳市") -> User:
    """The office of a city (or, with no city, a province): the region row above the counties."""
    region, _ = Region.objects.get_or_create(province=province, city=city, county="")
    return User.objects.create_user(
        username,
        password="x",
        role=Role.OFFICE,
        region=region,
        first_name="市督查室",
        must_change_password=False,  # past the first login: these tests are about the pages
    )


def county_list(
    region: Region,
    n: int,
    *,
    kind: str = ListKind.INDICATORS,
    as_of: list[date] | None = None,
    author: User | None = None,
    title: str = "重点民生实事",
) -> tuple[TaskList, list[Round]]:
    """A list of `n` quantified items led by units of the region, one closed round per date."""
    task_list = TaskList.objects.create(region=region, kind=kind, title=title, year=2024)
    units = [
        Unit.objects.get_or_create(
            region=region, name=f"{region.level}{name}局", defaults={"kind": UnitKind.DEPARTMENT}
        )[0]
        for name in ("民政", "教育", "交通")
    ]
    items = [
        Item.objects.create(
            task_list=task_list,
            order=i,
            seq=i,
            category="省级" if i % 2 else "市级",
            text=f"新建示范点{i}",
            target_text="10个",
            target_value=Decimal(10),
            target_unit="个",
        )
        for i in range(1, n + 1)
    ]
    ItemUnit.objects.bulk_create(
        [
            ItemUnit(item=item, duty=Duty.LEAD, unit=units[i % 3], as_written=units[i % 3].name)
            for i, item in enumerate(items)
        ]
        + [
            ItemUnit(
                item=item, duty=Duty.RELATED, unit=units[(i + 1) % 3], as_written=units[(i + 1) % 3].name
            )
            for i, item in enumerate(items)
        ]
    )
    rounds = []
    for r, day in enumerate(as_of or [date(2024, 6, 30)]):
        rnd = Round.objects.create(
            task_list=task_list, period=f"2024年1-{day.month}月", as_of=day, state=RoundState.CLOSED
        )
        Entry.objects.bulk_create(
            [
                Entry(
                    round=rnd,
                    item=item,
                    state=EntryState.ACCEPTED if CYCLE[(i + r) % 5] else EntryState.EMPTY,
                    status=CYCLE[(i + r) % 5],
                    progress="已推进" if CYCLE[(i + r) % 5] else "",
                    percent=Decimal(10 * ((i + r) % 10)) if CYCLE[(i + r) % 5] else None,
                )
                for i, item in enumerate(items)
            ]
        )
        rounds.append(rnd)
    if author is not None:
        # One open instruction and one pending extension for every five items.
        last = rounds[-1]
        entries = list(Entry.objects.filter(round=last).order_by("item__order"))
        Instruction.objects.bulk_create(
            [
                Instruction(item=e.item, round=last, author=author, text=f"请加快第{e.item.seq}项")
                for e in entries[::5]
            ]
        )
        ExtensionRequest.objects.bulk_create(
            [
                ExtensionRequest(
                    entry=e,
                    requested_by=author,
                    reason="施工期延长",
                    until=date(2024, 8, 31),
                    state=ExtensionState.PENDING,
                )
                for e in entries[2::5]
            ]
        )
    return task_list, rounds
