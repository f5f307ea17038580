"""Who may correct the unit directory: the region's 督查室, the system administrator, or the operator."""

from __future__ import annotations

from duban.actors import Actor
from duban.errors import Forbidden
from duban.roles import Role


def may_edit_directory(actor: Actor, region_id: int) -> bool:
    if actor.operator:
        return True
    user = actor.user
    if user is None:
        return False
    if user.role == Role.SYSADMIN:
        return True
    return user.role == Role.OFFICE and user.region_id == region_id


def require_directory(actor: Actor, region_id: int) -> None:
    if not may_edit_directory(actor, region_id):
        raise Forbidden("您没有权限修改单位目录", f"forbidden: directory of region {region_id}")
