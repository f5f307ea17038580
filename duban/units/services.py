"""The office's corrections to the unit directory: merging two names into one unit, recording a renaming.

Each write takes an explicit actor, runs in one transaction and is audited. Other apps that hang
records on units (the cadre register's posts) follow a merge through the `unit_merged` signal,
so that the directory never imports the apps built on it.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction

from duban.actors import Actor
from duban.audit import services as audit
from duban.audit.choices import EventType
from duban.errors import InvalidInput
from duban.units import policy
from duban.units.choices import AliasKind
from duban.units.models import Region, Unit, UnitAlias, UnitRenaming
from duban.units.resolve import directory_for
from duban.units.signals import unit_merged


def merge_units(actor: Actor, source: Unit, target: Unit) -> Unit:
    """Merge `source` into `target`: history stays, look-ups of the old name reach the target.

    Receivers of `unit_merged` move what hangs on the source (the cadre register moves its posts,
    so a later removal under the target's name closes a tenure begun under the source's).
    """
    policy.require_directory(actor, source.region_id)
    if source.region_id != target.region_id or source.pk == target.pk:
        raise InvalidInput(
            "只能合并同一行政区划内的两个不同单位", f"cannot merge unit {source.pk} into {target.pk}"
        )
    if target.canonical().pk == source.pk:
        raise InvalidInput(
            f"“{target.full_name}”已并入“{source.full_name}”，不能再反向合并", f"merge cycle {source.pk}"
        )
    with transaction.atomic():
        UnitAlias.objects.get_or_create(unit=target, name=source.name, defaults={"kind": AliasKind.FORMER})
        children = list(Unit.objects.filter(parent=source).values_list("pk", flat=True))
        Unit.objects.filter(parent=source).update(parent=target)
        source.merged_into = target
        source.needs_review = False
        source.save(update_fields=["merged_into", "needs_review"])
        unit_merged.send(sender=Unit, source=source, target=target)
        audit.record(
            actor,
            EventType.UNIT_MERGE,
            source,
            changes={"merged_into_id": [None, target.pk]},
            detail={"target": target.full_name, "children_moved": children},
        )
    return target


def record_renaming(
    actor: Actor, old: Unit, new: Unit, *, on: date | None = None, note: str = ""
) -> UnitRenaming:
    """Record that a unit was renamed or reorganised into another from a date (its history stays apart)."""
    policy.require_directory(actor, old.region_id)
    if old.region_id != new.region_id or old.pk == new.pk:
        raise InvalidInput("更名前后应为同一行政区划内的两个不同单位", f"bad renaming {old.pk} -> {new.pk}")
    with transaction.atomic():
        renaming = UnitRenaming.objects.create(old=old, new=new, on=on, note=note.strip())
        UnitAlias.objects.get_or_create(unit=new, name=old.name, defaults={"kind": AliasKind.FORMER})
        audit.record(
            actor,
            EventType.UNIT_RENAME,
            renaming,
            detail={"old": old.full_name, "new": new.full_name, "on": on},
        )
    return renaming


def search_units(region: Region | None, name: str) -> list[Unit]:
    """Units whose name or alias is exactly `name` (then by resolution) in the region(s)."""
    regions = [region] if region else list(Region.objects.all())
    found: list[Unit] = []
    for r in regions:
        # An exact unit name wins over a short name or alias, which win over a loose short name
        # several units share: the office must be able to name the flagged unit 区城管局 itself.
        tiers = [
            Unit.objects.filter(region=r, name=name),
            Unit.objects.filter(region=r, aliases__name=name).exclude(aliases__kind=AliasKind.LOOSE),
            Unit.objects.filter(region=r, aliases__name=name, aliases__kind=AliasKind.LOOSE),
        ]
        direct = next((list(t.distinct()) for t in tiers if t.exists()), [])
        if direct:
            found.extend(dict.fromkeys(u.canonical() for u in direct))
            continue
        res = directory_for(r).resolve(name)
        if res.unit is not None and res.status in ("exact", "rule"):
            found.append(Unit.objects.get(pk=int(res.unit.key)))
    return list(dict.fromkeys(found))
