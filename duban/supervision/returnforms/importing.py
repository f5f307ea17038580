"""Importing a filled-in return form: first every change it would make, then — confirmed — the writes.

A form may only write the items of the unit it was issued to, through the same entry rules as
an online report (`Entry.report`): the same ranges, no percentage where the item has no
quantified target. A row with only 备注 filled saves the remark. The preview lists every value
that applying will change, the status the figures then give included.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from duban.actors import Actor
from duban.audit import services as audit
from duban.audit.choices import EventType
from duban.core.model import decimal_str
from duban.errors import DomainError, Forbidden, InvalidInput
from duban.supervision import policy
from duban.supervision.choices import EntryState, status_label
from duban.supervision.models import Entry, Item, Round
from duban.supervision.returnforms.layout import ID_HEADER, FilledForm, FilledRow
from duban.supervision.returnforms.writing import unit_items
from duban.supervision.services import ENTRY_FIELDS
from duban.units.models import Unit

SHORT_TEXT = 24  # characters of an item's text shown in the list of changes
FIELD_LABELS = {
    "progress": "进展情况",
    "percent": "完成比例",
    "self_status": "自评进度",
    "status": "审定进度（按数据）",
    "remark": "备注",
}


@dataclass(frozen=True)
class Change:
    """One value an import would change."""

    item_id: int
    seq: int
    item: str  # a short description: indicators share a 序号, so the number alone is ambiguous
    field: str
    old: str
    new: str

    @property
    def label(self) -> str:
        """The field's Chinese name."""
        return FIELD_LABELS[self.field]


@dataclass
class FormPlan:
    """What a form does to its round: the changes, the form's warnings; after applying, how many entries."""

    round: Round
    unit: Unit | None
    changes: list[Change] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    applied: bool = False
    updated: int = 0

    @property
    def items(self) -> int:
        return len({c.item_id for c in self.changes})


def _unit(rnd: Round, filled: FilledForm) -> tuple[Unit | None, set[int] | None]:
    """The unit the form was issued to and the items it may write (None: a form from before unit keys)."""
    if filled.unit_id is None:
        return None, None
    for unit, items in unit_items(rnd).items():
        if unit.pk == filled.unit_id:
            return unit, {i.pk for i in items}
    return Unit.objects.filter(pk=filled.unit_id).first(), set()


def _require(actor: Actor, rnd: Round, unit: Unit | None) -> None:
    if policy.is_office(actor, rnd.task_list.region_id):
        return
    mine = policy.user_unit_ids(actor)
    if unit is None or unit.pk not in mine:
        raise Forbidden("您只能导入本单位的回执表", f"forbidden: form of unit {unit and unit.pk}")


def _checked(rnd: Round, filled: FilledForm, allowed: set[int] | None) -> dict[int, Entry]:
    """The round's entries by item id, after checking the form belongs to the round and the unit."""
    if filled.round_id != rnd.pk:
        raise InvalidInput(
            f"该回执表属于调度轮次[{filled.round_id}]，不是轮次[{rnd.pk}]的",
            f"form of round {filled.round_id}, not {rnd.pk}",
        )
    items = {i.pk: i for i in Item.objects.filter(task_list_id=rnd.task_list_id)}
    entries = {e.item_id: e for e in rnd.entries.select_related("item", "round__task_list")}
    seen: dict[int, int] = {}
    for row in filled.rows:
        if row.item_id not in items:
            raise filled.error(
                row.row, f"{ID_HEADER}{row.item_id}不属于本轮次的任务清单", f"item {row.item_id} not in round"
            )
        if allowed is not None and row.item_id not in allowed:
            raise filled.error(
                row.row,
                f"第{items[row.item_id].seq}项不是{filled.unit or '本单位'}牵头的事项，不能在本单位的回执表中填写",
                f"item {row.item_id} not led by unit {filled.unit_id}",
            )
        if row.item_id in seen:
            raise filled.error(
                row.row,
                f"与第{seen[row.item_id]}行是同一事项（第{items[row.item_id].seq}项），请删去重复的行",
                f"item {row.item_id} twice",
            )
        seen[row.item_id] = row.row
        if row.item_id not in entries:
            entries[row.item_id] = Entry(round=rnd, item=items[row.item_id])
    return entries


