"""Five failures lock the user name and the address, at every door; the right password is refused
while locked; the lock ends by itself after the cool-off or when the security administrator unlocks."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from duban.accounts.demo import DEMO_PASSWORD, ensure_demo_devices
from duban.audit.choices import EventType
from tests.accounts.conftest import OTP, browser, events, type_password
from tests.personas import device_of, otp_code

LOCKED = "登录失败次数过多，账号已被暂时锁定，请 15 分钟后再试，或请安全管理员解锁。"


def _fail(c, username: str, times: int) -> None:  # type: ignore[no-untyped-def]
    for _ in range(times):
        type_password(c, username, "Wrong-password1")


def test_the_settings_lock_after_five_failures_for_at_least_five_minutes_by_name_and_by_address():
    assert settings.AXES_FAILURE_LIMIT == 5
    assert timedelta(minutes=5) <= settings.AXES_COOLOFF_TIME
    assert settings.AXES_LOCKOUT_PARAMETERS == ["username", "ip_address"]
    assert settings.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"


def test_five_wrong_passwords_lock_the_account_and_the_right_one_is_refused_in_chinese(personas):
    c = browser()
    _fail(c, "minzheng", 4)
    fifth = type_password(c, "minzheng", "Wrong-password1")
    assert fifth.status_code == 429
    assert LOCKED in fifth.content.decode()

    right = type_password(c, "MinZheng")  # the right password, in other letters

    assert right.status_code == 429
    assert LOCKED in right.content.decode()
    assert "账号已暂时锁定" in right.content.decode()
    assert "_auth_user_id" not in c.session
    elsewhere = type_password(browser("192.0.2.7"), "minzheng")  # from another address: the name is locked
    assert elsewhere.status_code == 429


def test_five_failures_from_one_address_lock_the_address_for_every_name(personas):
    c = browser("192.0.2.10")
    for name in ("a1", "a2", "a3", "a4", "a5"):
        type_password(c, name, "Wrong-password1")
    assert type_password(c, "caizheng").status_code == 429
    assert type_password(browser("192.0.2.11"), "caizheng").status_code == 302  # another address is not


def test_the_lock_ends_after_the_cool_off(personas):
    c = browser()
    _fail(c, "minzheng", 5)
    with time_machine.travel(timezone.now() + timedelta(minutes=14)):
        assert type_password(browser("192.0.2.20"), "minzheng").status_code == 429
    with time_machine.travel(timezone.now() + timedelta(minutes=16)):
        assert type_password(browser("192.0.2.20"), "minzheng").status_code == 302


def test_the_admin_login_counts_and_refuses_alike(personas):
    c = browser()
    for _ in range(5):
        c.post("/admin/login/", {"username": "lingdao", "password": "Wrong-password1"})
    refused = c.post("/admin/login/", {"username": "lingdao", "password": DEMO_PASSWORD})
    assert refused.status_code == 429 and LOCKED in refused.content.decode()


def test_the_api_token_endpoint_counts_and_refuses_alike(personas):
    api = APIClient(REMOTE_ADDR="192.0.2.30")
    for _ in range(4):
        wrong = api.post("/api/auth/token/", {"username": "minzheng", "password": "Wrong-1x"}, format="json")
        assert wrong.status_code == 400
    fifth = api.post("/api/auth/token/", {"username": "minzheng", "password": "Wrong-1x"}, format="json")
    assert (fifth.status_code, fifth.json()) == (429, {"detail": LOCKED})
    right = api.post("/api/auth/token/", {"username": "minzheng", "password": DEMO_PASSWORD}, format="json")
    assert (right.status_code, right.json()) == (429, {"detail": LOCKED})
    assert not Token.objects.exists()
    assert type_password(browser("192.0.2.31"), "minzheng").status_code == 429  # the form too: one count


def test_failures_on_the_login_form_lock_the_api_too(personas):
    _fail(browser("192.0.2.40"), "caizheng", 5)
    api = APIClient(REMOTE_ADDR="192.0.2.41")
    right = api.post("/api/auth/token/", {"username": "caizheng", "password": DEMO_PASSWORD}, format="json")
    assert right.status_code == 429


def test_wrong_codes_count_as_failures_and_lock_too(personas):
    ensure_demo_devices()
    c = browser()
    type_password(c, "duchashi")
    device = device_of("duchashi")
    wrong = f"{(int(otp_code(device)) + 1) % 1000000:06d}"
    for _ in range(4):
        assert c.post(OTP, {"otp": wrong}).status_code == 400
    locked = c.post(OTP, {"otp": wrong})
    assert locked.status_code == 429 and LOCKED in locked.content.decode()
    assert type_password(browser("192.0.2.50"), "duchashi").status_code == 429


def test_the_security_administrator_unlocks_with_duban_unlock_and_it_is_audited(personas, capsys):
    c = browser()
    _fail(c, "minzheng", 5)
    assert type_password(c, "minzheng").status_code == 429

    call_command("unlock", "MinZheng", "--ip", "127.0.0.1")

    assert "已解除 MinZheng、127.0.0.1 的登录锁定（清除 1 条失败记录）" in capsys.readouterr().out
    assert type_password(c, "minzheng").status_code == 302
    [unlocked] = events(EventType.UNLOCK)
    assert unlocked.via == "cli" and unlocked.actor.startswith("os:")
    assert unlocked.detail == {"username": "minzheng", "ip": "127.0.0.1", "attempts_removed": 1}
    assert unlocked.object_id == str(personas.reporter.pk)


def test_duban_unlock_without_a_name_is_refused_in_chinese(db, capsys):
    with pytest.raises(SystemExit) as exited:
        call_command("unlock")
    assert exited.value.code == 2
    assert "请给出要解锁的用户名或 IP 地址" in capsys.readouterr().err


def test_the_admin_action_unlocks_for_the_security_administrator_only(personas, client):
    from axes.models import AccessAttempt

    from duban.accounts.models import User
    from duban.roles import Role

    _fail(browser("192.0.2.60"), "minzheng", 5)
    attempt = AccessAttempt.objects.get(username="minzheng")
    secadmin = User.objects.create_user(
        "secadmin-t", password="Anquan-2024!", role=Role.SECADMIN, is_staff=True
    )
    secadmin.must_change_password = False
    secadmin.save()
    url = "/admin/accounts/lockedattempt/"

    client.force_login(personas.leader)
    assert client.get(url).status_code in (302, 403)
    client.force_login(secadmin)
    assert "minzheng" in client.get(url).content.decode()
    done = client.post(url, {"action": "unlock", "_selected_action": [attempt.pk]}, follow=True)

    assert "已解除锁定：minzheng。" in done.content.decode()
    assert not AccessAttempt.objects.filter(username="minzheng").exists()
    [unlocked] = events(EventType.UNLOCK)
    assert (unlocked.actor, unlocked.via) == ("secadmin-t", "admin")
