"""三权分立 in the admin: the system administrator (admin) manages accounts, the security administrator
(anquan) their roles and permissions, the audit administrator (shenji) only reads the log; each
attempt at another's work is a 403 and an event of the audit log."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission

from duban.accounts.models import User
from duban.audit.choices import EventType, Outcome
from duban.audit.models import Event
from duban.roles import Role
from duban.units.models import Unit


def _denied(path: str) -> Event:
    return Event.objects.filter(type=EventType.ACCESS_DENIED, detail__path=path).get()


def _change_url(user: User) -> str:
    return f"/admin/accounts/user/{user.pk}/change/"


def _account_form(user: User, **changes: object) -> dict[str, object]:
    """The sysadmin's change form as the browser posts it (the role fieldset is read-only)."""
    data: dict[str, object] = {
        "username": user.username,
        "first_name": user.first_name,
        "phone": user.phone,
        "email": user.email,
        "region": user.region_id or "",
        "units": [u.pk for u in user.units.all()],
        "_save": "保存",
    }
    if user.is_active:
        data["is_active"] = "on"
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def _role_form(user: User, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "role": user.role,
        "groups": [g.pk for g in user.groups.all()],
        "user_permissions": [],
        "_save": "保存",
    }
    if user.is_staff:
        data["is_staff"] = "on"
    data.update(changes)
    return data


def test_nobody_is_a_superuser_and_the_flag_is_refused_by_the_database(personas):
    assert not User.objects.filter(is_superuser=True).exists()
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.filter(pk=personas.admin.pk).update(is_superuser=True)


def test_the_superuser_flag_grants_nothing_even_if_set_in_memory(personas):
    auditor = personas.auditor
    auditor.is_superuser = True  # never stored (the constraint); has_perm ignores it anyway
    assert not auditor.has_perm("accounts.change_user")
    assert auditor.has_perm("audit.view_event")


def test_createsuperuser_is_refused_with_a_chinese_message(db):
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="不设超级用户"):
        call_command("createsuperuser", username="root", email="", interactive=False)
    assert User.objects.count() == 0


