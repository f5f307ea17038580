"""Account writes shared by the pages, the admin and the command line, each audited."""

from __future__ import annotations

from typing import Any

from axes.handlers.proxy import AxesProxyHandler
from django.db import transaction

from duban.accounts.lockout import username_of
from duban.accounts.models import User
from duban.actors import Actor
from duban.audit.choices import EventType, Outcome
from duban.audit.services import record
from duban.errors import InvalidInput


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