def _merged(entry: Entry, row: FilledRow, filled: FilledForm) -> Entry | None:
    """The entry as it will be after the row (a copy), or None when the row only notes a remark.

    Blank cells keep what is stored. The copy goes through the entry's own rules, so a form is
    refused for exactly what an online report would be refused for, naming the row.
    """
    report_given = bool(row.progress or row.percent is not None or row.self_status)
    after = copy.copy(entry)
    if not report_given:
        after.remark = row.remark
        return after
    try:
        after.report(
            progress=row.progress or entry.progress,
            self_status=row.self_status or entry.self_status,
            percent=row.percent if row.percent is not None else entry.percent,
            completed_value=entry.completed_value,
            remark=row.remark or None,
        )
    except DomainError as exc:
        raise filled.error(row.row, exc.message, exc.detail) from exc
    return after


def _percent(value: Decimal | None) -> str:
    return "" if value is None else f"{decimal_str(value)}%"


def _changes(entry: Entry, after: Entry, kind: str) -> list[Change]:
    item = entry.item
    short = item.text if len(item.text) <= SHORT_TEXT else item.text[: SHORT_TEXT - 1] + "…"
    shown = {
        "progress": (entry.progress, after.progress),
        "percent": (_percent(entry.percent), _percent(after.percent)),
        "self_status": (status_label(kind, entry.self_status), status_label(kind, after.self_status)),
        "status": (status_label(kind, entry.status), status_label(kind, after.status)),
        "remark": (entry.remark, after.remark),
    }
    return [
        Change(item.pk, item.seq, short, name, old, new) for name, (old, new) in shown.items() if old != new
    ]


def plan_form(actor: Actor, rnd: Round, filled: FilledForm) -> FormPlan:
    """Every value importing the form would change, in form order (nothing is written)."""
    unit, allowed = _unit(rnd, filled)
    _require(actor, rnd, unit)
    entries = _checked(rnd, filled, allowed)
    plan = FormPlan(rnd, unit, warnings=list(filled.warnings))
    for row in filled.rows:
        entry = entries[row.item_id]
        after = _merged(entry, row, filled)
        if after is not None:
            plan.changes += _changes(entry, after, rnd.task_list.kind)
    return plan


def apply_form(actor: Actor, rnd: Round, filled: FilledForm) -> FormPlan:
    """Write the form into the round in one transaction; each changed entry is submitted and audited."""
    with transaction.atomic():
        locked = Round.objects.select_for_update().select_related("task_list").get(pk=rnd.pk)
        locked.require_open()  # checked under the lock: the round may have been closed meanwhile
        plan = plan_form(actor, locked, filled)
        entries = _checked(locked, filled, _unit(locked, filled)[1])
        now = timezone.now()
        logged: list[audit.Entry] = []
        for row in filled.rows:
            entry = entries[row.item_id]
            entry.round = locked
            after = _merged(entry, row, filled)
            if after is None or not _changes(entry, after, locked.task_list.kind):
                continue
            before = audit.snapshot(entry, ENTRY_FIELDS)
            if row.progress or row.percent is not None or row.self_status:
                # A returned form is the unit's signed report: it goes to the office as submitted.
                after.submitted_by = actor.user
                after.submitted_at = now
                after.state = EntryState.SUBMITTED
                after.note_reported(now)
            after.save()
            changes = audit.diff(before, audit.snapshot(after, ENTRY_FIELDS))
            logged.append(audit.Entry(EventType.FORM_IMPORT, after, changes, detail={"file": filled.path}))
            plan.updated += 1
        audit.record_many(actor, logged)
        plan.applied = True
    return plan
