"""The admin: its login is the two-step one; the security administrator resets a lost second factor,
and nobody sees a device's key or gives a device to someone else."""

from __future__ import annotations

from django_otp.plugins.otp_totp.models import TOTPDevice

from duban.accounts.demo import ensure_demo_devices
from duban.accounts.models import User
from duban.audit.choices import EventType
from duban.roles import Role
from tests.accounts.conftest import OTP, browser, events, type_password

DEVICES = "/admin/otp_totp/totpdevice/"


def _secadmin() -> User:
    user = User.objects.create_user("secadmin-t", password="Anquan-2024!", role=Role.SECADMIN, is_staff=True)
    user.must_change_password = False
    user.save()
    return user


def test_the_security_administrator_resets_a_device_and_the_owner_enrols_again(personas, client):
    ensure_demo_devices()
    device = TOTPDevice.objects.get(user=personas.officer)
    client.force_login(_secadmin())
    listed = client.get(DEVICES).content.decode()
    assert "duchashi" in listed and device.key not in listed
    assert client.get(f"{DEVICES}add/").status_code == 403
    assert device.key not in client.get(f"{DEVICES}{device.pk}/change/").content.decode()

    done = client.post(DEVICES, {"action": "reset", "_selected_action": [device.pk]}, follow=True)

    assert "已重置动态口令：duchashi。" in done.content.decode()
    assert not TOTPDevice.objects.filter(user=personas.officer, confirmed=True).exists()
    [reset] = events(EventType.OTP_RESET)
    assert (reset.actor, reset.via, reset.object_id) == ("secadmin-t", "admin", str(personas.officer.pk))
    c = browser()
    type_password(c, "duchashi")
    assert "绑定动态口令" in c.get(OTP).content.decode()


def test_the_system_administrator_cannot_see_the_devices(personas, client):
    ensure_demo_devices()
    client.force_login(personas.admin)  # a superuser in the demo, but not the security administrator
    assert client.get(DEVICES).status_code == 403


def test_a_logged_in_user_without_the_admin_is_told_so_not_sent_round_in_circles(personas):
    c = browser()
    type_password(c, "minzheng")
    response = c.get("/admin/", follow=True)
    assert response.status_code == 403
    assert "您已登录为 minzheng，但该账号无权进入管理后台。" in response.content.decode()
    assert len(response.redirect_chain) == 1
