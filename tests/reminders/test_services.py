"""The three-colour rule at its boundaries, and issuing 督办单 once (with notices and deliveries)."""

from __future__ import annotations

from datetime import date

import pytest

from duban.reminders.models import Cause, Channel, ChannelKind, Delivery, Level, Notification, Reminder
from duban.reminders.rules import Rule
from duban.reminders.services import escalation, issue_reminders
from duban.supervision.choices import ListKind
from duban.supervision.models import Round, TaskList
from tests.registry_fixtures import OPERATOR
from tests.registry_fixtures import open_round_as_operator as open_round
from tests.reminders.conftest import report, unit

# 附件1: 区财政局 leads tasks 2, 3 and 13; in the half-year bulletin 2 and 13 are 相对滞后, 3 is on schedule.
FINANCE_ITEMS = [2, 3, 13]


def plan_for(rnd: Round, today: date, name: str, rule: Rule | None = None):  # type: ignore[no-untyped-def]
    wanted = unit(name)
    found = [p for p in escalation(rnd, today, rule or Rule()) if p.unit.pk == wanted.pk]
    return found[0] if found else None


def causes(plan) -> dict[int, str]:  # type: ignore[no-untyped-def]
    return {p.entry.item.seq: p.cause for p in plan.items}


@pytest.mark.parametrize(
    ("today", "level", "cause"),
    [
        (date(2024, 8, 2), Level.BLUE, Cause.DUE_SOON),  # three days before the deadline
        (date(2024, 8, 5), Level.BLUE, Cause.DUE_SOON),  # the deadline day is still in time
        (date(2024, 8, 6), Level.YELLOW, Cause.OVERDUE),  # the day after: overdue
        (date(2024, 9, 30), Level.YELLOW, Cause.OVERDUE),  # never chased before: still yellow
    ],
)
def test_an_unsubmitted_unit_is_blue_before_and_yellow_after_the_deadline(july, today, level, cause):
    plan = plan_for(july, today, "区财政局")
    assert plan.level == level
    assert causes(plan) == dict.fromkeys(FINANCE_ITEMS, cause)


def test_four_days_before_the_deadline_nobody_is_reminded(july):
    assert escalation(july, date(2024, 8, 1), Rule()) == []


def test_the_blue_window_and_the_grace_days_follow_the_rule(july):
    rule = Rule(blue_days_before=5, yellow_after_days=2)
    assert plan_for(july, date(2024, 7, 31), "区财政局", rule).level == Level.BLUE
    assert plan_for(july, date(2024, 8, 7), "区财政局", rule).level == Level.BLUE
    assert plan_for(july, date(2024, 8, 8), "区财政局", rule).level == Level.YELLOW


def test_submitted_items_are_left_out_and_a_unit_that_reported_everything_is_not_reminded(july):
    report(july, 2, "on_schedule")
    assert causes(plan_for(july, date(2024, 8, 6), "区财政局")) == {3: Cause.OVERDUE, 13: Cause.OVERDUE}
    report(july, 3, "completed")
    report(july, 13, "on_schedule")
    assert plan_for(july, date(2024, 8, 6), "区财政局") is None


def test_still_overdue_the_day_after_a_yellow_is_red(july):
    [yellow] = [
        r for r in issue_reminders(OPERATOR, july, date(2024, 8, 6), Rule()) if r.unit == unit("区财政局")
    ]
    assert yellow.level == Level.YELLOW
    assert plan_for(july, date(2024, 8, 6), "区财政局").level == Level.YELLOW  # same day: not yet
    plan = plan_for(july, date(2024, 8, 7), "区财政局")
    assert plan.level == Level.RED
    assert causes(plan) == dict.fromkeys(FINANCE_ITEMS, Cause.OVERDUE_AGAIN)
    assert plan.reason == "经催办仍未报送3项"


def test_red_waits_for_the_configured_days_after_the_yellow(july):
    rule = Rule(red_after_days=3)
    issue_reminders(OPERATOR, july, date(2024, 8, 6), rule)
    assert plan_for(july, date(2024, 8, 8), "区财政局", rule).level == Level.YELLOW
    assert plan_for(july, date(2024, 8, 9), "区财政局", rule).level == Level.RED


