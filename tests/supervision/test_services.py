"""The entry and round workflow, told with the personas: report, approve, return, resubmit, accept, publish."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from duban.audit.models import Event as AuditEvent
from duban.errors import Conflict, Forbidden, InvalidInput
from duban.supervision.choices import EntryState, ListKind, RoundState
from duban.supervision.models import Entry, Round, TaskList
from duban.supervision.services import (
    Report,
    accept_entry,
    approve_entry,
    close_round,
    open_round,
    publish_round,
    reopen_round,
    return_entry,
    save_entry,
    submit_entry,
)
from tests.registry_fixtures import OPERATOR


@pytest.fixture
def july(personas) -> Round:
    indicators = TaskList.objects.get(kind=ListKind.INDICATORS)
    return open_round(
        personas.actor(personas.officer),
        indicators,
        period="2024年1-7月",
        as_of=date(2024, 7, 31),
        deadline=date(2024, 8, 5),
    )


def _entry(rnd: Round, text: str) -> Entry:
    return rnd.entries.select_related("item", "round__task_list").get(item__text=text)


ELDERLY = "建设老年助餐服务点"  # 区民政局 leads it; target 6个


def test_the_monthly_loop_from_draft_to_accepted(july, personas):
    entry = _entry(july, ELDERLY)
    reporter, head, officer = (
        personas.actor(u) for u in (personas.reporter, personas.head, personas.officer)
    )
    save_entry(reporter, entry, Report("已建成4个助餐点。", "on_schedule", percent=Decimal("66.7")))
    entry.refresh_from_db()
    assert (entry.state, entry.status) == (EntryState.DRAFT, "on_schedule")
    submit_entry(reporter, entry)
    entry.refresh_from_db()
    assert entry.state == EntryState.AWAITING_HEAD  # the unit has a head: the head signs first
    approve_entry(head, entry)
    entry.refresh_from_db()
    assert entry.state == EntryState.SUBMITTED and entry.approved_by == personas.head
    return_entry(officer, entry, "请补充各助餐点名称")
    entry.refresh_from_db()
    assert (entry.state, entry.review_comment) == (EntryState.RETURNED, "请补充各助餐点名称")
    submit_entry(
        reporter, entry, Report("已建成陆城、云溪等4个助餐点。", "on_schedule", percent=Decimal("66.7"))
    )
    approve_entry(head, entry)
    accept_entry(officer, entry)
    entry.refresh_from_db()
    assert entry.state == EntryState.ACCEPTED and entry.reviewed_by == personas.officer
    types = list(
        AuditEvent.objects.for_object(entry)
        .exclude(type="entry.create")
        .order_by("seq")
        .values_list("type", flat=True)
    )
    assert types == [
        "entry.save",
        "entry.submit",
        "entry.approve",
        "entry.return",
        "entry.submit",
        "entry.approve",
        "entry.accept",
    ]


def test_another_units_reporter_and_the_leader_may_not_report(july, personas):
    entry = _entry(july, ELDERLY)
    for user in (personas.other_reporter, personas.leader, personas.admin):
        with pytest.raises(Forbidden):
            save_entry(personas.actor(user), entry, Report("x", "on_schedule"))
    with pytest.raises(Forbidden):
        approve_entry(personas.actor(personas.reporter), entry)  # a reporter is not the head
    with pytest.raises(Forbidden):
        accept_entry(personas.actor(personas.reporter), entry)
    entry.refresh_from_db()
    assert entry.state == EntryState.EMPTY
    assert not AuditEvent.objects.for_object(entry).exclude(type="entry.create").exists()


def test_the_figures_decide_until_the_office_reviews(july):
    entry = _entry(july, "城镇新增就业")
    submit_entry(OPERATOR, entry, Report("截至7月底，已完成3500人。", "completed", percent=Decimal("62.5")))
    entry.refresh_from_db()
    assert (entry.self_status, entry.status) == ("completed", "on_schedule")  # 62.5% is not done
    assert entry.state == EntryState.SUBMITTED  # the operator's form carries the signature


def test_an_override_without_a_reason_is_refused_and_with_one_is_kept(july, personas):
    entry = _entry(july, "城镇新增就业")
    officer = personas.actor(personas.officer)
    submit_entry(OPERATOR, entry, Report("已完成3500人。", "on_schedule", percent=Decimal("62.5")))
    with pytest.raises(InvalidInput, match="改判须说明理由"):
        accept_entry(officer, entry, status="lagging")
    accept_entry(officer, entry, status="lagging", reason="三季度招聘会取消，后续难以完成")
    entry.refresh_from_db()
    assert (entry.status, entry.override_reason) == ("lagging", "三季度招聘会取消，后续难以完成")
    assert AuditEvent.objects.for_object(entry).filter(type="entry.override").exists()
    accept_entry(officer, entry, status="on_schedule")  # agreeing with the figures needs no reason
    entry.refresh_from_db()
    assert entry.override_reason == ""


def test_a_text_only_item_keeps_the_units_judgement(july):
    entry = _entry(july, "开工建设保障性租赁住房")
    submit_entry(OPERATOR, entry, Report("已开工建设。", "on_schedule"))
    entry.refresh_from_db()
    assert entry.status == "on_schedule"


@pytest.mark.parametrize(
    ("report", "message"),
    [
        (Report("", "on_schedule"), "请填写进展情况"),
        (Report("x", "done"), "自评进度"),
        (Report("x", "on_schedule", percent=Decimal("-5")), "超出合理范围"),
        (Report("x", "on_schedule", percent=Decimal("1000.5")), "超出合理范围"),
    ],
)
def test_bad_values_are_refused_and_nothing_changes(july, report, message):
    entry = _entry(july, "城镇新增就业")
    with pytest.raises(InvalidInput, match=message):
        submit_entry(OPERATOR, entry, report)
    entry.refresh_from_db()
    assert entry.progress == "" and entry.submitted_at is None and entry.version == 1


def test_a_percentage_is_refused_where_the_item_has_no_target(personas):
    tasks = TaskList.objects.get(kind=ListKind.TASKS)
    rnd = open_round(OPERATOR, tasks, period="2024年1-7月", as_of=date(2024, 7, 31))
    entry = rnd.entries.select_related("item", "round__task_list").get(item__seq=44)  # no figure in its text
    assert entry.item.target_text == ""
    with pytest.raises(InvalidInput, match="没有量化目标"):
        submit_entry(OPERATOR, entry, Report("已建立长效机制。", "on_schedule", percent=Decimal(50)))
    figures = rnd.entries.select_related("item", "round__task_list").get(item__seq=80)
    assert figures.item.target_text == "建设社区日间照料中心2处；低保扩围10%"  # the targets its text states
    submit_entry(OPERATOR, figures, Report("已建成1处。", "on_schedule", percent=Decimal(50)))


def test_a_closed_round_takes_no_submissions_but_the_office_still_reviews(july, personas):
    entry = _entry(july, "城镇新增就业")
    submit_entry(OPERATOR, entry, Report("已完成3500人。", "on_schedule", percent=Decimal("62.5")))
    close_round(personas.actor(personas.officer), july)
    with pytest.raises(Conflict, match="已截止"):
        submit_entry(OPERATOR, entry, Report("x", "on_schedule"))
    accept_entry(personas.actor(personas.officer), entry)
    reopen_round(OPERATOR, july)
    assert Round.objects.get(pk=july.pk).state == RoundState.OPEN


def test_a_published_round_is_frozen_for_every_caller(july, personas):
    entry = _entry(july, "城镇新增就业")
    submit_entry(OPERATOR, entry, Report("已完成3500人。", "on_schedule", percent=Decimal("62.5")))
    publish_round(personas.actor(personas.officer), july)
    with pytest.raises(Conflict, match="已通报"):
        accept_entry(OPERATOR, entry, status="lagging", reason="x")
    with pytest.raises(Conflict):
        reopen_round(OPERATOR, july)
    # Not even a direct save gets past the rule (the admin's old hole: −999999 %).
    stale = Entry.objects.select_related("round").get(pk=entry.pk)
    stale.percent = Decimal(50)
    with pytest.raises(Conflict):
        stale.save()
    assert Entry.objects.get(pk=entry.pk).percent == Decimal("62.5")


def test_no_save_can_store_an_absurd_percentage(july):
    entry = Entry.objects.select_related("round").get(pk=_entry(july, "城镇新增就业").pk)
    entry.percent = Decimal(-999999)
    with pytest.raises(InvalidInput):
        entry.save()


def test_a_stale_version_is_a_conflict_that_shows_the_other_change(july, personas):
    entry = _entry(july, ELDERLY)
    reporter = personas.actor(personas.reporter)
    seen = entry.version
    save_entry(reporter, entry, Report("已建成4个助餐点。", "on_schedule"), version=seen)
    with pytest.raises(Conflict) as error:
        save_entry(personas.actor(personas.head), entry, Report("已建成5个。", "on_schedule"), version=seen)
    assert "已被他人修改" in error.value.message and "已建成4个助餐点。" in error.value.message
    entry.refresh_from_db()
    assert entry.progress == "已建成4个助餐点。"


def test_opening_a_round_is_for_the_office_and_checks_its_dates(personas):
    indicators = TaskList.objects.get(kind=ListKind.INDICATORS)
    with pytest.raises(Forbidden):
        open_round(personas.actor(personas.leader), indicators, period="7月", as_of=date(2024, 7, 31))
    with pytest.raises(InvalidInput, match="不能早于"):
        open_round(OPERATOR, indicators, period="7月", as_of=date(2024, 7, 31), deadline=date(2024, 7, 1))
    rnd = open_round(OPERATOR, indicators, period="7月", as_of=date(2024, 7, 31))
    assert rnd.entries.count() == 46
    [event] = AuditEvent.objects.for_object(rnd)
    assert (event.type, event.detail["entries"]) == ("round.open", 46)


def test_a_heads_own_submission_goes_straight_to_the_office(july, personas):
    entry = _entry(july, ELDERLY)
    submit_entry(
        personas.actor(personas.head), entry, Report("已建成4个。", "on_schedule", percent=Decimal("66.7"))
    )
    entry.refresh_from_db()
    assert entry.state == EntryState.SUBMITTED