def test_the_system_administrator_creates_an_account_without_access_and_it_is_audited(client, personas):
    client.force_login(personas.admin)
    unit = Unit.objects.get(name="区民政局")

    response = client.post(
        "/admin/accounts/user/add/",
        {
            "username": "Xiaowang",
            "first_name": "王科员",
            "phone": "",
            "region": personas.reporter.region_id,
            "units": [unit.pk],
            "password1": "Lang-Pass-2026!",
            "password2": "Lang-Pass-2026!",
            "_save": "保存",
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    user = User.objects.get(username="Xiaowang")
    assert (user.role, user.is_staff, user.must_change_password) == (Role.NONE, False, True)
    event = Event.objects.for_object(user).get(type=EventType.USER_CHANGE)
    assert (event.actor, event.via, event.detail) == ("admin", "admin", {"created": True})
    assert event.changes["username"] == ["", "Xiaowang"]
    assert event.changes["units"] == [[], [unit.pk]]
    assert event.changes["password"] == ["（已隐藏）", "（已重置）"]
    assert "pbkdf2" not in str(event.changes) and "md5" not in str(event.changes)


def test_the_system_administrator_edits_region_units_and_deactivates(client, personas):
    client.force_login(personas.admin)
    reporter = personas.other_reporter
    other = Unit.objects.get(name="区民政局")

    response = client.post(_change_url(reporter), _account_form(reporter, units=[other.pk], first_name="蔡"))
    assert response.status_code == 302
    event = Event.objects.for_object(reporter).get(type=EventType.USER_CHANGE)
    assert event.changes["first_name"] == ["区财政局填报员", "蔡"]
    assert event.changes["units"][1] == [other.pk]

    client.post("/admin/accounts/user/", {"action": "deactivate", "_selected_action": [reporter.pk]})
    reporter.refresh_from_db()
    assert not reporter.is_active
    assert Event.objects.for_object(reporter).filter(changes__is_active=[True, False]).exists()


def test_a_password_reset_makes_a_random_password_to_change_at_next_login(client, personas):
    client.force_login(personas.admin)
    reporter = personas.reporter
    before = User.objects.get(pk=reporter.pk).password

    response = client.post(
        "/admin/accounts/user/", {"action": "reset_password", "_selected_action": [reporter.pk]}, follow=True
    )

    reporter.refresh_from_db()
    assert reporter.password != before and reporter.must_change_password
    shown = next(str(m) for m in response.context["messages"] if "临时密码" in str(m))
    assert reporter.check_password(shown.split("：")[1].split("（")[0])
    event = Event.objects.for_object(reporter).get(type=EventType.USER_CHANGE)
    assert event.changes["must_change_password"] == [False, True]


def test_the_system_administrator_may_not_assign_a_role(client, personas):
    client.force_login(personas.admin)
    reporter = personas.reporter
    path = _change_url(reporter)

    page = client.get(path).content.decode()
    assert 'name="role"' not in page  # read-only for the system administrator

    response = client.post(path, _account_form(reporter, role=Role.OFFICE))  # a forged form

    assert response.status_code == 403
    assert "角色" in response.content.decode()
    reporter.refresh_from_db()
    assert reporter.role == Role.REPORTER
    denied = _denied(path)
    assert (denied.actor, denied.outcome, denied.via) == ("admin", Outcome.DENIED, "admin")
    assert not Event.objects.for_object(reporter).filter(type=EventType.ROLE_CHANGE).exists()


def test_the_system_administrator_may_not_edit_groups_or_permissions(client, personas):
    client.force_login(personas.admin)
    for path in ("/admin/auth/group/", "/admin/auth/group/add/"):
        assert client.get(path).status_code == 403
        assert _denied(path).actor == "admin"


def test_the_security_administrator_assigns_a_role_and_it_is_audited(client, personas):
    client.force_login(personas.secadmin)
    new = User.objects.create(username="xinren", region=personas.officer.region)

    response = client.post(_change_url(new), _role_form(new, role=Role.LEADER, is_staff="on"))

    assert response.status_code == 302
    new.refresh_from_db()
    assert (new.role, new.is_staff) == (Role.LEADER, True)
    event = Event.objects.for_object(new).get(type=EventType.ROLE_CHANGE)
    assert event.changes == {"role": ["", "leader"], "is_staff": [False, True]}
    assert event.actor == "anquan"


def test_the_security_administrator_edits_group_permissions_with_before_and_after(client, personas):
    client.force_login(personas.secadmin)
    group = Group.objects.get(name="领导（只读）")
    view = Permission.objects.get(codename="view_person")

    response = client.post(
        f"/admin/auth/group/{group.pk}/change/", {"name": group.name, "permissions": [view.pk]}
    )

    assert response.status_code == 302
    event = Event.objects.for_object(group).get(type=EventType.ROLE_CHANGE)
    before, after = event.changes["permissions"]
    assert "personnel.view_person" in before and after == ["personnel.view_person"]


def test_the_security_administrator_may_not_create_or_edit_accounts(client, personas):
    client.force_login(personas.secadmin)
    assert client.get("/admin/accounts/user/add/").status_code == 403
    assert _denied("/admin/accounts/user/add/").actor == "anquan"

    reporter = personas.reporter
    path = _change_url(reporter)
    response = client.post(path, _role_form(reporter, first_name="改名"))  # a forged form

    assert response.status_code == 403
    reporter.refresh_from_db()
    assert reporter.first_name == "区民政局填报员"
    assert _denied(path).actor == "anquan"


def test_the_security_administrator_may_not_change_their_own_role(client, personas):
    client.force_login(personas.secadmin)
    me = personas.secadmin
    response = client.post(_change_url(me), _role_form(me, role=Role.SYSADMIN))
    assert response.status_code == 403
    me.refresh_from_db()
    assert me.role == Role.SECADMIN


def test_no_group_makes_an_officer_an_administrator(personas):
    office = Group.objects.get(name="督查室")
    office.permissions.add(
        *Permission.objects.filter(content_type__app_label__in=["accounts", "audit", "auth"])
    )
    officer = User.objects.get(pk=personas.officer.pk)
    assert officer.has_perm("personnel.change_person")
    assert not officer.has_perm("accounts.change_user")
    assert not officer.has_perm("audit.view_event")
    assert not officer.has_perm("auth.change_group")


@pytest.mark.parametrize("path", ["/admin/accounts/user/", "/admin/auth/group/", "/admin/units/unit/"])
def test_the_audit_administrator_reads_the_log_and_nothing_else(client, personas, path):
    client.force_login(personas.auditor)
    assert client.get("/admin/audit/event/").status_code == 200
    assert client.get(path).status_code == 403
    assert _denied(path).actor == "shenji"


@pytest.mark.parametrize("persona", ["admin", "secadmin", "auditor"])
def test_nobody_edits_or_deletes_an_audit_row_in_the_admin(client, personas, persona):
    client.force_login(getattr(personas, persona))
    event = Event.objects.order_by("seq").first()
    assert event is not None
    count = Event.objects.count()

    change = client.post(f"/admin/audit/event/{event.pk}/change/", {"actor": "nobody"})
    delete = client.post(f"/admin/audit/event/{event.pk}/delete/", {"post": "yes"})
    bulk = client.post("/admin/audit/event/", {"action": "delete_selected", "_selected_action": [event.pk]})

    assert change.status_code == 403 and delete.status_code == 403
    assert bulk.status_code in (200, 302, 403)
    assert Event.objects.filter(pk=event.pk, actor=event.actor).exists()
    assert Event.objects.filter(seq__lte=event.seq).count() == 1
    assert Event.objects.count() >= count  # only the refusals were added


def test_the_system_administrator_manages_the_unit_directory_and_the_others_do_not(client, personas):
    client.force_login(personas.admin)
    assert client.get("/admin/units/unit/").status_code == 200
    unit = Unit.objects.get(name="区民政局")
    assert client.get(f"/admin/units/unit/{unit.pk}/change/").status_code == 200
    client.force_login(personas.secadmin)
    assert client.get("/admin/units/unit/").status_code == 403
    assert client.get("/admin/audit/event/").status_code == 403
