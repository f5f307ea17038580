"""The audit log's page in a real browser: the auditor logs in, filters, checks the chain; photographed."""

from __future__ import annotations

import pytest

from duban.accounts.demo import ensure_demo_accounts
from duban.actors import Actor
from duban.audit import services as audit
from duban.audit.choices import EventType, Outcome
from tests.web.browser import Session, assert_looks_right, browser  # noqa: F401 - the fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_auditor_browses_filters_and_checks_the_log(live_server, browser, request):  # noqa: F811
    ensure_demo_accounts()
    operator = Actor.cli()
    audit.record(
        operator, EventType.IMPORT, object_repr="云溪区2024年第二季度督查通报", detail={"file": "a.docx"}
    )
    audit.record(
        operator, EventType.ENTRY_SAVE, object_repr="建设老年助餐服务点", changes={"percent": ["50", "75"]}
    )
    audit.record(
        operator, EventType.ACCESS_DENIED, outcome=Outcome.DENIED, detail={"method": "GET", "path": "/audit/"}
    )
    seen = []

    auditor = Session(browser, live_server.url, "shenji", request.node.name)
    auditor.login("shenji")
    assert "/audit/" in auditor.page.url
    seen += auditor.look("审计日志")
    auditor.page.click("button:has-text('校验防篡改链')")
    auditor.page.wait_for_load_state("load")
    assert "审计日志完好" in auditor.page.content()
    auditor.page.select_option("#id_outcome", "denied")
    auditor.page.click("button:has-text('筛选')")
    auditor.page.wait_for_load_state("load")
    assert "越权访问被拒绝" in auditor.page.content() and "建设老年助餐服务点" not in auditor.page.content()
    seen += auditor.look("筛选")
    auditor.close()
    assert_looks_right(seen)
