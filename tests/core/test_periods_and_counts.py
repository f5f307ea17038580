"""Reporting periods from titles and the count sentences of a bulletin."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from duban.core.periods import period_from_title
from duban.core.stated_counts import parse_stated_counts


@pytest.mark.parametrize(
    ("title", "label", "as_of"),
    [
        ("关于2024年上半年区政府重点工作推进情况的通报", "2024年上半年", date(2024, 6, 30)),
        ("关于2024年1-9月重点工作推进情况的通报", "2024年1-9月", date(2024, 9, 30)),
        ("关于2023年第一季度重点工作推进情况的通报", "2023年第一季度", date(2023, 3, 31)),
        ("关于2024年前三季度重点民生实事推进情况的通报", "2024年前三季度", date(2024, 9, 30)),
        ("关于2024年2月份重点工作推进情况的通报", "2024年2月份", date(2024, 2, 29)),
    ],
)
def test_period_from_title(title, label, as_of):
    period = period_from_title(title)
    assert period is not None and (period.label, period.as_of) == (label, as_of)


def test_no_period_without_a_year_or_period():
    assert period_from_title("关于加强督查工作的通知") is None


def test_stated_counts_read_every_sentence_with_its_levels():
    text = (
        "80项目标任务中，已完成年度目标任务的7项，占8.8%；达到时间与进度同步的64项，占80%；进展相对滞后的9项，占11.2%。"
        "其中35件省级重点民生实事中，已完成年度目标任务的12件，占34.3%；达到时间与进度同步的23件，占65.7%。"
    )
    first, second = parse_stated_counts([text])
    assert (first.subject, first.total, first.unit) == ("目标任务", 80, "项")
    assert first.counts == {"completed": 7, "on_schedule": 64, "lagging": 9}
    assert first.shares["completed"] == Decimal("8.8")
    assert (second.subject, second.total, second.counts) == (
        "省级重点民生实事",
        35,
        {"completed": 12, "on_schedule": 23},
    )


def test_sentences_without_counts_give_nothing():
    assert parse_stated_counts(["17项省政府大抓落实工作激励措施，相关实施细则正在陆续出台。"]) == []
