"""The status rule and the consistency flag, on the figures of the 2024 mid-year bulletin."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from duban.core.errors import ParseError
from duban.core.evaluation import Facts, completion_percent, consistency_flag, evaluate, year_elapsed_share
from duban.core.model import Quantity, Status

MID_YEAR = date(2024, 6, 30)


@pytest.mark.parametrize(
    ("as_of", "start", "end", "expected"),
    [
        (date(2024, 6, 30), None, None, "49.7"),  # day 182 of 366
        (date(2023, 6, 30), None, None, "49.6"),  # day 181 of 365
        (date(2024, 1, 1), None, None, "0.3"),  # the first day counts
        (date(2024, 12, 31), None, None, "100"),
        (date(2024, 7, 31), None, None, "58.2"),  # day 213 of 366
        (date(2024, 3, 31), date(2024, 1, 1), date(2024, 3, 31), "100"),
        (date(2024, 2, 15), date(2024, 1, 1), date(2024, 3, 31), "50.5"),  # 46 of 91
        (date(2023, 12, 1), date(2024, 1, 1), date(2024, 12, 31), "0"),  # before the period
    ],
)
def test_year_elapsed_share(as_of: date, start: date | None, end: date | None, expected: str) -> None:
    assert year_elapsed_share(as_of, start, end) == Decimal(expected)


def test_a_period_ending_before_it_starts_is_bad_input() -> None:
    with pytest.raises(ParseError) as caught:
        year_elapsed_share(MID_YEAR, date(2024, 12, 31), date(2024, 1, 1))
    assert "早于" in caught.value.message


@pytest.mark.parametrize(
    ("percent", "status", "reason"),
    [
        ("65", Status.ON_SCHEDULE, "完成65%，时间进度49.7%，容差10个百分点：正常推进"),
        ("10", Status.LAGGING, "完成10%，时间进度49.7%，容差10个百分点：滞后"),
        ("29.59", Status.LAGGING, "完成29.59%，时间进度49.7%，容差10个百分点：滞后"),
        ("39.7", Status.ON_SCHEDULE, "完成39.7%，时间进度49.7%，容差10个百分点：正常推进"),  # the edge
        ("39.6", Status.LAGGING, "完成39.6%，时间进度49.7%，容差10个百分点：滞后"),
        ("100", Status.COMPLETED, "完成100%，时间进度49.7%，容差10个百分点：已完成"),
        ("122", Status.COMPLETED, "完成122%，时间进度49.7%，容差10个百分点：已完成"),
    ],
)
def test_it_evaluates_a_reported_percent(percent: str, status: Status, reason: str) -> None:
    result = evaluate(Facts(as_of=MID_YEAR, percent=Decimal(percent)))
    assert (result.status, result.reason, result.percent) == (status, reason, Decimal(percent))


def test_it_computes_the_percent_from_the_completed_amount() -> None:
    # 附件2: 新生儿疾病免费筛查 500人, 已完成332人.
    facts = Facts(as_of=MID_YEAR, target=Quantity("500人", Decimal(500), "人"), completed=Decimal(332))
    result = evaluate(facts)
    assert result.percent == Decimal("66.4")
    assert result.status is Status.ON_SCHEDULE


def test_a_reported_percent_wins_over_the_amounts() -> None:
    facts = Facts(
        as_of=MID_YEAR, target=Quantity("4个", Decimal(4), "个"), completed=Decimal(3), percent=Decimal(75)
    )
    assert completion_percent(facts) == Decimal(75)


@pytest.mark.parametrize(
    "target",
    [
        Quantity("35以下", Decimal(35), "", "以下"),  # a ceiling is not completed by reaching it
        Quantity("已完成。", None, ""),
        Quantity("0个", Decimal(0), "个"),
    ],
)
def test_it_does_not_compute_a_percent_it_cannot_defend(target: Quantity) -> None:
    assert completion_percent(Facts(as_of=MID_YEAR, target=target, completed=Decimal(20))) is None


def test_a_floor_qualifier_is_not_a_ceiling() -> None:
    target = Quantity("不低于700元/月", Decimal(700), "元/月", "不低于")
    assert completion_percent(Facts(as_of=MID_YEAR, target=target, completed=Decimal(700))) == Decimal(100)


@pytest.mark.parametrize(
    ("judgement", "status", "reason"),
    [
        (Status.ON_SCHEDULE, Status.ON_SCHEDULE, "无量化数据，沿用所列评价：正常推进"),
        (Status.COMPLETED, Status.COMPLETED, "无量化数据，沿用所列评价：已完成"),
        (None, None, "无量化数据，也无所列评价，无法评价"),
    ],
)
def test_without_figures_the_judgement_stands(
    judgement: Status | None, status: Status | None, reason: str
) -> None:
    result = evaluate(Facts(as_of=MID_YEAR, judgement=judgement))
    assert (result.status, result.reason, result.percent) == (status, reason, None)


def test_tasks_use_their_own_labels() -> None:
    result = evaluate(Facts(as_of=MID_YEAR, percent=Decimal(55), for_task=True))
    assert result.reason.endswith("常态化或按时序推进")


def test_the_tolerance_is_a_setting() -> None:
    facts = Facts(as_of=MID_YEAR, percent=Decimal(40), tolerance=Decimal(5))
    result = evaluate(facts)
    assert result.status is Status.LAGGING
    assert "容差5个百分点" in result.reason


@pytest.mark.parametrize(
    ("stated", "percent", "flagged"),
    [
        (Status.ON_SCHEDULE, "10", True),  # 附件2 row 9: 老旧小区 2个, 10%, 正常推进
        (Status.ON_SCHEDULE, "55", False),
        (Status.ON_SCHEDULE, "40", False),
        (Status.LAGGING, "29.59", False),  # 附件1 task 2: consistent
        (Status.LAGGING, "45", False),  # within the tolerance band, 滞后 is defensible
        (Status.LAGGING, "49.7", True),
        (Status.LAGGING, "100", True),
        (Status.COMPLETED, "100", False),
        (Status.COMPLETED, "100.45", False),
        (Status.COMPLETED, "98", True),
        (None, "10", False),
    ],
)
def test_consistency_flag(stated: Status | None, percent: str, flagged: bool) -> None:
    flag = consistency_flag(stated, Facts(as_of=MID_YEAR, percent=Decimal(percent)))
    assert (flag is not None) == flagged


def test_no_percent_no_flag() -> None:
    assert consistency_flag(Status.ON_SCHEDULE, Facts(as_of=MID_YEAR)) is None


def test_the_flag_message_carries_the_figures_and_settings() -> None:
    flag = consistency_flag(Status.ON_SCHEDULE, Facts(as_of=MID_YEAR, percent=Decimal(10)))
    assert flag is not None
    assert flag.computed is Status.LAGGING
    assert flag.message == (
        "所列进度“正常推进”与数据不符：完成10%，截至2024年6月30日时间进度49.7%，"
        "容差10个百分点，按规则应为“滞后”"
    )


@given(
    st.decimals(min_value=-50, max_value=300, places=2, allow_nan=False),
    st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)),
)
def test_the_computed_status_is_never_flagged(percent: Decimal, as_of: date) -> None:
    facts = Facts(as_of=as_of, percent=percent)
    result = evaluate(facts)
    assert result.status is not None
    assert consistency_flag(result.status, facts) is None
    assert Decimal(0) <= result.elapsed <= Decimal(100)
