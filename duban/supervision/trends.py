"""The year so far: a list's status shares round after round, per unit, an item's progress against
the time elapsed, and a unit's record (reported on time, returned, lagging) — in a fixed number of queries.

Shares come from `bulletin.distribution` / the core's `count_parts` (the bulletin's numbers); the
time elapsed and an item's completion from the core's status rule (`evaluation.year_elapsed_share`,
`evaluation.completion_percent`), so a point below the diagonal is what the rule calls behind.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from duban.core.count_sentences import count_parts
from duban.core.evaluation import Facts, completion_percent, year_elapsed_share
from duban.supervision.bulletin import distribution, keys_of, style_for
from duban.supervision.choices import REPORTED_STATES, Duty, EntryState, RoundState, Status
from duban.supervision.dashboard import LEVELS, Share, label_of, shares_of
from duban.supervision.lights import approved_deadlines
from duban.supervision.models import Entry, Item, ItemUnit, Round, TaskList
from duban.supervision.queries import responsibilities
from duban.units.models import Unit

# --- a list across its rounds --------------------------------------------------------------------


@dataclass(frozen=True)
class RoundShares:
    round: Round
    shares: list[Share]

    def share_of(self, key: str) -> Any:
        return next((s.share for s in self.shares if s.key == key), None)

    def count_of(self, key: str) -> int:
        return next((s.count for s in self.shares if s.key == key), 0)


@dataclass
class UnitTrend:
    """A lead unit's items of the list, round by round."""

    name: str
    unit_id: int | None
    rounds: list[RoundShares] = field(default_factory=list)

    @property
    def lagging_now(self) -> int:
        return self.rounds[-1].count_of(Status.LAGGING) if self.rounds else 0


@dataclass(frozen=True)
class Progress:
    """An item's completion in one round against the share of the year elapsed on its date."""

    round: Round
    completion: Decimal | None
    elapsed: Decimal

    @property
    def gap(self) -> Decimal | None:
        return None if self.completion is None else self.completion - self.elapsed

    @property
    def behind(self) -> bool:
        return self.completion is not None and self.completion < self.elapsed


@dataclass
class ItemProgress:
    item: Item
    points: list[Progress]

    @property
    def latest(self) -> Progress | None:
        found = [p for p in self.points if p.completion is not None]
        return found[-1] if found else None


@dataclass
class ListTrend:
    task_list: TaskList
    rounds: list[RoundShares]
    keys: list[str]
    units: list[UnitTrend]
    items: list[ItemProgress]

    def label(self, key: str) -> str:
        return label_of(self.task_list.kind, key)

    @property
    def behind(self) -> list[ItemProgress]:
        """Quantified items whose latest completion is below the time elapsed, most behind first."""
        late = [i for i in self.items if i.latest is not None and i.latest.behind]
        return sorted(late, key=lambda i: i.latest.gap if i.latest and i.latest.gap is not None else 0)


def lead_names_by_item(task_list: TaskList) -> dict[int, list[tuple[str, int | None]]]:
    """Each item's lead units as the bulletin resolves them (merges followed; a group by its name)."""
    found: dict[int, list[tuple[str, int | None]]] = defaultdict(list)
    links = (
        ItemUnit.objects.filter(item__task_list=task_list, duty=Duty.LEAD)
        .select_related("unit__parent__parent", "unit__merged_into__parent", "group")
        .order_by("item_id", "pk")
    )
    for link in links:
        if link.unit is not None:
            unit = link.unit.canonical()
            name, unit_id = unit.full_name, unit.pk
        else:
            name, unit_id = (link.group.name if link.group else link.as_written), None
        if name not in [n for n, _ in found[link.item_id]]:
            found[link.item_id].append((name, unit_id))
    return found


