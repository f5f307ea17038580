"""Who reads the audit log in the pages: the audit administrator, and nobody else (三权分立).

Nobody edits it or switches it off: no page, admin form, API or command changes or deletes a row;
only retention (`duban audit prune`, at least 184 days, itself logged) removes old rows.
"""

from __future__ import annotations

from duban.actors import Actor
from duban.errors import Forbidden
from duban.roles import Role


def may_read_audit(actor: Actor) -> bool:
    user = actor.user
    return user is not None and user.is_active and user.role == Role.AUDITOR


def require_auditor(actor: Actor) -> None:
    if not may_read_audit(actor):
        raise Forbidden("审计日志仅供审计管理员查阅", f"forbidden: audit log for {actor.name}")
