"""Demo accounts for `make demo`: the 督查室 officer, a leader who only reads, and an administrator."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission

DEMO_PASSWORD = "duban-demo"
OFFICE_GROUP = "督查室"
LEADER_GROUP = "领导（只读）"


def ensure_demo_accounts() -> list[str]:
    """Create (or reset) the demo users and their groups; returns their usernames."""
    user_model = get_user_model()
    office, _ = Group.objects.get_or_create(name=OFFICE_GROUP)
    leader, _ = Group.objects.get_or_create(name=LEADER_GROUP)
    duban_perms = Permission.objects.filter(
        content_type__app_label__in=["units", "documents", "personnel", "supervision", "reminders"]
    )
    office.permissions.set(duban_perms)
    leader.permissions.set(duban_perms.filter(codename__startswith="view_"))
    accounts = [
        ("admin", "系统管理员", True, None),
        ("duchashi", "督查室", False, office),
        ("lingdao", "区政府领导", False, leader),
    ]
    for username, first_name, superuser, group in accounts:
        user, _ = user_model.objects.get_or_create(username=username)
        user.first_name = first_name
        user.is_staff = True
        user.is_superuser = superuser
        user.set_password(DEMO_PASSWORD)
        user.save()
        if group is not None:
            user.groups.set([group])
    return [a[0] for a in accounts]