def test_an_item_lagging_in_two_consecutive_rounds_is_red_and_a_first_lag_yellow(july):
    report(july, 2, "lagging")  # also 相对滞后 in the bulletin
    report(july, 3, "lagging")  # on schedule in the bulletin
    report(july, 13, "completed")
    plan = plan_for(july, date(2024, 7, 20), "区财政局")  # long before the deadline: lagging counts anyway
    assert plan.level == Level.RED
    assert causes(plan) == {2: Cause.LAGGING_TWICE, 3: Cause.LAGGING}
    assert plan.reason == "连续两轮进展滞后1项；进展滞后1项"


def test_a_task_with_two_lead_units_reminds_both(july):
    report(july, 51, "lagging")  # 区交通局 and 区物流发展服务中心, lagging in the bulletin too
    for name in ["区交通局", "区物流发展服务中心"]:
        assert causes(plan_for(july, date(2024, 7, 20), name)) == {51: Cause.LAGGING_TWICE}


def test_a_round_without_deadline_only_escalates_lagging_items(imported):
    tasks = TaskList.objects.get(kind=ListKind.TASKS)
    rnd = open_round(tasks, period="2024年1-7月", as_of=date(2024, 7, 31), deadline=None, tolerance=None)
    assert escalation(rnd, date(2024, 12, 31), Rule()) == []
    report(rnd, 13, "lagging")
    assert [(p.unit.name, causes(p)) for p in escalation(rnd, date(2024, 12, 31), Rule())] == [
        ("区财政局", {13: Cause.LAGGING_TWICE})
    ]


def test_issuing_twice_the_same_day_adds_nothing(july):
    first = issue_reminders(OPERATOR, july, date(2024, 8, 6), Rule())
    assert first and {r.level for r in first} == {Level.YELLOW}
    counts = (Reminder.objects.count(), Notification.objects.count())
    assert issue_reminders(OPERATOR, july, date(2024, 8, 6), Rule()) == []
    assert (Reminder.objects.count(), Notification.objects.count()) == counts


def test_blue_then_yellow_then_red_are_three_reminders_of_one_unit(july):
    for day in (date(2024, 8, 3), date(2024, 8, 6), date(2024, 8, 7), date(2024, 8, 8)):
        issue_reminders(OPERATOR, july, day, Rule())
    finance = Reminder.objects.filter(round=july, unit=unit("区财政局"))
    assert [(r.level, r.issued_on.day) for r in finance.order_by("issued_on")] == [
        ("blue", 3),
        ("yellow", 6),
        ("red", 7),
    ]
    assert sorted(finance.get(level=Level.RED).items.values_list("seq", flat=True)) == FINANCE_ITEMS


def test_an_item_falling_due_after_a_red_is_added_to_it_as_a_supplement(july):
    report(july, 2, "lagging")
    report(july, 3, "on_schedule")
    [red] = [
        r for r in issue_reminders(OPERATOR, july, date(2024, 8, 1), Rule()) if r.unit == unit("区财政局")
    ]
    assert list(red.items.values_list("seq", flat=True)) == [2]
    again = [
        r for r in issue_reminders(OPERATOR, july, date(2024, 8, 3), Rule()) if r.unit == unit("区财政局")
    ]
    assert again == [red]
    assert sorted(red.items.values_list("seq", flat=True)) == [2, 13]
    titles = list(Notification.objects.filter(reminder=red).order_by("pk").values_list("title", flat=True))
    assert len(titles) == 2 and titles[1].endswith("（补充）")
    assert issue_reminders(OPERATOR, july, date(2024, 8, 3), Rule()) == []


def test_each_reminder_is_a_notice_delivered_on_the_units_and_the_offices_active_channels(july):
    finance = unit("区财政局")
    region = finance.region
    own = Channel.objects.create(
        region=region, unit=finance, kind=ChannelKind.WECOM, target="https://example.org/w"
    )
    office = Channel.objects.create(
        region=region, unit=None, kind=ChannelKind.EMAIL, target="dcs@example.org"
    )
    Channel.objects.create(
        region=region, unit=finance, kind=ChannelKind.FEISHU, target="https://x.org", active=False
    )
    Channel.objects.create(
        region=region, unit=unit("区交通局"), kind=ChannelKind.EMAIL, target="j@example.org"
    )
    issue_reminders(OPERATOR, july, date(2024, 8, 6), Rule())
    [notice] = Notification.objects.filter(unit=finance)
    assert notice.title == "督办单（黄色）：《2024年<政府工作报告>目标任务分解》目标任务 · 2024年1-7月"
    assert notice.body == Reminder.objects.get(unit=finance).text and notice.read_at is None
    assert {d.channel for d in notice.deliveries.all()} == {own, office}
    assert {d.state for d in Delivery.objects.all()} == {"pending"}