def list_trend(user: Any, task_list: TaskList) -> ListTrend:
    """The list's rounds of its year in order, the status shares of each, per unit, and item progress."""
    rounds = list(Round.objects.visible_to(user).filter(task_list=task_list).order_by("as_of", "pk"))
    entries: dict[int, list[Entry]] = defaultdict(list)
    for e in (
        Entry.objects.visible_to(user)
        .filter(round__in=[r.pk for r in rounds])
        .only("pk", "round_id", "item_id", "status", "status_text", "percent", "completed_value")
        .order_by("item__order")
    ):
        entries[e.round_id].append(e)
    kind = task_list.kind
    series = [RoundShares(r, shares_of(kind, distribution(task_list, entries[r.pk]))) for r in rounds]
    keys = LEVELS + sorted({s.key for rs in series for s in rs.shares if s.count and s.key not in LEVELS})

    style = style_for(task_list)
    leads = lead_names_by_item(task_list)
    nobody = [("（未明确牵头单位）", None)]
    per_unit: dict[str, UnitTrend] = {}
    for es in entries.values():
        for e in es:
            for name, unit_id in leads.get(e.item_id, nobody):
                per_unit.setdefault(name, UnitTrend(name, unit_id))
    for rnd in rounds:
        mine: dict[str, list[Entry]] = defaultdict(list)
        for e in entries[rnd.pk]:
            for name, _ in leads.get(e.item_id, nobody):
                mine[name].append(e)
        for name, trend in per_unit.items():
            trend.rounds.append(RoundShares(rnd, shares_of(kind, count_parts(keys_of(mine[name]), style))))
    units = sorted(per_unit.values(), key=lambda u: (-u.lagging_now, u.name))

    quantified = [i for i in Item.objects.filter(task_list=task_list).order_by("order") if i.quantified]
    by_item = {(e.round_id, e.item_id): e for es in entries.values() for e in es}
    items = []
    for item in quantified:
        points = []
        for rnd in rounds:
            found = by_item.get((rnd.pk, item.pk))
            if found is None:
                continue
            facts = Facts(
                as_of=rnd.as_of, target=item.target, completed=found.completed_value, percent=found.percent
            )
            points.append(Progress(rnd, completion_percent(facts), year_elapsed_share(rnd.as_of)))
        items.append(ItemProgress(item, points))
    return ListTrend(task_list, series, keys, units, items)


# --- a unit's record over the year ---------------------------------------------------------------


@dataclass
class RoundRecord:
    """How a unit stood in one round: its items, reported on time or late, missing, returned, lagging."""

    round: Round
    led: int = 0
    on_time: int = 0
    late: int = 0
    missing: int = 0
    returned: int = 0
    completed: int = 0
    on_schedule: int = 0
    lagging: int = 0

    @property
    def all_on_time(self) -> bool:
        return self.led > 0 and self.on_time == self.led


@dataclass
class UnitRecord:
    unit: Unit
    year: int | None
    years: list[int]
    rounds: list[RoundRecord]

    @property
    def rounds_on_time(self) -> int:
        return sum(1 for r in self.rounds if r.all_on_time)

    @property
    def rounds_returned(self) -> int:
        return sum(1 for r in self.rounds if r.returned)

    @property
    def rounds_lagging(self) -> int:
        return sum(1 for r in self.rounds if r.lagging)


def _reported(entry: Entry) -> bool:
    # An imported round (closed, with the bulletin's statuses) counts as reported as the bulletin says.
    return entry.state in REPORTED_STATES or (entry.round.state != RoundState.OPEN and bool(entry.status))


def unit_record(user: Any, unit: Unit, year: int | None = None) -> UnitRecord:
    """The rounds of a year in which the unit leads items, and how it reported in each."""
    led = {r.item_id for r in responsibilities(unit) if r.duty == Duty.LEAD}
    entries = list(
        Entry.objects.visible_to(user)
        .filter(item_id__in=led)
        .select_related("round__task_list")
        .only(
            "pk",
            "item_id",
            "state",
            "status",
            "submitted_at",
            "review_comment",
            "round__state",
            "round__as_of",
            "round__deadline",
            "round__period",
            "round__task_list__title",
            "round__task_list__kind",
            "round__task_list__year",
        )
        .order_by("round__as_of", "round_id")
    )
    years = sorted({e.round.task_list.year or e.round.as_of.year for e in entries}, reverse=True)
    if year is None and years:
        year = years[0]
    entries = [e for e in entries if (e.round.task_list.year or e.round.as_of.year) == year]
    extended = approved_deadlines(entries)
    records: dict[int, RoundRecord] = {}
    for e in entries:
        rec = records.setdefault(e.round_id, RoundRecord(e.round))
        rec.led += 1
        deadline = extended.get(e.pk, e.round.deadline)
        if _reported(e):
            late = deadline is not None and e.submitted_at is not None and e.submitted_at.date() > deadline
            rec.late += late
            rec.on_time += not late
        else:
            rec.missing += 1
        rec.returned += bool(e.review_comment) or e.state == EntryState.RETURNED
        rec.completed += e.status == Status.COMPLETED
        rec.on_schedule += e.status == Status.ON_SCHEDULE
        rec.lagging += e.status == Status.LAGGING
    ordered = sorted(records.values(), key=lambda r: (r.round.as_of, r.round.pk))
    return UnitRecord(unit, year, years, ordered)
