"""Account changes: each checked against the administrators' separate duties and audited with before/after.

The admin (duban.accounts.admin), the pages and the command line (`duban account`, `duban unlock`) all
come here: password changes, unlocking and TOTP enrolment too.
"""

from __future__ import annotations

import secrets
from typing import Any

from axes.handlers.proxy import AxesProxyHandler
from django.db import transaction
from django.utils import timezone

from duban.accounts import policy
from duban.accounts.lockout import username_of
from duban.accounts.models import User
from duban.actors import Actor
from duban.audit import services as audit
from duban.audit.choices import EventType, Outcome
from duban.audit.services import record
from duban.errors import Forbidden, InvalidInput
from duban.roles import ADMIN_ROLES, UNIT_ROLES, Role
from duban.units.models import Region, Unit

# Never written to the log: the hash is not the password, but it is what an attacker would crack.
HIDDEN = frozenset({"password", "last_login"})


def user_snapshot(user: User) -> dict[str, Any]:
    """The account as the audit log compares it: its fields and its units, groups and permissions."""
    values = audit.snapshot(user)
    values = {k: v for k, v in values.items() if k not in HIDDEN and k != "id"}
    if user.pk is None:
        return {**values, "units": [], "groups": [], "user_permissions": []}
    values["units"] = sorted(user.units.values_list("pk", flat=True))
    values["groups"] = sorted(user.groups.values_list("name", flat=True))
    values["user_permissions"] = sorted(
        f"{app}.{code}"
        for app, code in user.user_permissions.values_list("content_type__app_label", "codename")
    )
    return values


def record_change(
    actor: Actor,
    user: User,
    before: dict[str, Any],
    *,
    created: bool = False,
    password_set: bool = False,
) -> None:
    """Check the change against the actor's duty and audit it; call inside the transaction that made it.

    A change outside the actor's duty raises `Forbidden`, which rolls the change back.
    """
    after = user_snapshot(user)
    changes = audit.diff(before, after)
    fields = set(changes) | ({"password"} if password_set else set())
    policy.require_fields(actor, fields, created=created)
    if actor.user is not None and actor.user.pk == user.pk and fields & policy.ROLE_FIELDS:
        raise Forbidden("不能修改自己的角色与权限", f"forbidden: {actor.name} changing own role")
    detail = {"created": True} if created else {}
    if password_set:
        changes["password"] = ["（已隐藏）", "（已重置）"]
    account = {k: v for k, v in changes.items() if k not in policy.ROLE_FIELDS}
    roles = {k: v for k, v in changes.items() if k in policy.ROLE_FIELDS}
    entries = []
    if account or created:
        entries.append(audit.Entry(EventType.USER_CHANGE, user, account, detail=detail))
    if roles:
        entries.append(audit.Entry(EventType.ROLE_CHANGE, user, roles))
    audit.record_many(actor, entries)


def create_account(
    actor: Actor,
    username: str,
    *,
    name: str = "",
    role: str = Role.NONE,
    region: Region | None = None,
    units: list[Unit] | None = None,
) -> tuple[User, str]:
    """A new account with a random initial password the user must change at first login.

    Only the operator console gives a role at creation (the first administrators of an
    installation); in the admin the security administrator gives it afterwards.
    """
    username = username.strip()
    if not username:
        raise InvalidInput("用户名不能为空", "empty username")
    if User.objects.filter(username__iexact=username).exists():
        raise InvalidInput(f"用户名“{username}”已存在（不区分大小写）", f"duplicate username {username!r}")
    if role and role not in Role.values:
        raise InvalidInput(f"没有“{role}”这个角色", f"unknown role {role!r}")
    if role in UNIT_ROLES and not units:
        raise InvalidInput("单位填报员和单位负责人须指定所属单位", "unit role without a unit")
    password = secrets.token_urlsafe(12)
    with transaction.atomic():
        user = User(username=username, first_name=name, region=region, must_change_password=True)
        before = user_snapshot(user)
        user.set_password(password)
        user.save()
        user.units.set(units or [])
        if role:
            user.role = role
            user.is_staff = role in ADMIN_ROLES
            user.save(update_fields=["role", "is_staff"])
        record_change(actor, user, before, created=True, password_set=True)
    return user, password


def reset_password(actor: Actor, user: User) -> str:
    """A new random password, to be changed at the next login (the system administrator's work)."""
    if not policy.may_manage_accounts(actor):
        raise Forbidden("只有系统管理员可以重置密码", f"forbidden: password reset by {actor.name}")
    password = secrets.token_urlsafe(12)
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        before = user_snapshot(locked)
        locked.set_password(password)
        locked.must_change_password = True
        locked.password_changed_at = timezone.now()
        locked.save()
        record_change(actor, locked, before, password_set=True)
    return password


def set_active(actor: Actor, users: list[User], active: bool) -> int:
    """Deactivate (or reactivate) accounts; a deactivated account keeps its history and cannot log in."""
    if not policy.may_manage_accounts(actor):
        raise Forbidden("只有系统管理员可以停用或启用账号", f"forbidden: deactivation by {actor.name}")
    changed = 0
    with transaction.atomic():
        for user in User.objects.select_for_update().filter(pk__in=[u.pk for u in users]):
            if user.is_active == active:
                continue
            if actor.user is not None and actor.user.pk == user.pk:
                raise Forbidden("不能停用自己的账号", f"forbidden: {actor.name} deactivating self")
            before = user_snapshot(user)
            user.is_active = active
            user.save(update_fields=["is_active"])
            record_change(actor, user, before)
            changed += 1
    return changed


def change_password(actor: Actor, user: User, new_password: str) -> None:
    """Set a validated new password: the first-login flag goes, the password's age starts again."""
    with transaction.atomic():
        user.set_password(new_password)
        user.must_change_password = False
        user.save(update_fields=["password", "must_change_password", "password_changed_at"])
        # Only the fact is recorded, never the password (not even its hash).
        record(actor, EventType.PASSWORD_CHANGE, user, detail={"user": user.get_username()})


def unlock(actor: Actor, username: str = "", ip: str = "") -> int:
    """End the lockout of a user name and/or an address (the failures counted are forgotten)."""
    name = username_of(None, {"username": username}) if username else None  # type: ignore[arg-type]
    if not name and not ip:
        raise InvalidInput("请给出要解锁的用户名或 IP 地址", "unlock: nothing named")
    with transaction.atomic():
        removed = 0
        if name:
            removed += AxesProxyHandler.reset_attempts(username=name)
        if ip:
            removed += AxesProxyHandler.reset_attempts(ip_address=ip)
        user = User.objects.filter(username__iexact=name).first() if name else None
        record(
            actor,
            EventType.UNLOCK,
            user,
            outcome=Outcome.SUCCESS,
            detail={"username": name or "", "ip": ip, "attempts_removed": removed},
            object_repr="" if user else (name or ip),
        )
    return removed


def enrol(actor: Actor, device: Any) -> None:
    """Confirm a TOTP device whose first code was right: from now on it is asked at every login."""
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        record(actor, EventType.OTP_ENROL, device.user, detail={"device": device.pk})


def reset_devices(actor: Actor, devices: list[Any]) -> list[str]:
    """Remove second-factor devices (a lost phone): their users enrol a new one at their next login."""
    names = []
    with transaction.atomic():
        for device in devices:
            user = device.user
            record(
                actor, EventType.OTP_RESET, user, detail={"device": device.pk, "user": user.get_username()}
            )
            device.delete()
            names.append(user.get_username())
    return sorted(set(names))
