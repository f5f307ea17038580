"""Each unit's score and rank for a year, from the supervision record, with the reasons.

What is counted (the measures of `choices.Measure`, nothing else):
- the rounds of the region's lists whose 截至日期 falls in the year and which are closed or
  published (an open round is still collecting: nothing in it is late yet);
- an item counts for each of its lead units (牵头单位), group references (各镇（街道）) expanded to
  their members, merged units followed: a co-led item is each lead unit's whole responsibility,
  as in the bulletin's per-unit summary. Related units (相关责任单位) are not scored;
- completed: the item's entry in the year's last counted round is 已完成; on time: the first
  round that judged it 已完成 is as of its 完成时限 (`core.deadlines`) or earlier;
- lagging: every counted round in which the item was judged 滞后;
- late: the report first reached the office after the round's deadline (or the approved
  extension), or had not reached it when the round closed;
- returned: every time the office sent a report back;
- instruction answered late: a 领导批示 of the year answered after the deadline of the first round
  of its list due on or after the day it was given (its own round's, when that is later), or still
  open past that deadline.

The score is the rule's base plus, for each measure, occurrences × weight held within the cap.
Units with the same score share a rank (1, 1, 3). Everything is read in a constant number of
queries (one more per group reference used), then computed in memory.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.utils import timezone

from duban.assessment.choices import Measure
from duban.assessment.models import AssessmentRule
from duban.core.deadlines import deadline_of
from duban.supervision.choices import Duty, EntryState, RoundState, Status, status_label
from duban.supervision.lights import approved_deadlines
from duban.supervision.models import Entry, Instruction, Item, ItemUnit, Round
from duban.supervision.queries import group_member_ids
from duban.units.models import Region, Unit

POINTS = Decimal("0.01")
UNREPORTED = frozenset({EntryState.EMPTY, EntryState.DRAFT, EntryState.AWAITING_HEAD})


@dataclass(frozen=True)
class Occurrence:
    """One counted outcome: which measure, on which item, in which round, and what happened."""

    measure: Measure
    item_id: int
    period: str  # the round's 调度期间, or "" for an instruction without a round
    detail: str
    times: int = 1
    as_of: date | None = None  # the round's 截至日期: the breakdown reads in the order of the year


@dataclass(frozen=True)
class MeasureScore:
    """A measure in a unit's score: occurrences, the rule's weight and cap, and the points given."""

    measure: Measure
    count: int
    weight: Decimal
    cap: Decimal | None
    raw: Decimal  # count × weight
    points: Decimal  # raw held within the cap

    @property
    def capped(self) -> bool:
        return self.raw != self.points


@dataclass(frozen=True)
class ItemRecord:
    """An item a unit leads, with what was counted on it (empty: nothing to its debit or credit)."""

    item_id: int
    list_title: str
    seq: int
    text: str
    last_status: str  # the item's status in the year's last counted round, in the list's words
    co_leads: tuple[str, ...]
    occurrences: tuple[Occurrence, ...]

    def count(self, measure: Measure) -> int:
        return sum(o.times for o in self.occurrences if o.measure == measure)


@dataclass(frozen=True)
class UnitScore:
    """A unit's result: score, rank, the points of each measure and the items behind them."""

    unit_id: int
    unit: str
    score: Decimal
    rank: int
    measures: tuple[MeasureScore, ...]
    items: tuple[ItemRecord, ...]

    def measure(self, measure: Measure) -> MeasureScore:
        return next(m for m in self.measures if m.measure == measure)


@dataclass(frozen=True)
class Assessment:
    """A region's assessment for a year under a rule: every unit's result, best first."""

    region: Region
    year: int
    rule: AssessmentRule
    as_of: date
    rounds: tuple[str, ...]  # the counted rounds, "清单 · 期间"
    units: tuple[UnitScore, ...] = field(default=())

    def of_unit(self, unit_id: int) -> UnitScore | None:
        return next((u for u in self.units if u.unit_id == unit_id), None)


def rule_for(region: Region, year: int) -> AssessmentRule:
    """The office's rule for the year; until it sets one, its latest earlier rule or the default (unsaved)."""
    found = AssessmentRule.objects.filter(region=region, year__lte=year).order_by("-year").first()
    if found is None:
        return AssessmentRule(region=region, year=year)
    return found if found.year == year else found.carried_to(year)


def score_measure(rule: AssessmentRule, measure: Measure, count: int) -> MeasureScore:
    """Occurrences × weight, held within the cap (a cap bounds bonuses and deductions alike)."""
    weight = rule.weight(measure)
    cap = rule.cap(measure)
    raw = (weight * count).quantize(POINTS) + 0  # + 0: no "-0" when nothing was counted
    points = raw if cap is None else max(-cap, min(cap, raw))
    return MeasureScore(measure, count, weight, cap, raw, points.quantize(POINTS) + 0)


