"""The assessment pages in a real browser: the office's ranking and rule, a unit's own breakdown."""

from __future__ import annotations

import pytest

from duban.accounts.demo import ensure_demo_accounts
from duban.accounts.models import User
from tests.assessment.conftest import build_year
from tests.conftest import SAMPLE
from tests.registry_fixtures import load
from tests.web.browser import Session, assert_looks_right, browser  # noqa: F401 - the fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def small_year(transactional_db):
    load(SAMPLE)
    ensure_demo_accounts()
    leader = User.objects.get(username="lingdao")
    return build_year(leader.region, leader)


def test_the_assessment_in_the_browser(small_year, live_server, browser, request):  # noqa: F811
    test = request.node.name
    seen = []
    office = Session(browser, live_server.url, "duchashi", test)
    office.login("duchashi")
    office.page.click("a[href='/assessment/']")  # the menu entry
    office.page.wait_for_load_state("load")
    office.page.select_option("#where-year", "2025")
    office.page.click("form[aria-label] button[type=submit]")
    office.page.wait_for_load_state("load")
    assert office.page.locator("#ranking tbody tr").count() == 3
    assert "事项完成每项+2分" in office.page.inner_text("#rule")
    seen += office.look("排名")
    office.page.click("#ranking a:text('区财政局')")
    office.page.wait_for_load_state("load")
    assert "审定进度为滞后" in office.page.inner_text("#items")
    seen += office.look("明细")
    office.go("/assessment/rule/?year=2025")
    office.page.fill("#id_lagging_weight", "-5")
    seen += office.look("规则")
    office.page.click("#save-rule")
    office.page.wait_for_load_state("load")
    assert "已保存2025年度考核规则" in office.page.content()
    office.close()

    unit = Session(browser, live_server.url, "minzheng", test)
    unit.login("minzheng")
    unit.go("/assessment/?year=2025")
    assert "本单位" in unit.page.content()
    seen += unit.look("本单位")
    unit.page.click("text=查看计分明细")
    unit.page.wait_for_load_state("load")
    seen += unit.look("本单位明细")
    unit.close()
    assert_looks_right(seen)
