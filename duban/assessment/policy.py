"""Who may do what with the assessment.

- The region's 督查室 sets the rule, reads every unit's breakdown and downloads the results.
- The region's leaders read everything and download; they change nothing.
- A unit reads its own score, rank and breakdown, and the ranking (scores and ranks of every
  unit: the results are published to the units, as 考核结果通报 are), but never another unit's
  breakdown, which would show the other unit's unpublished work item by item.
- An office above the region (city, province) reads the regions below it; the rule stays the
  region's own.
"""

from __future__ import annotations

from typing import Any

from duban.actors import Actor
from duban.roles import Role
from duban.supervision import policy as supervision
from duban.units.models import Region
from duban.units.scope import scope_of


def may_read(user: Any, region: Region) -> bool:
    """Whether the user sees the region's ranking (every supervision role of the region, and those above)."""
    scope = scope_of(user)
    return scope.sees_supervision and Region.objects.filter(scope.regions(), pk=region.pk).exists()


def may_set_rule(actor: Actor, region: Region) -> bool:
    """Only the region's own office sets its rule."""
    return supervision.is_office(actor, region)


def reads_every_unit(user: Any, region: Region) -> bool:
    """The office and the leaders (of the region or above) read every unit's breakdown."""
    scope = scope_of(user)
    return scope.role in (Role.OFFICE, Role.LEADER) and may_read(user, region)


def may_read_unit(user: Any, region: Region, unit_id: int) -> bool:
    """A unit's breakdown: the office, the leaders, and the unit itself."""
    if reads_every_unit(user, region):
        return True
    scope = scope_of(user)
    return scope.role in (Role.REPORTER, Role.HEAD) and unit_id in scope.unit_ids and may_read(user, region)


def may_download(user: Any, region: Region) -> bool:
    """The files hold every unit's breakdown: the office and the leaders."""
    return reads_every_unit(user, region)
