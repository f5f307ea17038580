"""The search in a real browser: the top bar's box, the grouped results with their marks, a document."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from duban.accounts.demo import ensure_demo_accounts
from duban.supervision.choices import ListKind, Status
from duban.supervision.models import TaskList
from tests.conftest import SAMPLE
from tests.registry_fixtures import load, open_round_as_operator, submit
from tests.search.conftest import OLD_ESTATES, REPORTED
from tests.web.browser import Session, assert_looks_right, browser  # noqa: F401 - the fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def sample(transactional_db):  # type: ignore[no-untyped-def]
    load(SAMPLE)
    ensure_demo_accounts()
    rnd = open_round_as_operator(
        TaskList.objects.get(kind=ListKind.INDICATORS),
        period="2024年1-7月",
        as_of=date(2024, 7, 31),
        deadline=date.today() + timedelta(days=7),
    )
    submit(rnd.entries.get(item__text__startswith=OLD_ESTATES), REPORTED, Status.ON_SCHEDULE)


def test_the_office_searches_from_the_top_bar(sample, live_server, browser, request):  # noqa: F811
    office = Session(browser, live_server.url, "duchashi", request.node.name)
    office.login("duchashi")
    office.go("/lists/")
    office.page.click("[data-search-toggle]")  # at 1366px the box is behind the bar's button
    office.page.keyboard.type("老旧小区")  # the opened box has the cursor
    with office.page.expect_navigation():
        office.page.keyboard.press("Enter")
    seen = office.look("老旧小区")

    assert office.page.url.endswith("/search/?q=%E8%80%81%E6%97%A7%E5%B0%8F%E5%8C%BA")
    for kind in ("items", "entries", "documents"):
        assert office.page.locator(f"#kind-{kind} mark").count() >= 1, kind
    assert office.page.locator("#kind-entries mark").first.inner_text() == "老旧小区"

    office.go("/search/?q=吴金舟")
    seen += office.look("吴金舟")
    assert office.page.locator("#kind-people .search-title").inner_text() == "吴金舟"
    office.page.click("#kind-people a:has-text('岳云政人〔2024〕3号')")
    office.page.wait_for_load_state("load")
    seen += office.look("任免通知")
    assert office.page.locator(".document-text mark").count() >= 1

    office.page.set_viewport_size({"width": 390, "height": 844})  # a phone: the box in the opened menu
    office.page.click(".navbar-toggler")
    office.page.fill(".navbar-search-inline input[name=q]", "区人社局")
    with office.page.expect_navigation():
        office.page.press(".navbar-search-inline input[name=q]", "Enter")
    office.page.set_viewport_size({"width": 1366, "height": 768})
    seen += office.look("区人社局")
    assert office.page.locator("#kind-units .search-title").first.inner_text() == "区人力资源和社会保障局"
    office.close()
    assert_looks_right(seen)
