"""The round dashboard and the regions side by side: what a page shows, read in a fixed number of queries.

Every number comes from the function that produces it elsewhere: the status distribution from
`bulletin.distribution` (the bulletin's count sentence), the lights from `lights.lights`, the flags
from `checks.entry_checks`. Entries are always those the user may see (`Entry.objects.visible_to`),
so a unit never reads another unit's unpublished reports through a chart.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils import timezone

from duban.core.count_sentences import Part, count_parts
from duban.roles import Role
from duban.supervision.bulletin import DEFAULT_STYLES, distribution, keys_of, load_links
from duban.supervision.checks import Flag, entry_checks
from duban.supervision.choices import (
    REPORTED_STATES,
    Duty,
    ExtensionState,
    Light,
    ListKind,
    Status,
    status_label,
)
from duban.supervision.lights import Lit, lights
from duban.supervision.models import Entry, ExtensionRequest, Instruction, Round, TaskList
from duban.supervision.queries import links_of
from duban.units.models import Region
from duban.units.scope import scope_of

LIGHT_ORDER = [Light.RED, Light.YELLOW, Light.GREEN, Light.GREY]
LEVELS = [Status.COMPLETED.value, Status.ON_SCHEDULE.value, Status.LAGGING.value, ""]


# --- the units of a round -------------------------------------------------------------------------


@dataclass
class UnitRow:
    """One lead unit in a round: its items, how many are reported, its worst light."""

    name: str
    unit_id: int | None
    total: int = 0
    reported: int = 0
    lights: list[Lit] = field(default_factory=list)

    @property
    def worst(self) -> Lit | None:
        return min(self.lights, key=lambda lit: LIGHT_ORDER.index(lit.light)) if self.lights else None

    @property
    def done(self) -> bool:
        """Every item the unit leads in the round is reported."""
        return self.reported == self.total


def round_entries(user: Any, rnd: Round) -> list[Entry]:
    """The round's entries the user may see, with their items and links, in a constant number of queries.

    The round and its list are the ones given (with `task_list` loaded): set on the entries and
    their items rather than joined again for each of the round's entries."""
    entries = list(
        Entry.objects.visible_to(user)
        .filter(round=rnd)
        .select_related("item")
        .order_by("item__seq", "item__order")
    )
    for e in entries:
        e.round = rnd
        if e.item.task_list_id == rnd.task_list_id:
            e.item.task_list = rnd.task_list
    # The links in a list on each item (a prefetch into item.units builds a query set an item), with
    # their units read by key, and the parents a sub-unit's name needs one query a level. Found
    # through the round's entries, not a list of their ids; the links of items the user may not
    # see are left out.
    load_links([e.item for e in entries], order=("duty", "pk"), item_ids=rnd.entries.values("item_id"))
    return entries


def by_unit(entries: list[Entry], lit: dict[int, Lit]) -> list[UnitRow]:
    """The lead units of the entries, worst light first."""
    rows: dict[str, UnitRow] = {}
    for entry in entries:
        for link in links_of(entry.item):
            if link.duty != Duty.LEAD:
                continue
            name = link.unit.full_name if link.unit else link.as_written
            row = rows.setdefault(name, UnitRow(name, link.unit_id))
            row.total += 1
            row.reported += entry.state in REPORTED_STATES
            row.lights.append(lit[entry.pk])
    return sorted(rows.values(), key=lambda r: (LIGHT_ORDER.index(r.worst.light) if r.worst else 9, r.name))


# --- the status distribution ---------------------------------------------------------------------


@dataclass(frozen=True)
class Share:
    """A category of the distribution as the page names it: the list's own word for the level."""

    key: str
    label: str
    count: int
    share: Any  # Decimal, as the bulletin writes it

    @property
    def css(self) -> str:
        return f"status-{self.key}" if self.key in Status.values else "status-other"


def label_of(kind: str, key: str) -> str:
    """The level in the list's vocabulary (基本完成 / 已完成 …), 尚未报送, or a source's own word."""
    if key in Status.values:
        return status_label(kind, key)
    return key or "尚未报送"


def shares_of(kind: str, parts: list[Part]) -> list[Share]:
    return [Share(p.category.key, label_of(kind, p.category.key), p.count, p.share) for p in parts]


# --- the round dashboard -------------------------------------------------------------------------


@dataclass(frozen=True)
class OpenInstruction:
    instruction: Instruction
    age: int  # days since it was written


@dataclass
class RoundDashboard:
    """Everything the round dashboard shows."""

    round: Round
    entries: list[Entry]
    lights: dict[int, Lit]
    units: list[UnitRow]
    shares: list[Share]
    lagging: list[Entry]
    instructions: list[OpenInstruction]
    extensions: list[ExtensionRequest]
    flags: list[Flag]

    @property
    def kind(self) -> str:
        return str(self.round.task_list.kind)

    @property
    def total(self) -> int:
        return len(self.entries)

    @property
    def submitted_units(self) -> list[UnitRow]:
        return [u for u in self.units if u.done]

    @property
    def pending_units(self) -> list[UnitRow]:
        return [u for u in self.units if not u.done]

    @property
    def per_light(self) -> dict[str, int]:
        counts: dict[str, int] = defaultdict(int)
        for lit in self.lights.values():
            counts[str(lit.light)] += 1
        return dict(counts)


