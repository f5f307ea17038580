"""The monthly loop in a real browser, person by person, every page photographed and checked.

The 区民政局 reporter logs in and fills an entry; the head approves; the office returns it with a
comment; the reporter resubmits; the office accepts; a leader writes an instruction; the office
drafts the bulletin, edits a section in place, closes the round, publishes and downloads the Word
file; the leader sees the overview.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from duban.accounts.demo import ensure_demo_accounts
from duban.supervision.choices import BulletinState, EntryState, ListKind
from duban.supervision.models import Bulletin, Entry, Instruction, TaskList
from duban.supervision.services import open_round
from tests.conftest import SAMPLE
from tests.registry_fixtures import OPERATOR, load
from tests.web.browser import Session, assert_looks_right, browser  # noqa: F401 - the fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(transactional_db):
    load(SAMPLE)
    ensure_demo_accounts()
    rounds = {
        kind: open_round(
            OPERATOR,
            TaskList.objects.get(kind=kind),
            period="2024年1-7月",
            as_of=date(2024, 7, 31),
            deadline=timezone.localdate() + timedelta(days=7),
        )
        for kind in (ListKind.TASKS, ListKind.INDICATORS)
    }
    return rounds


def test_the_monthly_loop_in_the_browser(world, live_server, browser, request):  # noqa: F811
    test = request.node.name
    seen = []
    entry = Entry.objects.get(round=world[ListKind.INDICATORS], item__text="建设老年助餐服务点")

    reporter = Session(browser, live_server.url, "minzheng", test)
    reporter.login("minzheng")
    seen += reporter.look("本单位事项")
    reporter.page.click(f"a[href='/entries/{entry.pk}/']")
    seen += reporter.look("填报")
    reporter.page.fill("#id_progress", "已建成陆城、云溪等3个老年助餐点。")
    reporter.page.fill("#id_percent", "75")
    reporter.page.select_option("#id_self_status", "on_schedule")
    reporter.page.click("button[name=submit]")
    reporter.page.wait_for_load_state("load")
    assert "已报送" in reporter.page.content()
    assert Entry.objects.get(pk=entry.pk).state == EntryState.AWAITING_HEAD

    head = Session(browser, live_server.url, "minzheng-head", test)
    head.login("minzheng-head")
    assert "待您审核的填报" in head.page.content()
    head.go(f"/entries/{entry.pk}/")
    seen += head.look("负责人审核")
    head.page.click("text=审核通过，报送督查室")
    head.page.wait_for_load_state("load")
    assert Entry.objects.get(pk=entry.pk).state == EntryState.SUBMITTED

    office = Session(browser, live_server.url, "duchashi", test)
    office.login("duchashi")
    seen += office.look("工作台")
    office.go("/review/")
    seen += office.look("审核队列")
    office.go(f"/review/{entry.pk}/")
    seen += office.look("审核")
    office.page.fill("#id_return-comment", "请写明各助餐点的名称和开放时间。")
    office.page.click("button[name=return]")
    office.page.wait_for_load_state("load")
    assert Entry.objects.get(pk=entry.pk).state == EntryState.RETURNED

    reporter.go("/my/")
    assert "督查室退回的填报" in reporter.page.content()
    reporter.go(f"/entries/{entry.pk}/")
    assert "请写明各助餐点的名称和开放时间。" in reporter.page.content()
    reporter.page.fill("#id_progress", "陆城、云溪、长岭3个老年助餐点已开放，每日11:00—13:00供餐。")
    reporter.page.click("button[name=submit]")
    reporter.page.wait_for_load_state("load")
    head.go(f"/entries/{entry.pk}/")
    head.page.click("text=审核通过，报送督查室")
    head.page.wait_for_load_state("load")

    office.go(f"/review/{entry.pk}/")
    office.page.click("button[name=accept]")
    office.page.wait_for_load_state("load")
    assert Entry.objects.get(pk=entry.pk).state == EntryState.ACCEPTED

    leader = Session(browser, live_server.url, "lingdao", test)
    leader.login("lingdao")
    leader.go(f"/items/{entry.item_id}/")
    seen += leader.look("事项")
    leader.page.fill("#id_text", "助餐点要兼顾农村老人，9月底前再建1个。")
    leader.page.click("text=作出批示")
    leader.page.wait_for_load_state("load")
    assert Instruction.objects.filter(item_id=entry.item_id).exists()

    office.go(f"/bulletins/new/?round={world[ListKind.INDICATORS].pk}")
    office.page.click("main button[type=submit]")
    office.page.wait_for_load_state("load")
    bulletin = Bulletin.objects.filter(document__isnull=True).get()
    seen += office.look("通报")
    problems = next(i for i, s in enumerate(bulletin.sections) if s["heading"] == "二、存在问题")
    office.page.click(f"#section-{problems} button")
    office.page.wait_for_selector(f"#text-{problems}")
    office.page.fill(f"#text-{problems}", "一是部分单位报送不及时。\n二是个别事项推进偏慢。")
    office.page.click(f"#section-{problems} button[type=submit]")
    office.page.wait_for_selector(f"#section-{problems} >> text=一是部分单位报送不及时。")
    office.go(f"/rounds/{world[ListKind.INDICATORS].pk}/")
    seen += office.look("轮次")
    office.page.once("dialog", lambda d: d.accept())
    office.page.click("text=截止报送")
    office.page.wait_for_load_state("load")
    office.go(f"/bulletins/{bulletin.pk}/")
    with office.page.expect_download() as download:
        office.page.click("text=下载 Word")
    assert download.value.suggested_filename.endswith(".docx")
    office.page.once("dialog", lambda d: d.accept())
    office.page.click("button:has-text('印发')")
    office.page.wait_for_load_state("load")
    assert Bulletin.objects.get(pk=bulletin.pk).state == BulletinState.PUBLISHED

    leader.go("/")
    seen += leader.look("领导首页")
    assert "进展滞后的事项" in leader.page.content()

    for session in (reporter, head, office, leader):
        session.close()
    assert_looks_right(seen)
