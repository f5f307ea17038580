"""The login in a real browser: the office officer's password, then the code — first the enrolment
with the QR code, later the plain code page; and the lockout page. Every page photographed and checked."""

from __future__ import annotations

import pytest

from duban.accounts.demo import ensure_demo_accounts
from tests.personas import device_of, otp_code
from tests.web.browser import PASSWORD, Session, assert_looks_right, browser  # noqa: F401 - the fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_officer_enrols_then_logs_in_with_the_code(live_server, browser, request, settings):  # noqa: F811
    settings.DUBAN_OTP_REQUIRED = True
    ensure_demo_accounts()
    seen = []
    office = Session(browser, live_server.url, "duchashi", request.node.name)
    office.go("/accounts/login/")
    seen += office.look("登录")
    office.page.fill("#id_username", "duchashi")
    office.page.fill("#id_password", PASSWORD)
    office.page.click("button[type=submit]")
    office.page.wait_for_load_state("load")
    assert office.page.url.endswith("/accounts/login/otp/")
    assert office.page.locator("img.qr-code").evaluate("img => img.naturalWidth") > 100  # drawn, offline
    seen += office.look("绑定动态口令")
    office.page.fill("#id_otp", otp_code(device_of("duchashi")))
    office.page.click("button[type=submit]")
    office.page.wait_for_load_state("load")
    assert office.page.url == live_server.url + "/office/"
    office.close()

    again = Session(browser, live_server.url, "duchashi-2", request.node.name)
    again.go("/accounts/login/")
    again.page.fill("#id_username", "duchashi")
    again.page.fill("#id_password", PASSWORD)
    again.page.click("button[type=submit]")
    again.page.wait_for_load_state("load")
    assert "动态口令验证" in again.page.content()
    seen += again.look("动态口令")
    for _ in range(5):
        again.page.fill("#id_otp", "000000" if otp_code(device_of("duchashi")) != "000000" else "111111")
        again.page.click("button[type=submit]")
        again.page.wait_for_load_state("load")
    assert "账号已暂时锁定" in again.page.content()
    # The browser reports the refusals' statuses (400 for a wrong code, 429 locked): those are expected.
    assert {e.rsplit("status of ", 1)[-1] for e in again.errors} == {
        "400 (Bad Request)",
        "429 (Too Many Requests)",
    }
    again.errors.clear()
    seen += again.look("锁定")
    again.close()
    assert_looks_right(seen)
