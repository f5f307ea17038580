"""Demo accounts for `duban demo`: one person for each role, password duban-demo.

They exist only in a demo database (an installation starts with no account at all).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import Group, Permission
from django_otp.plugins.otp_totp.models import TOTPDevice

from duban.accounts import twofactor
from duban.accounts.models import User
from duban.roles import ADMIN_ROLES, Role
from duban.units.models import Region, Unit
from duban.units.services import search_units

DEMO_PASSWORD = "duban-demo"  # noqa: S105 — the demo's published password (README), only set by `duban demo`
OFFICE_GROUP = "督查室"
LEADER_GROUP = "领导（只读）"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    name: str
    role: Role
    unit: str = ""  # the unit's name as the documents write it


DEMO_ACCOUNTS = [
    DemoAccount("duchashi", "督查室", Role.OFFICE),
    DemoAccount("minzheng", "区民政局填报员", Role.REPORTER, "区民政局"),
    DemoAccount("minzheng-head", "区民政局负责人", Role.HEAD, "区民政局"),
    DemoAccount("caizheng", "区财政局填报员", Role.REPORTER, "区财政局"),
    DemoAccount("lingdao", "区政府领导", Role.LEADER),
    DemoAccount("admin", "系统管理员", Role.SYSADMIN),
    DemoAccount("anquan", "安全管理员", Role.SECADMIN),
    DemoAccount("shenji", "审计管理员", Role.AUDITOR),
]


def _admin_groups() -> tuple[Group, Group]:
    """Groups giving the office and leaders their view of the admin (Django's own permissions)."""
    office, _ = Group.objects.get_or_create(name=OFFICE_GROUP)
    leader, _ = Group.objects.get_or_create(name=LEADER_GROUP)
    duban_perms = Permission.objects.filter(
        content_type__app_label__in=["units", "documents", "personnel", "supervision", "reminders"]
    )
    office.permissions.set(duban_perms)
    leader.permissions.set(duban_perms.filter(codename__startswith="view_"))
    return office, leader


def ensure_demo_accounts(region: Region | None = None) -> list[str]:
    """Create (or reset) the demo users of the region (the only one stored, when not given)."""
    region = region or Region.objects.order_by("pk").first()
    office, leader = _admin_groups()
    for account in DEMO_ACCOUNTS:
        user = User.objects.filter(username__iexact=account.username).first() or User(
            username=account.username
        )
        user.first_name = account.name
        user.role = account.role
        user.region = region
        # The three administrators enter the admin with their role's permissions only (三权分立);
        # nobody is a superuser.
        user.is_staff = account.role in (Role.OFFICE, Role.LEADER, *ADMIN_ROLES)
        user.must_change_password = False  # a demo is for clicking through, not for a first-login change
        user.set_password(DEMO_PASSWORD)
        user.save()
        user.groups.set(
            [office] if account.role == Role.OFFICE else [leader] if account.role == Role.LEADER else []
        )
        units: list[Unit] = search_units(region, account.unit) if account.unit and region else []
        user.units.set(units[:1])
    return [a.username for a in DEMO_ACCOUNTS]


def ensure_demo_devices() -> dict[str, str]:
    """A confirmed TOTP device for each demo account whose role needs one; their secrets by user name.

    `duban demo` prints them, to be typed into an authenticator app (the second factor stays on).
    """
    secrets = {}
    for user in User.objects.filter(username__in=[a.username for a in DEMO_ACCOUNTS]).order_by("pk"):
        if user.role not in twofactor.OTP_ROLES:
            continue
        device = twofactor.confirmed_device(user) or TOTPDevice.objects.create(
            user=user, name="演示身份验证器", confirmed=True
        )
        secrets[user.get_username()] = twofactor.secret_of(device)
    return secrets
