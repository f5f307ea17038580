"""The text of a 督办单: colour heading, unit, items by 序号, deadline, what is required, office and date."""

from __future__ import annotations

from datetime import date

import pytest

from duban.reminders.models import Level, Reminder
from duban.reminders.rules import Rule
from duban.reminders.services import issue_reminders
from duban.reminders.texts import cn_date, office_name
from tests.registry_fixtures import OPERATOR
from tests.reminders.conftest import report, unit


def finance_notice(rnd, *days: date) -> Reminder:  # type: ignore[no-untyped-def]
    for day in days:
        issue_reminders(OPERATOR, rnd, day, Rule())
    return Reminder.objects.filter(round=rnd, unit=unit("区财政局")).order_by("-issued_on").first()


def test_a_blue_notice_asks_for_the_report_by_the_deadline(july):
    text = finance_notice(july, date(2024, 8, 3)).text
    assert text.startswith("督办单（蓝色）\n\n区财政局：\n")
    assert "你单位牵头的《2024年<政府工作报告>目标任务分解》目标任务（2024年1-7月）中" in text
    assert (
        "    1. 第2项 深入推进“三资”运作改革，念好“用售租融”四字诀，确保实现收益3.5亿元以上。（尚未报送）"
        in text
    )
    assert "    2. 第3项 加快推进城发集团" in text and "    3. 第13项 严格落实一揽子化债方案" in text
    assert "报送截止日期：2024年8月5日。" in text
    assert "请于8月5日前报送进展情况。" in text
    assert text.endswith("\n云溪区督查室\n2024年8月3日\n")


def test_a_red_notice_for_an_overdue_unit_gives_three_days_and_asks_why(july):
    red = finance_notice(july, date(2024, 8, 6), date(2024, 8, 7))
    assert red.level == Level.RED and red.reply_by == date(2024, 8, 10)
    assert red.text.startswith("督办单（红色）\n")
    assert "（经催办仍未报送）" in red.text
    assert "以上事项经催办仍未报送，现予红色督办，请于8月10日前报送进展情况，并书面说明逾期原因。" in red.text


def test_lagging_items_are_asked_for_causes_and_corrective_measures(july):
    report(july, 2, "lagging")
    report(july, 3, "lagging")
    report(july, 13, "completed")
    text = finance_notice(july, date(2024, 8, 1)).text
    assert text.startswith("督办单（红色）\n")
    assert "第2项 深入推进“三资”运作改革" in text and "（连续两轮进展滞后）" in text
    assert "第3项 加快推进城发集团" in text and "（进展滞后）" in text
    assert "连续两轮进展滞后的事项，请于8月4日前说明滞后原因并提出整改措施" in text


def test_the_office_name_can_be_set(july, settings):
    settings.DUBAN_OFFICE_NAME = "岳阳市云溪区人民政府督查室"
    assert office_name(unit("区财政局").region) == "岳阳市云溪区人民政府督查室"


@pytest.mark.parametrize(
    ("day", "since", "expected"),
    [
        (date(2024, 8, 5), None, "2024年8月5日"),
        (date(2024, 8, 5), date(2024, 8, 1), "8月5日"),
        (date(2025, 1, 3), date(2024, 12, 30), "2025年1月3日"),
    ],
)
def test_dates_leave_out_the_year_only_within_the_same_year(day, since, expected):
    assert cn_date(day, since=since) == expected
