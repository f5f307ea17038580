"""The named people of the permission tests, as the demo has them.

- 督查室 officer 杜主任 (`duchashi`): runs rounds, reviews, publishes.
- 区民政局 reporter 闵科员 (`minzheng`) and its head 闵局长 (`minzheng-head`).
- 区财政局 reporter 蔡科员 (`caizheng`): another unit, sees nothing of 区民政局's drafts.
- the leader 林区长 (`lingdao`): reads everything published, writes instructions, changes no data.
- the system administrator 史管理 (`admin`): users and units, no supervision data.
- the security administrator 安管理 (`anquan`): roles and permissions, unlocks accounts.
- the audit administrator 审管理 (`shenji`): reads and exports the audit log, nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from duban.accounts.demo import ensure_demo_accounts
from duban.accounts.models import User
from duban.actors import Actor, Via


@dataclass(frozen=True)
class Personas:
    officer: User
    reporter: User
    head: User
    other_reporter: User
    leader: User
    admin: User
    secadmin: User
    auditor: User

    def actor(self, user: User, via: Via = Via.WEB) -> Actor:
        return Actor.of_user(user, via, "127.0.0.1")


@pytest.fixture
def personas(imported) -> Personas:  # type: ignore[no-untyped-def]
    ensure_demo_accounts()
    get = User.objects.get
    return Personas(
        officer=get(username="duchashi"),
        reporter=get(username="minzheng"),
        head=get(username="minzheng-head"),
        other_reporter=get(username="caizheng"),
        leader=get(username="lingdao"),
        admin=get(username="admin"),
        secadmin=get(username="anquan"),
        auditor=get(username="shenji"),
    )


def otp_code(device: TOTPDevice, *, steps_ahead: int = 0) -> str:
    """The code the person's authenticator app shows now (or `steps_ahead` steps of 30 s later)."""
    value = totp(device.bin_key, device.step, device.t0, device.digits, device.drift + steps_ahead)
    return f"{value:0{device.digits}d}"


def device_of(username: str) -> TOTPDevice:
    """The user's TOTP device: the confirmed one, else the one being enrolled."""
    return TOTPDevice.objects.filter(user__username__iexact=username).order_by("-confirmed", "pk").first()  # type: ignore[return-value]
