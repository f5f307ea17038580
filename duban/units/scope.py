"""What a user may see, worked out once per request: the regions, the role, the units.

Every model's `visible_to(user)` starts from this, so pages, the API and exports filter alike.
A user with no role (or a unit role without a unit) sees nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q

from duban.roles import Role

NOTHING = Q(pk__in=[])
SUPERVISION_ROLES = frozenset({Role.OFFICE, Role.LEADER, Role.REPORTER, Role.HEAD})
DIRECTORY_ROLES = frozenset({Role.SYSADMIN})  # users, units: every region's directory, no supervision data


@dataclass
class Scope:
    """A user's view: role, the region row it belongs to, and its units with their sub-units."""

    role: str = Role.NONE
    region: Any = None  # duban.units.models.Region
    unit_ids: frozenset[int] = field(default_factory=frozenset)
    memo: dict[str, Any] = field(default_factory=dict)  # what other apps derive from the scope, once

    @property
    def sees_supervision(self) -> bool:
        if self.role in (Role.REPORTER, Role.HEAD):
            return self.region is not None and bool(self.unit_ids)
        return self.role in SUPERVISION_ROLES and self.region is not None

    def regions(self, prefix: str = "", *, directory: bool = False) -> Q:
        """A filter on the regions (or on a model through `prefix`, e.g. "region__") this user may see."""
        if directory and self.role in DIRECTORY_ROLES:
            return Q()
        if not self.sees_supervision:
            return NOTHING
        return self.region.below_q(prefix)

    def manages(self, region_id: int | None) -> bool:
        """The office of exactly this region (an upper office reads the regions below; it owns its own)."""
        return self.role == Role.OFFICE and self.region is not None and self.region.pk == region_id


def scope_of(user: Any) -> Scope:
    """The user's scope, computed once and kept on the user object for the request."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return Scope()
    cached = getattr(user, "_duban_scope", None)
    if cached is not None:
        return cached
    from duban.units.models import Unit

    unit_ids: set[int] = set()
    if user.role in (Role.REPORTER, Role.HEAD):
        for unit in Unit.objects.filter(users=user):
            unit_ids |= unit.descendant_ids()
    scope = Scope(role=user.role, region=user.region, unit_ids=frozenset(unit_ids))
    user._duban_scope = scope
    return scope
