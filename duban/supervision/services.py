"""Task lists, items and rounds written from imported documents."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from django.db.models import Q

from duban.core import model as core
from duban.core.model import decimal_str
from duban.core.periods import period_from_title
from duban.documents.models import Document
from duban.supervision.models import Entry, Item, ItemUnit, ListKind, Role, Round, RoundState, TaskList
from duban.units.models import GroupRule, Unit, UnitGroup, UnitKind
from duban.units.services import Resolver

Record = core.Task | core.Indicator | core.Measure


def record_lists(
    document: Document, parsed: core.ParsedDocument, resolver: Resolver, as_of: date | None
) -> int:
    """Store the tasks, indicators and measures of a document; a bulletin's progress becomes a closed round.

    Returns the number of items stored.
    """
    count = 0
    groups: list[tuple[str, Sequence[Record]]] = [
        (ListKind.TASKS, parsed.tasks),
        (ListKind.INDICATORS, parsed.indicators),
        (ListKind.MEASURES, parsed.measures),
    ]
    for kind, records in groups:
        if not records:
            continue
        title = list_title(parsed.list_titles.get(str(kind), "") or parsed.title)
        task_list, created = TaskList.objects.get_or_create(
            region=document.region,
            kind=kind,
            title=title,
            defaults={
                "year": document.year or (document.date.year if document.date else None),
                "document": document,
            },
        )
        items = _items(task_list, records, resolver, created)
        count += len(items)
        if kind != ListKind.MEASURES:
            _closed_round(document, parsed, task_list, items, records, as_of)
    return count


def list_title(annex_title: str) -> str:
    """The list a progress annex reports on: drop the trailing 进展情况 and the quotes."""
    title = re.sub(r"\s+", "", annex_title)
    title = re.sub(r"(推进|进展|完成)情况(表)?$", "", title)
    return title or annex_title


def _items(
    task_list: TaskList,
    records: Sequence[Record],
    resolver: Resolver,
    created: bool,
) -> list[Item]:
    """The list's items for the records: existing items matched by 序号 and text, new ones added.

    Items are never deleted here: earlier rounds' entries hang on them. A record whose text
    changed becomes a new item; the old one stays with its history.
    """
    existing: dict[tuple[int, str], Item] = {}
    if not created:
        existing = {(i.seq, i.text): i for i in task_list.items.all()}
    next_order = max((i.order for i in existing.values()), default=0) + 1
    items: list[Item] = []
    for rec in records:
        found = existing.pop((rec.seq, _record_text(rec)), None)  # each item answers one record
        if found is not None:
            items.append(found)
            continue
        item = Item(task_list=task_list, order=next_order, seq=rec.seq)
        next_order += 1
        leads: list[str]
        related: list[str] = []
        if isinstance(rec, core.Task):
            item.text = rec.text
            item.district_livelihood = rec.district_livelihood
            item.category = "区级" if rec.district_livelihood else ""
            leads = rec.lead_units
        elif isinstance(rec, core.Indicator):
            item.text = rec.indicator
            item.names = rec.names
            item.category = rec.category
            item.target_text = rec.target.text
            item.target_value = rec.target.value
            item.target_unit = rec.target.unit
            item.target_qualifier = rec.target.qualifier or ""
            leads = [rec.lead_unit] if rec.lead_unit else []
        else:
            item.text = rec.text
            item.provincial_lead = rec.provincial_lead or ""
            leads = [rec.lead_unit] if rec.lead_unit else []
            related = rec.related_units
        item.save()
        for role, names in ((Role.LEAD, leads), (Role.RELATED, related)):
            for name in names:
                _link(item, role, name, resolver)
        items.append(item)
    return items


def _record_text(rec: Record) -> str:
    return rec.indicator if isinstance(rec, core.Indicator) else rec.text


def _link(item: Item, role: str, name: str, resolver: Resolver) -> None:
    group = resolver.group(name)
    if group is not None:
        ItemUnit.objects.create(item=item, role=role, as_written=name, group=group)
    else:
        ItemUnit.objects.create(item=item, role=role, as_written=name, unit=resolver.unit(name).unit)


def _closed_round(
    document: Document,
    parsed: core.ParsedDocument,
    task_list: TaskList,
    items: list[Item],
    records: Sequence[Record],
    as_of: date | None,
) -> Round:
    period = period_from_title(parsed.title, document.year)
    round_as_of = as_of or (period.as_of if period else None) or document.date or date.today()
    rnd = Round.objects.create(
        task_list=task_list,
        period=period.label if period else f"截至{round_as_of:%Y年%-m月%-d日}",
        as_of=round_as_of,
        state=RoundState.CLOSED,
        document=document,
    )
    entries = []
    for item, rec in zip(items, records, strict=True):
        if isinstance(rec, core.Measure):
            continue
        status = rec.status if isinstance(rec, core.Task) else rec.evaluation
        entries.append(
            Entry(
                round=rnd,
                item=item,
                progress=rec.progress,
                percent=rec.percent if isinstance(rec, core.Indicator) else None,
                self_status=status.value if status else "",
                status=status.value if status else "",
            )
        )
    Entry.objects.bulk_create(entries)
    return rnd


def responsibilities(unit: Unit) -> dict[str, list[dict[str, object]]]:
    """Everything a unit leads or co-leads across documents, directly or through a group reference."""
    ids = unit.descendant_ids()
    links = (
        ItemUnit.objects.filter(Q(unit_id__in=ids) | Q(group__region=unit.region))
        .select_related("item__task_list__document", "group")
        .order_by("item__task_list_id", "item__order")
    )
    members: dict[tuple[int, int | None], set[int]] = {}
    out: dict[str, list[dict[str, object]]] = {"leads": [], "related": []}
    seen: set[tuple[int, str]] = set()
    for link in links:
        if link.group is not None:
            key = (link.group.pk, link.item.task_list.year)
            if key not in members:
                members[key] = group_member_ids(link.group, link.item.task_list.year)
            if not members[key] & ids:
                continue
        if (link.item_id, link.role) in seen:
            continue
        seen.add((link.item_id, link.role))
        task_list = link.item.task_list
        out["leads" if link.role == Role.LEAD else "related"].append(
            {
                "document": str(task_list.document) if task_list.document else task_list.title,
                "list": task_list.title,
                "kind": task_list.kind,
                "seq": link.item.seq,
                "text": link.item.text,
                "via": link.group.name if link.group else None,
            }
        )
    return out


def link_units(link: ItemUnit) -> list[Unit]:
    """The units an item link stands for: its unit (merges followed) or the members of its group."""
    if link.unit is not None:
        return [link.unit.canonical()]
    if link.group is not None:
        members = Unit.objects.filter(pk__in=group_member_ids(link.group)).order_by("name")
        return list(dict.fromkeys(u.canonical() for u in members))
    return []


def group_member_ids(group: UnitGroup, year: int | None = None) -> set[int]:
    """The units a group reference stands for, by its rule (民生实事 leads of the same year)."""
    if group.rule == GroupRule.TOWNS:
        return set(
            Unit.objects.filter(
                region=group.region, kind__in=[UnitKind.TOWN, UnitKind.SUBDISTRICT], merged_into__isnull=True
            ).values_list("pk", flat=True)
        )
    if group.rule == GroupRule.LIVELIHOOD_LEADS:
        leads = ItemUnit.objects.filter(
            Q(item__task_list__kind=ListKind.INDICATORS) | Q(item__district_livelihood=True),
            item__task_list__region=group.region,
            role=Role.LEAD,
            unit__isnull=False,
        )
        if year is not None:
            leads = leads.filter(item__task_list__year=year)
        return set(leads.values_list("unit_id", flat=True))
    return set(group.members.values_list("pk", flat=True))


def open_round(
    task_list: TaskList, *, period: str, as_of: date, deadline: date | None, tolerance: Decimal | None
) -> Round:
    """Open a collection round with an empty entry for every item of the list."""
    rnd = Round.objects.create(
        task_list=task_list,
        period=period,
        as_of=as_of,
        deadline=deadline,
        state=RoundState.OPEN,
        **({"tolerance": tolerance} if tolerance is not None else {}),
    )
    Entry.objects.bulk_create([Entry(round=rnd, item=item) for item in task_list.items.order_by("order")])
    return rnd


def round_summary(rnd: Round) -> dict[str, object]:
    """A round as `duban round list --json` gives it."""
    return {
        "id": rnd.pk,
        "list": rnd.task_list.title,
        "list_id": rnd.task_list_id,
        "kind": rnd.task_list.kind,
        "period": rnd.period,
        "as_of": rnd.as_of.isoformat(),
        "deadline": rnd.deadline.isoformat() if rnd.deadline else None,
        "state": rnd.state,
        "tolerance": decimal_str(rnd.tolerance),
        "entries": rnd.entries.count(),
    }
