"""三权分立: the system, security and audit administrators each have their own work, and only it.

- The system administrator (系统管理员) manages accounts — creates them, deactivates them, sets
  their name, region and units, resets passwords — and the unit directory.
- The security administrator (安全管理员) decides what an account may do: its role, whether it
  enters the admin, its groups and permissions, and unlocks locked accounts.
- The audit administrator (审计管理员) reads and exports the audit log, nothing else.

Django's superuser would be all three at once: it does not exist in duban (a database constraint
refuses it, and `has_perm` never looks at the flag). An administrator role has exactly the
permissions listed here, whatever groups it is put in; the office and leaders get theirs from
groups, but never those of accounts, permissions or the audit log.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from duban.actors import Actor
from duban.errors import Forbidden
from duban.roles import Role

# The fields of an account each administrator sets (the rest are the user's own: password, logins).
SYSADMIN_FIELDS = frozenset(
    {
        "username",
        "first_name",
        "last_name",
        "email",
        "phone",
        "is_active",
        "region_id",
        "units",
        "must_change_password",
        "password",
        "password_changed_at",
        "date_joined",
    }
)
SECADMIN_FIELDS = frozenset({"role", "is_staff", "groups", "user_permissions"})
# Fields that say what an account may do: their changes are role events of the audit log.
ROLE_FIELDS = SECADMIN_FIELDS

_UNITS = [
    f"units.{verb}_{model}"
    for model in ("unit", "unitalias", "unitrenaming", "unitgroup", "region")
    for verb in ("view", "add", "change")
] + ["units.delete_unitalias", "units.delete_unitgroup"]

ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    Role.SYSADMIN: frozenset(["accounts.view_user", "accounts.add_user", "accounts.change_user", *_UNITS]),
    Role.SECADMIN: frozenset(
        [
            "accounts.view_user",
            "accounts.change_user",
            "auth.view_group",
            "auth.add_group",
            "auth.change_group",
            "auth.delete_group",
            "auth.view_permission",
            # django-axes' lockout records: the security administrator unlocks accounts.
            "axes.view_accessattempt",
            "axes.delete_accessattempt",
            "axes.view_accessfailurelog",
            "axes.view_accesslog",
        ]
    ),
    Role.AUDITOR: frozenset(["audit.view_event"]),
}

# Apps whose permissions no group grants: they belong to the administrator roles above.
RESERVED_APPS = frozenset(
    {"accounts", "auth", "audit", "axes", "authtoken", "admin", "sessions", "contenttypes"}
)


def permissions_of(user: Any, group_permissions: Iterable[str]) -> frozenset[str]:
    """What the user may do in the admin: an administrator's role permissions, else its groups' minus
    the reserved apps (so that no group turns an officer into an administrator)."""
    if not user.is_active:
        return frozenset()
    if user.role in ROLE_PERMISSIONS:
        return ROLE_PERMISSIONS[user.role]
    return frozenset(p for p in group_permissions if p.split(".", 1)[0] not in RESERVED_APPS)


def is_role(actor: Actor, role: Role) -> bool:
    user = actor.user
    return user is not None and user.is_active and user.role == role


def may_manage_accounts(actor: Actor) -> bool:
    """The system administrator (or the installation's operator console)."""
    return actor.operator or is_role(actor, Role.SYSADMIN)


def may_assign_roles(actor: Actor) -> bool:
    """The security administrator (or the operator console)."""
    return actor.operator or is_role(actor, Role.SECADMIN)


def require_fields(actor: Actor, fields: Iterable[str], *, created: bool = False) -> None:
    """Refuse a change of account fields outside the actor's duty, naming the first such field."""
    fields = set(fields)
    if actor.operator:
        return
    own = (SYSADMIN_FIELDS if may_manage_accounts(actor) else frozenset()) | (
        SECADMIN_FIELDS if may_assign_roles(actor) else frozenset()
    )
    if created and not may_manage_accounts(actor):
        raise Forbidden("只有系统管理员可以新建账号", f"forbidden: account created by {actor.name}")
    outside = sorted(fields - own)
    if outside:
        what = "角色与权限" if set(outside) & SECADMIN_FIELDS else "账号信息"
        who = "安全管理员" if what == "角色与权限" else "系统管理员"
        raise Forbidden(
            f"您没有权限修改{what}（这是{who}的工作）",
            f"forbidden: {actor.name} changing {', '.join(outside)}",
        )
