"""Task lists entered in the browser (立项) and items closed when done (办结销号)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from duban.actors import Actor
from duban.audit import services as audit
from duban.audit.choices import EventType
from duban.errors import Conflict, InvalidInput
from duban.supervision import policy
from duban.supervision.choices import Duty, ListKind
from duban.supervision.models import Entry, Item, ItemUnit, TaskList
from duban.units.models import Region, Unit

ITEM_FIELDS = [
    "seq",
    "text",
    "category",
    "district_livelihood",
    "target_text",
    "target_value",
    "target_unit",
    "target_qualifier",
]


def create_list(actor: Actor, region: Region, *, kind: str, title: str, year: int | None) -> TaskList:
    """A new list of the region (its items are then added one by one, or imported)."""
    policy.require(policy.is_office(actor, region.pk), "新建任务清单")
    title = title.strip()
    if not title:
        raise InvalidInput("请填写清单名称", "empty list title")
    if kind not in ListKind.values:
        raise InvalidInput(f"清单类别“{kind}”无效", f"bad list kind {kind!r}")
    with transaction.atomic():
        if TaskList.objects.filter(region=region, kind=kind, title=title).exists():
            raise Conflict(f"已有同名的{ListKind(kind).label}清单“{title}”", f"list {title!r} exists")
        task_list = TaskList.objects.create(region=region, kind=kind, title=title, year=year)
        audit.record(
            actor, EventType.LIST_CHANGE, task_list, changes={"title": [None, title], "kind": [None, kind]}
        )
    return task_list


@dataclass(frozen=True)
class ItemFields:
    """An item as the office enters it: text, target, and the units responsible."""

    seq: int
    text: str
    category: str = ""
    district_livelihood: bool = False
    target_text: str = ""
    target_value: Decimal | None = None
    target_unit: str = ""
    target_qualifier: str = ""
    leads: list[Unit] = field(default_factory=list)
    related: list[Unit] = field(default_factory=list)


def save_item(actor: Actor, task_list: TaskList, fields: ItemFields, item: Item | None = None) -> Item:
    """Add an item to a list, or correct one; its units are picked from the region's directory."""
    policy.require(policy.is_office(actor, task_list.region_id), "编辑任务事项")
    if not fields.text.strip():
        raise InvalidInput("请填写事项内容", "empty item text")
    if fields.seq < 1:
        raise InvalidInput("序号应为正整数", f"bad seq {fields.seq}")
    if not fields.leads:
        raise InvalidInput("请至少选择一个牵头单位", "item without lead unit")
    units = {u.region_id for u in [*fields.leads, *fields.related]}
    if units - {task_list.region_id}:
        raise InvalidInput("责任单位须是本行政区划单位目录中的单位", "unit of another region")
    with transaction.atomic():
        before = audit.snapshot(item, ITEM_FIELDS) if item is not None else {}
        if item is None:
            order = (task_list.items.aggregate(m=Max("order"))["m"] or 0) + 1
            item = Item(task_list=task_list, order=order)
        elif item.task_list_id != task_list.pk:
            raise InvalidInput("事项不属于该清单", f"item {item.pk} not in list {task_list.pk}")
        for name in ITEM_FIELDS:
            value = getattr(fields, name)
            setattr(item, name, value.strip() if isinstance(value, str) else value)
        item.save()
        links_before = sorted((link.duty, link.unit_id or 0) for link in item.units.all())
        item.units.all().delete()
        ItemUnit.objects.bulk_create(
            [ItemUnit(item=item, duty=Duty.LEAD, unit=u, as_written=u.full_name) for u in fields.leads]
            + [ItemUnit(item=item, duty=Duty.RELATED, unit=u, as_written=u.full_name) for u in fields.related]
        )
        links_after = sorted((link.duty, link.unit_id or 0) for link in item.units.all())
        changes = audit.diff(before, audit.snapshot(item, ITEM_FIELDS))
        if links_before != links_after:
            changes["units"] = [links_before, links_after]
        audit.record(actor, EventType.ITEM_CHANGE, item, changes=changes)
    return item


def close_item(actor: Actor, item: Item, *, note: str, entry: Entry | None = None) -> Item:
    """办结销号: the item is done; it leaves later rounds' forms but keeps its history."""
    policy.require(policy.is_office(actor, item.task_list.region_id), "办结销号")
    if item.closed:
        raise Conflict("该事项已办结销号", f"item {item.pk} already closed")
    if not note.strip() and entry is None:
        raise InvalidInput("办结须写明依据（或选择证明办结的填报）", "close without evidence")
    if entry is not None and entry.item_id != item.pk:
        raise InvalidInput("所选填报不属于该事项", f"entry {entry.pk} not of item {item.pk}")
    with transaction.atomic():
        item.closed_at = timezone.now()
        item.closed_by = actor.user
        item.closing_note = note.strip()
        item.closing_entry = entry
        item.save(update_fields=["closed_at", "closed_by", "closing_note", "closing_entry"])
        audit.record(
            actor,
            EventType.ITEM_CHANGE,
            item,
            changes={"closed_at": [None, item.closed_at]},
            detail={"note": item.closing_note, "entry": entry.pk if entry else None},
        )
    return item


def reopen_item(actor: Actor, item: Item) -> Item:
    """Undo a 办结销号 made in error (the next round collects the item again)."""
    policy.require(policy.is_office(actor, item.task_list.region_id), "撤销办结")
    if not item.closed:
        raise Conflict("该事项尚未办结", f"item {item.pk} not closed")
    with transaction.atomic():
        before = item.closed_at
        item.closed_at, item.closed_by, item.closing_note, item.closing_entry = None, None, "", None
        item.save(update_fields=["closed_at", "closed_by", "closing_note", "closing_entry"])
        audit.record(actor, EventType.ITEM_CHANGE, item, changes={"closed_at": [before, None]})
    return item
