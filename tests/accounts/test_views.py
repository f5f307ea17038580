"""The login: the password, then — for the office and the administrators — the TOTP code, or its enrolment."""

from __future__ import annotations

import base64
from datetime import timedelta

import time_machine
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from duban.accounts.demo import ensure_demo_devices
from duban.audit.choices import EventType
from tests.accounts.conftest import LOGIN, OTP, browser, events, type_password
from tests.personas import device_of, otp_code


def test_a_reporter_logs_in_with_the_password_alone(personas):
    c = browser()
    response = type_password(c, "minzheng")
    assert (response.status_code, response.url) == (302, "/")
    assert c.get("/my/").status_code == 200
    assert int(c.session["_auth_user_id"]) == personas.reporter.pk


def test_the_office_gives_the_code_after_the_password_and_only_then_is_logged_in(personas):
    ensure_demo_devices()
    c = browser()
    response = type_password(c, "DuChaShi", next="/review/")
    assert (response.status_code, response.url) == (302, OTP)
    assert "_auth_user_id" not in c.session  # the password alone logs nobody in
    assert c.get("/").url.startswith(LOGIN)
    page = c.get(OTP)
    assert "动态口令验证" in page.content.decode() and "二维码" not in page.content.decode()

    done = c.post(OTP, {"otp": otp_code(device_of("duchashi"))})

    assert (done.status_code, done.url) == (302, "/review/")
    assert int(c.session["_auth_user_id"]) == personas.officer.pk
    assert c.session[DEVICE_ID_SESSION_KEY] == device_of("duchashi").persistent_id
    assert c.get("/review/").status_code == 200
    [login] = events(EventType.LOGIN)
    assert (login.actor, login.detail) == ("duchashi", {"factors": 2})


def test_a_wrong_code_is_refused_counted_and_audited(personas):
    ensure_demo_devices()
    c = browser()
    type_password(c, "duchashi")
    device = device_of("duchashi")
    wrong = f"{(int(otp_code(device)) + 1) % 1000000:06d}"

    refused = c.post(OTP, {"otp": wrong})

    assert refused.status_code == 400
    assert "动态口令不正确或已使用过" in refused.content.decode()
    assert "_auth_user_id" not in c.session
    [failed] = events(EventType.LOGIN_FAILED)
    assert (failed.actor, failed.outcome, failed.detail["stage"]) == ("duchashi", "failure", "otp")
    with time_machine.travel(timezone.now() + timedelta(seconds=31)):  # past the throttle, a new code
        assert c.post(OTP, {"otp": otp_code(device)}).status_code == 302
    assert int(c.session["_auth_user_id"]) == personas.officer.pk


def test_a_code_cannot_be_used_twice(personas):
    ensure_demo_devices()
    with time_machine.travel(timezone.now(), tick=False):
        code = otp_code(device_of("duchashi"))
        first, second = browser(), browser()
        type_password(first, "duchashi")
        assert first.post(OTP, {"otp": code}).status_code == 302
        type_password(second, "duchashi")
        assert second.post(OTP, {"otp": code}).status_code == 400


def test_an_office_user_without_a_device_enrols_with_an_offline_qr_code_and_the_secret(personas):
    assert not TOTPDevice.objects.filter(user=personas.officer).exists()
    c = browser()
    type_password(c, "duchashi")

    response = c.get(OTP)
    page = response.content.decode()

    device = device_of("duchashi")
    assert not device.confirmed
    assert "绑定动态口令" in page
    qr = page.split('src="data:image/svg+xml;base64,', 1)[1].split('"', 1)[0]
    svg = base64.b64decode(qr).decode()
    assert "<svg" in svg and "<path" in svg  # drawn here: no image fetched from anywhere
    assert "<image" not in svg and "href" not in svg
    from duban.accounts.twofactor import qr_data_uri

    assert qr_data_uri(device).endswith(qr)  # the code of the device's otpauth:// address
    assert device.config_url.startswith("otpauth://totp/%E7%9D%A3%E5%8A%9E%3Aduchashi?secret=")
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    assert " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)) in page
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert "<script>" not in page  # no inline script: the CSP would refuse it
    assert c.get(OTP).content.decode().count(secret[:4]) >= 1  # the same device on reload
    assert TOTPDevice.objects.filter(user=personas.officer).count() == 1

    done = c.post(OTP, {"otp": otp_code(device)})

    assert done.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    [enrolled] = events(EventType.OTP_ENROL)
    assert enrolled.actor == "duchashi"
    again = browser()
    type_password(again, "duchashi")
    assert "动态口令验证" in again.get(OTP).content.decode()  # from now on the code is asked


def test_the_system_administrator_needs_the_code_too_and_so_does_the_admin(personas):
    ensure_demo_devices()
    c = browser()
    admin_login = c.get("/admin/login/?next=/admin/")
    assert admin_login.status_code == 200 and "用户名" in admin_login.content.decode()
    response = c.post(
        "/admin/login/?next=/admin/", {"username": "admin", "password": "duban-demo", "next": "/admin/"}
    )
    assert (response.status_code, response.url) == (302, OTP)
    assert c.get("/admin/").status_code == 302  # not in without the code
    with time_machine.travel(timezone.now() + timedelta(seconds=30)):
        done = c.post(OTP, {"otp": otp_code(device_of("admin"))})
        assert (done.status_code, done.url) == (302, "/admin/")
        assert c.get("/admin/").status_code == 200


def test_a_session_of_an_office_user_without_the_second_factor_is_ended(personas):
    c = browser()
    c.force_login(personas.officer)  # a session made some other way than the two-step login
    key = c.session.session_key

    response = c.get("/review/")

    assert response.status_code == 302 and response.url.startswith(LOGIN)
    from django.contrib.sessions.models import Session

    assert not Session.objects.filter(session_key=key).exists()
    [out] = events(EventType.LOGOUT)
    assert out.detail == {"reason": "no_second_factor"}


def test_the_code_page_without_a_password_first_goes_back_to_the_login(db):
    c = browser()
    assert c.get(OTP).url == LOGIN
    assert c.post(OTP, {"otp": "123456"}).url == LOGIN


def test_the_pending_login_expires_after_five_minutes(personas):
    ensure_demo_devices()
    c = browser()
    type_password(c, "duchashi")
    with time_machine.travel(timezone.now() + timedelta(minutes=6)):
        assert c.post(OTP, {"otp": otp_code(device_of("duchashi"))}).url == LOGIN
    assert "_auth_user_id" not in c.session


def test_switched_off_for_a_demo_the_office_logs_in_with_the_password(personas, settings):
    settings.DUBAN_OTP_REQUIRED = False
    c = browser()
    assert type_password(c, "duchashi").url == "/"
    assert c.get("/review/").status_code == 200
