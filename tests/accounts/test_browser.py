"""The account page in the admin as each administrator sees it: the other's fieldset read-only."""

from __future__ import annotations

import pytest

from duban.accounts.demo import ensure_demo_accounts
from duban.accounts.models import User
from tests.web.browser import Session, assert_looks_right, browser  # noqa: F401 - the fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_each_administrator_edits_only_their_part_of_an_account(live_server, browser, request):  # noqa: F811
    ensure_demo_accounts()
    reporter = User.objects.get(username="minzheng")
    seen = []

    sysadmin = Session(browser, live_server.url, "admin", request.node.name)
    sysadmin.login("admin")
    sysadmin.go(f"/admin/accounts/user/{reporter.pk}/change/")
    assert sysadmin.page.locator("#id_first_name").count() == 1
    assert sysadmin.page.locator("#id_role").count() == 0  # the role is shown, not editable
    seen += sysadmin.look("账号")
    sysadmin.close()

    secadmin = Session(browser, live_server.url, "anquan", request.node.name)
    secadmin.login("anquan")
    secadmin.go(f"/admin/accounts/user/{reporter.pk}/change/")
    assert secadmin.page.locator("#id_role").count() == 1
    assert secadmin.page.locator("#id_first_name").count() == 0
    secadmin.page.select_option("#id_role", "head")
    secadmin.page.click("input[name=_save]")
    secadmin.page.wait_for_load_state("load")
    seen += secadmin.look("角色已改")
    secadmin.close()
    assert User.objects.get(pk=reporter.pk).role == "head"
    # Django's admin pages are not ours to fix at phone width; the glyphs and errors are.
    assert_looks_right([v for v in seen if v.screen == "desktop"])