def round_dashboard(user: Any, rnd: Round, today: date) -> RoundDashboard:
    """The round as the user may see it: units and lights, the bulletin's numbers, what needs attention."""
    entries = round_entries(user, rnd)
    lit = lights(entries, today)
    instructions = (
        Instruction.objects.visible_to(user)
        .unanswered()
        .filter(item__task_list_id=rnd.task_list_id)
        .select_related("item", "author")
        .order_by("created_at", "pk")
    )
    extensions = (
        ExtensionRequest.objects.visible_to(user)
        .filter(entry__round=rnd, state=ExtensionState.PENDING)
        .select_related("entry__item", "requested_by")
        .order_by("requested_at", "pk")
    )
    return RoundDashboard(
        round=rnd,
        entries=entries,
        lights=lit,
        units=by_unit(entries, lit),
        shares=shares_of(rnd.task_list.kind, distribution(rnd.task_list, entries)),
        lagging=[e for e in entries if e.status == Status.LAGGING],
        instructions=[
            OpenInstruction(i, (today - timezone.localtime(i.created_at).date()).days) for i in instructions
        ],
        extensions=list(extensions),
        flags=entry_checks(rnd, entries).flags,
    )


# --- regions side by side (a city's or a province's office) ---------------------------------------


def oversees(user: Any) -> bool:
    """An office (or leader) above county level: its region has regions below it."""
    scope = scope_of(user)
    return (
        scope.role in (Role.OFFICE, Role.LEADER)
        and scope.region is not None
        and scope.region.tier != "county"
    )


@dataclass
class RegionRow:
    """One region's latest round(s) of a list kind in a year and their distribution."""

    region: Region
    rounds: list[Round]
    shares: list[Share]
    total: int

    def share_of(self, key: str) -> Any:
        return next((s.share for s in self.shares if s.key == key), None)

    def count_of(self, key: str) -> int:
        return next((s.count for s in self.shares if s.key == key), 0)


@dataclass
class Comparison:
    """Every region below the user on one list kind, side by side, and all of them together."""

    kind: str
    year: int | None
    years: list[int]
    rows: list[RegionRow]
    keys: list[str]
    overall: dict[str, list[Share]]  # per list kind: every region's latest rounds together

    def label(self, key: str) -> str:
        return label_of(self.kind, key)


def regions_below(user: Any) -> list[Region]:
    """The county-level regions below the user's region (those that hold lists)."""
    own = scope_of(user).region
    return list(
        Region.objects.visible_to(user).exclude(pk=own.pk).exclude(county="").order_by("city", "county")
    )


def latest_rounds(user: Any, regions: list[Region], year: int | None) -> list[Round]:
    """Each list's latest round of the year (by as-of date) in these regions, one query."""
    rounds = (
        Round.objects.visible_to(user)
        .filter(task_list__region__in=regions)
        .select_related("task_list__region")
        .order_by("task_list_id", "-as_of", "-pk")
    )
    if year is not None:
        rounds = rounds.filter(task_list__year=year)
    latest: dict[int, Round] = {}
    for rnd in rounds:
        latest.setdefault(rnd.task_list_id, rnd)
    return list(latest.values())


def comparison(user: Any, kind: str, year: int | None) -> Comparison:
    """The regions below the user on one list kind: each one's latest rounds, and all kinds together."""
    regions = regions_below(user)
    years = sorted(
        {
            int(y)
            for y in TaskList.objects.visible_to(user)
            .filter(region__in=regions, year__isnull=False)
            .values_list("year", flat=True)
            if y is not None
        },
        reverse=True,
    )
    if year is None and years:
        year = years[0]
    chosen = latest_rounds(user, regions, year)
    entries: dict[int, list[Entry]] = defaultdict(list)
    for e in (
        Entry.objects.visible_to(user)
        .filter(round__in=[r.pk for r in chosen])
        .only("pk", "round_id", "status", "status_text")
        .order_by("pk")
    ):
        entries[e.round_id].append(e)
    rows = []
    for region in regions:
        mine = [r for r in chosen if r.task_list.region_id == region.pk and r.task_list.kind == kind]
        if len(mine) == 1:
            parts = distribution(mine[0].task_list, entries[mine[0].pk])
        else:  # several lists of one kind: counted together in the kind's default words
            together = [e for r in mine for e in entries[r.pk]]
            parts = count_parts(
                keys_of(together), DEFAULT_STYLES.get(ListKind(kind), DEFAULT_STYLES[ListKind.TASKS])
            )
        shares = shares_of(kind, parts)
        rows.append(RegionRow(region, mine, shares, sum(s.count for s in shares)))
    keys = LEVELS + sorted({s.key for row in rows for s in row.shares if s.count and s.key not in LEVELS})
    overall: dict[str, list[Share]] = {}
    for each in ListKind:
        together = [e for r in chosen if r.task_list.kind == each for e in entries[r.pk]]
        if together:
            style = DEFAULT_STYLES.get(each, DEFAULT_STYLES[ListKind.TASKS])
            overall[each.value] = shares_of(each.value, count_parts(keys_of(together), style))
    return Comparison(kind, year, years, rows, keys, overall)


def region_rounds(user: Any, region: Region) -> list[Round]:
    """A region's rounds, newest first, for its drill-down page."""
    return list(
        Round.objects.visible_to(user)
        .filter(task_list__region=region)
        .select_related("task_list")
        .order_by("-as_of", "task_list__kind", "pk")
    )


def region_lagging(user: Any, rounds: list[Round]) -> list[Entry]:
    """The lagging items of a region's latest round of each list."""
    latest: dict[int, Round] = {}
    for rnd in rounds:
        latest.setdefault(rnd.task_list_id, rnd)
    return list(
        Entry.objects.visible_to(user)
        .filter(round__in=[r.pk for r in latest.values()], status=Status.LAGGING)
        .select_related("item", "round__task_list")
        .order_by("round__task_list__kind", "item__seq")
    )