def ranks(scores: list[Decimal]) -> list[int]:
    """Competition ranks: one more than the number of better scores (ties share a rank)."""
    return [1 + sum(1 for other in scores if other > s) for s in scores]


def _day(moment: datetime) -> date:
    return timezone.localtime(moment).date()


def _md(day: date) -> str:
    return f"{day.month}月{day.day}日"


class _Record:
    """The year's record read once: rounds, entries, instructions, lead units."""

    def __init__(self, region: Region, year: int, today: date) -> None:
        self.year = year
        self.today = today
        all_rounds = list(
            Round.objects.filter(task_list__region=region).select_related("task_list").order_by("as_of", "pk")
        )
        self.rounds = [r for r in all_rounds if r.as_of.year == year and r.state != RoundState.OPEN]
        self.by_list: dict[int, list[Round]] = defaultdict(list)
        for rnd in all_rounds:
            if rnd.deadline is not None:
                self.by_list[rnd.task_list_id].append(rnd)
        for dated in self.by_list.values():
            dated.sort(key=lambda r: (r.deadline, r.pk))
        counted = {r.pk: r for r in self.rounds}
        self.round_of = {r.pk: r for r in all_rounds}
        self.entries = sorted(
            Entry.objects.filter(round_id__in=list(counted)).select_related("item__task_list"),
            key=lambda e: (counted[e.round_id].as_of, e.round_id),
        )
        self.instructions = list(
            Instruction.objects.filter(item__task_list__region=region, created_at__year=year)
            .select_related("item__task_list")
            .order_by("created_at", "pk")
        )
        self.items: dict[int, Item] = {e.item_id: e.item for e in self.entries}
        self.items.update({i.item_id: i.item for i in self.instructions})
        self.extended = approved_deadlines(self.entries)
        self.units = self._units(region)
        self.leads = self._leads()

    def _units(self, region: Region) -> dict[int, Unit]:
        units = {u.pk: u for u in Unit.objects.filter(region=region)}
        parent, merged = Unit._meta.get_field("parent"), Unit._meta.get_field("merged_into")
        for unit in units.values():  # names and merges resolved in memory, without a query each
            if unit.parent_id in units:
                parent.set_cached_value(unit, units[unit.parent_id])
            if unit.merged_into_id in units:
                merged.set_cached_value(unit, units[unit.merged_into_id])
        return units

    def _leads(self) -> dict[int, list[int]]:
        links = ItemUnit.objects.filter(item_id__in=list(self.items), duty=Duty.LEAD).select_related("group")
        members: dict[int, set[int]] = {}
        leads: dict[int, list[int]] = defaultdict(list)
        for link in links.order_by("item_id", "pk"):
            if link.unit_id is not None:
                ids = {link.unit_id}
            elif link.group is not None:
                if link.group.pk not in members:
                    members[link.group.pk] = group_member_ids(link.group, self.year)
                ids = members[link.group.pk]
            else:
                ids = set()
            for unit_id in sorted(ids):
                unit = self.units.get(unit_id)
                if unit is None:
                    continue
                canonical = unit.canonical().pk
                if canonical not in leads[link.item_id]:
                    leads[link.item_id].append(canonical)
        return leads

    def occurrences(self) -> dict[int, list[Occurrence]]:
        """Every counted outcome, by item."""
        found: dict[int, list[Occurrence]] = defaultdict(list)
        by_item: dict[int, list[Entry]] = defaultdict(list)
        for entry in self.entries:
            by_item[entry.item_id].append(entry)
            for occurrence in self._of_entry(entry):
                found[entry.item_id].append(occurrence)
        for item_id, entries in by_item.items():
            found[item_id].extend(self._completion(self.items[item_id], entries))
        for instruction in self.instructions:
            late = self._late_answer(instruction)
            if late is not None:
                found[instruction.item_id].append(late)
        order = list(Measure)
        for listed in found.values():
            listed.sort(key=lambda o: (o.as_of or date.max, order.index(o.measure)))
        return found

    def _of_entry(self, entry: Entry) -> list[Occurrence]:
        rnd = self.round_of[entry.round_id]
        out = []
        if entry.status == Status.LAGGING:
            out.append(
                Occurrence(Measure.LAGGING, entry.item_id, rnd.period, "审定进度为滞后", as_of=rnd.as_of)
            )
        deadline = self.extended.get(entry.pk, rnd.deadline)
        if deadline is not None:
            if entry.first_reported_at is not None:
                day = _day(entry.first_reported_at)
                if day > deadline:
                    text = f"{_md(day)}报送，截止{_md(deadline)}（逾期{(day - deadline).days}天）"
                    out.append(Occurrence(Measure.LATE, entry.item_id, rnd.period, text, as_of=rnd.as_of))
            elif entry.state in UNREPORTED and not (entry.state == EntryState.EMPTY and entry.item.closed):
                text = f"截止{_md(deadline)}，轮次截止时仍未报送"
                out.append(Occurrence(Measure.LATE, entry.item_id, rnd.period, text, as_of=rnd.as_of))
        if entry.returns:
            text = f"被督查室退回{entry.returns}次"
            out.append(
                Occurrence(Measure.RETURNED, entry.item_id, rnd.period, text, entry.returns, rnd.as_of)
            )
        return out

    def _completion(self, item: Item, entries: list[Entry]) -> list[Occurrence]:
        last = entries[-1]
        if last.status != Status.COMPLETED:
            return []
        period, last_as_of = self.round_of[last.round_id].period, self.round_of[last.round_id].as_of
        out = [Occurrence(Measure.COMPLETED, item.pk, period, "本年度最后一轮审定为已完成", as_of=last_as_of)]
        first = next(e for e in entries if e.status == Status.COMPLETED)
        first_round = self.round_of[first.round_id]
        due = deadline_of(item.deadline_text, self.year)
        if first_round.as_of <= due:
            limit = item.deadline_text or "年底"
            text = f"截至{_md(first_round.as_of)}已完成，完成时限{limit}"
            out.append(
                Occurrence(Measure.ON_TIME, item.pk, first_round.period, text, as_of=first_round.as_of)
            )
        return out

    def _due(self, instruction: Instruction) -> Round | None:
        given = _day(instruction.created_at)
        own = self.round_of.get(instruction.round_id or 0)
        if own is not None and own.deadline is not None and own.deadline >= given:
            return own
        return next(
            (r for r in self.by_list[instruction.item.task_list_id] if r.deadline and r.deadline >= given),
            None,
        )

    def _late_answer(self, instruction: Instruction) -> Occurrence | None:
        due = self._due(instruction)
        if due is None or due.deadline is None:
            return None
        deadline = due.deadline
        given = f"{_md(_day(instruction.created_at))}批示“{instruction.text[:20]}”"
        if instruction.answered_at is not None:
            day = _day(instruction.answered_at)
            if day <= deadline:
                return None
            text = f"{given}，{_md(day)}答复，应于{_md(deadline)}前答复"
        elif self.today > deadline:
            text = f"{given}，应于{_md(deadline)}前答复，至今未答复"
        else:
            return None
        return Occurrence(Measure.INSTRUCTION_LATE, instruction.item_id, due.period, text, as_of=due.as_of)


