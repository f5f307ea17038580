"""The demo accounts: the officer edits, the leader only reads."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from duban.accounts.demo import DEMO_PASSWORD, ensure_demo_accounts


def test_it_creates_the_officer_and_a_read_only_leader(db):
    ensure_demo_accounts()
    ensure_demo_accounts()  # running twice is harmless
    users = get_user_model().objects
    officer, leader = users.get(username="duchashi"), users.get(username="lingdao")
    assert officer.check_password(DEMO_PASSWORD)
    assert officer.has_perm("personnel.change_person")
    assert leader.has_perm("personnel.view_person")
    assert not leader.has_perm("personnel.change_person")
    assert users.get(username="admin").is_superuser


def test_the_office_and_the_administrator_get_a_device_whose_secret_the_demo_prints(db, capsys):
    from django.core.management import call_command
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from duban.accounts.demo import ensure_demo_devices

    ensure_demo_accounts()
    secrets = ensure_demo_devices()
    from duban.accounts.twofactor import OTP_ROLES

    with_factor = sorted(
        get_user_model().objects.filter(role__in=OTP_ROLES).values_list("username", flat=True)
    )
    assert {"admin", "duchashi"} <= set(secrets) and sorted(secrets) == with_factor  # the office, the admins
    assert "minzheng" not in secrets and "lingdao" not in secrets
    assert ensure_demo_devices() == secrets  # running twice keeps the devices
    assert TOTPDevice.objects.filter(confirmed=True).count() == len(secrets)
    call_command("demo_accounts")
    out = capsys.readouterr().out
    assert f"duchashi 的动态口令密钥：{secrets['duchashi']}" in out
