"""Every dashboard in a real browser: each chart drawn (a canvas of some size), no console error, no CSP
violation, nothing wider than the screen — photographed at the office screen and at phone width."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from duban.accounts.demo import ensure_demo_accounts
from duban.accounts.models import User
from duban.supervision.choices import ListKind
from duban.supervision.models import Entry, Round, TaskList
from duban.supervision.services import Report, open_round, submit_entry
from duban.units.models import Unit
from tests.conftest import SAMPLE
from tests.registry_fixtures import OPERATOR, load
from tests.supervision.boards import county, county_list, upper_office
from tests.web.browser import PASSWORD, Session, assert_looks_right, browser  # noqa: F401 - the fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Registered before any page script runs: what the Content-Security-Policy refused, if anything.
CSP_WATCH = """window.__csp = [];
document.addEventListener('securitypolicyviolation', e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));"""

CHARTS = """() => [...document.querySelectorAll('[data-chart]')].map(el => {
  const canvas = el.querySelector('canvas');
  return {id: el.id, drawn: el.getAttribute('data-drawn'), width: canvas ? canvas.width : 0,
          height: canvas ? canvas.height : 0};
})"""


@pytest.fixture
def world(transactional_db):
    load(SAMPLE)
    ensure_demo_accounts()
    july = open_round(
        OPERATOR,
        TaskList.objects.get(kind=ListKind.INDICATORS),
        period="2024年1-7月",
        as_of=date(2024, 7, 31),
        deadline=timezone.localdate() + timedelta(days=2),
    )
    entry = Entry.objects.get(round=july, item__text="建设老年助餐服务点")
    submit_entry(
        OPERATOR, entry, Report(progress="已建成3个助餐点。", self_status="on_schedule", percent=Decimal(75))
    )
    county_list(county("岳阳楼区"), 12)
    city = upper_office("shi-duchashi")
    city.set_password(PASSWORD)
    city.must_change_password = False
    city.save()
    return july


def _charts_drawn(session: Session, expected: int) -> list[dict[str, object]]:
    session.page.wait_for_function(
        "n => document.querySelectorAll('[data-chart][data-drawn] canvas').length >= n", arg=expected
    )
    found = session.page.evaluate(CHARTS)
    assert len(found) == expected, found
    assert all(c["drawn"] and c["width"] > 0 and c["height"] > 0 for c in found), found
    assert session.page.evaluate("window.__csp") == []
    return found


def _session(browser, live_server, name: str, test: str) -> Session:  # noqa: F811
    session = Session(browser, live_server.url, name, test)
    session.context.add_init_script(CSP_WATCH)
    session.login(name)
    return session


def test_every_dashboard_draws_its_charts(world, live_server, browser, request):  # noqa: F811
    test = request.node.name
    seen = []
    tasks = Round.objects.get(task_list__kind=ListKind.TASKS)
    indicators = Round.objects.filter(task_list__kind=ListKind.INDICATORS).order_by("as_of")
    unit = Unit.objects.get(name="区民政局", region=User.objects.get(username="duchashi").region)

    office = _session(browser, live_server, "duchashi", test)
    office.go("/")
    assert office.page.locator("nav >> text=看板").count() == 1
    office.go("/dashboard/")
    seen += office.look("看板")
    for rnd, label in ((tasks, "目标任务"), (indicators.last(), "民生实事7月")):
        office.go(f"/dashboard/rounds/{rnd.pk}/")
        _charts_drawn(office, 2)
        seen += office.look(f"本轮看板-{label}")
    office.go(f"/dashboard/lists/{indicators.first().task_list_id}/")
    _charts_drawn(office, 3)
    seen += office.look("全年趋势")
    office.go(f"/units/{unit.pk}/")
    office.page.wait_for_selector("#table-unit-record")
    _charts_drawn(office, 1)
    seen += office.look("单位页")

    reporter = _session(browser, live_server, "caizheng", test)
    reporter.go(f"/dashboard/rounds/{indicators.last().pk}/")
    _charts_drawn(reporter, 2)
    assert "区民政局" not in reporter.page.content()
    seen += reporter.look("单位看板")

    city = _session(browser, live_server, "shi-duchashi", test)
    city.go("/dashboard/")
    city.page.click("text=各地对比")
    city.page.wait_for_load_state("load")
    found = _charts_drawn(city, 3)  # the tasks and the indicators together, then the regions side by side
    assert found[-1]["id"] == "chart-regions-canvas"
    seen += city.look("各地对比")
    city.page.click("#table-regions >> text=湖南省岳阳市岳阳楼区")
    city.page.wait_for_load_state("load")
    assert "只读" in city.page.content()
    seen += city.look("下级地区")

    for session in (office, reporter, city):
        session.close()
    assert_looks_right(seen)
