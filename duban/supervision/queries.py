"""Who is responsible for what: the units behind an item's links, and everything a unit answers for."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from duban.supervision.choices import Duty, ListKind
from duban.supervision.models import Item, ItemUnit
from duban.units.choices import TOWN_KINDS, GroupRule
from duban.units.models import Unit, UnitGroup
from duban.units.scope import Scope


def group_member_ids(group: UnitGroup, year: int | None = None) -> set[int]:
    """The units a group reference stands for, by its rule (民生实事 leads of the same year)."""
    if group.rule == GroupRule.TOWNS:
        return set(
            Unit.objects.active()
            .filter(region_id=group.region_id, kind__in=TOWN_KINDS)
            .values_list("pk", flat=True)
        )
    if group.rule == GroupRule.LIVELIHOOD_LEADS:
        leads = ItemUnit.objects.filter(
            Q(item__task_list__kind=ListKind.INDICATORS) | Q(item__district_livelihood=True),
            item__task_list__region_id=group.region_id,
            duty=Duty.LEAD,
            unit__isnull=False,
        )
        if year is not None:
            leads = leads.filter(item__task_list__year=year)
        return set(leads.values_list("unit_id", flat=True))
    return set(group.members.values_list("pk", flat=True))


def group_ids_for(scope: Scope) -> list[int]:
    """The group references (各镇（街道）, 各实事承办单位 …) of the scope's region that stand for its units."""
    if "group_ids" not in scope.memo:
        scope.memo["group_ids"] = [
            g.pk
            for g in UnitGroup.objects.filter(region=scope.region)
            if group_member_ids(g) & scope.unit_ids
        ]
    return list(scope.memo["group_ids"])


def link_units(link: ItemUnit) -> list[Unit]:
    """The units an item link stands for: its unit (merges followed) or the members of its group."""
    if link.unit is not None:
        return [link.unit.canonical()]
    if link.group is not None:
        members = Unit.objects.filter(pk__in=group_member_ids(link.group)).order_by("name")
        return list(dict.fromkeys(u.canonical() for u in members))
    return []


# Where `bulletin.load_entries` puts an item's links: a plain list set on the item, which costs
# nothing a row, where a prefetch into `item.units` builds a query set for every item.
LOADED_LINKS = "loaded_links"


def links_of(item: Item) -> list[ItemUnit]:
    """The item's links: as loaded with it (`bulletin.load_entries`), else `item.units` (prefetched or not)."""
    loaded: list[ItemUnit] | None = getattr(item, LOADED_LINKS, None)
    return loaded if loaded is not None else list(item.units.all())


def lead_units(item: Item) -> list[Unit]:
    """The units leading an item: merges followed, group references expanded to their members."""
    found: dict[int, Unit] = {}
    for link in links_of(item):
        if link.duty == Duty.LEAD:
            for unit in link_units(link):
                found.setdefault(unit.pk, unit)
    return list(found.values())


@dataclass(frozen=True)
class Responsibility:
    """An item a unit leads or co-leads, and the document and list it comes from."""

    item_id: int
    duty: Duty
    document: str
    list_title: str
    kind: str
    seq: int
    text: str
    via: str | None  # the group reference the unit answers through (各镇（街道）), if any


def responsibilities(unit: Unit) -> list[Responsibility]:
    """Everything a unit leads or co-leads across documents, directly or through a group reference."""
    ids = unit.descendant_ids()
    links = (
        ItemUnit.objects.filter(Q(unit_id__in=ids) | Q(group__region=unit.region))
        .select_related("item__task_list__document", "group")
        .order_by("item__task_list_id", "item__order")
    )
    members: dict[tuple[int, int | None], set[int]] = {}
    out: list[Responsibility] = []
    seen: set[tuple[int, str]] = set()
    for link in links:
        task_list = link.item.task_list
        if link.group is not None:
            key = (link.group.pk, task_list.year)
            if key not in members:
                members[key] = group_member_ids(link.group, task_list.year)
            if not members[key] & ids:
                continue
        if (link.item_id, link.duty) in seen:
            continue
        seen.add((link.item_id, link.duty))
        out.append(
            Responsibility(
                item_id=link.item_id,
                duty=Duty(link.duty),
                document=str(task_list.document) if task_list.document else task_list.title,
                list_title=task_list.title,
                kind=task_list.kind,
                seq=link.item.seq,
                text=link.item.text,
                via=link.group.name if link.group else None,
            )
        )
    return out
