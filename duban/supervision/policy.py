"""Who may do what in supervision: one predicate per action, used by the services (and the pages to hide buttons).

The command line acts as the installation's operator and may do everything; a user acts with
the role and units of the account (duban.accounts).
"""

from __future__ import annotations

from duban.accounts.models import User
from duban.actors import Actor
from duban.errors import Forbidden
from duban.roles import Role
from duban.supervision.models import Entry
from duban.supervision.queries import lead_units
from duban.units.models import Region, Unit


def user_unit_ids(actor: Actor) -> set[int]:
    """The units an actor reports for: the account's units and their sub-units."""
    user = actor.user
    if user is None:
        return set()
    ids: set[int] = set()
    for unit in user.units.all():
        ids |= unit.descendant_ids()
    return ids


def is_office(actor: Actor, region: Region | int) -> bool:
    """The 督查室 of the region (or the operator)."""
    if actor.operator:
        return True
    user = actor.user
    region_id = region if isinstance(region, int) else region.pk
    return user is not None and user.role == Role.OFFICE and user.region_id == region_id


def leads(actor: Actor, entry: Entry) -> bool:
    """Whether the actor's units lead the entry's item."""
    mine = user_unit_ids(actor)
    return bool(mine) and any(u.pk in mine for u in lead_units(entry.item))


def may_report(actor: Actor, entry: Entry) -> bool:
    """A reporter (or the head) of a lead unit fills the unit's entries."""
    if actor.operator:
        return True
    user = actor.user
    return user is not None and user.role in (Role.REPORTER, Role.HEAD) and leads(actor, entry)


def may_approve(actor: Actor, entry: Entry) -> bool:
    """The head of a lead unit signs its entries off."""
    if actor.operator:
        return True
    user = actor.user
    return user is not None and user.role == Role.HEAD and leads(actor, entry)


def may_review(actor: Actor, entry: Entry) -> bool:
    """The office of the list's region reviews entries."""
    return is_office(actor, entry.round.task_list.region_id)


def needs_head(entry: Entry, actor: Actor) -> bool:
    """Whether a submission waits for a unit head: only online, only where a lead unit has a head,
    and not when the head submits it (the head's own submission is the signature)."""
    if actor.operator:
        return False  # a paper or file report carries the head's signature already
    if actor.user is not None and actor.user.role == Role.HEAD:
        return False
    unit_ids = {u.pk for u in lead_units(entry.item)}
    return User.objects.filter(role=Role.HEAD, is_active=True, units__in=unit_ids).exists()


def require(allowed: bool, what: str) -> None:
    """Refuse with a Chinese message naming the action."""
    if not allowed:
        raise Forbidden(f"您没有权限{what}", f"forbidden: {what}")


def unit_of(actor: Actor) -> Unit | None:
    """The actor's first unit (for messages), if any."""
    user = actor.user
    return user.units.first() if user is not None else None