def assess(
    region: Region, year: int, *, rule: AssessmentRule | None = None, today: date | None = None
) -> Assessment:
    """The region's assessment for the year, under its rule (or the one given)."""
    rule = rule if rule is not None else rule_for(region, year)
    today = today or timezone.localdate()
    record = _Record(region, year, today)
    found = record.occurrences()
    by_unit: dict[int, list[int]] = defaultdict(list)
    for item_id in sorted(record.items, key=lambda i: (record.items[i].task_list_id, record.items[i].order)):
        for unit_id in record.leads.get(item_id, []):
            by_unit[unit_id].append(item_id)
    status_of: dict[int, str] = {}
    for entry in record.entries:  # the entries are in round order: the last one wins
        status_of[entry.item_id] = status_label(record.round_of[entry.round_id].task_list.kind, entry.status)
    drafts = []
    for unit_id, item_ids in by_unit.items():
        unit = record.units[unit_id]
        items = tuple(
            ItemRecord(
                item_id=i,
                list_title=record.items[i].task_list.title,
                seq=record.items[i].seq,
                text=record.items[i].text,
                last_status=status_of.get(i, ""),
                co_leads=tuple(record.units[u].full_name for u in record.leads[i] if u != unit_id),
                occurrences=tuple(found.get(i, [])),
            )
            for i in item_ids
        )
        measures = tuple(score_measure(rule, m, sum(item.count(m) for item in items)) for m in Measure)
        score = (rule.base + sum((m.points for m in measures), Decimal(0))).quantize(POINTS)
        drafts.append((unit.full_name, unit_id, score, measures, items))
    ranked = ranks([d[2] for d in drafts])
    units = sorted(
        (
            UnitScore(unit_id=uid, unit=name, score=score, rank=rank, measures=measures, items=items)
            for (name, uid, score, measures, items), rank in zip(drafts, ranked, strict=True)
        ),
        key=lambda u: (u.rank, u.unit),
    )
    periods = tuple(f"{r.task_list.title} · {r.period}" for r in record.rounds)
    return Assessment(region=region, year=year, rule=rule, as_of=today, rounds=periods, units=tuple(units))
