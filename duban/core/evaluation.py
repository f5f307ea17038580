"""The status rule: an item's progress level from its figures, the round's date and a tolerance.

A round (调度) has an as-of date and a tolerance in percentage points; the share of the period
elapsed on that date is the "time progress" (时间进度). An item is 已完成 at 100 % or more, 正常推进
when its completion is no more than `tolerance` points behind the time progress, 滞后 otherwise.
Items without figures keep the office's own judgement, and the reason says so.

Completion is only computed for floor targets ("5600人以上", "2所"). A ceiling target ("控制在
35以下", "不超过…") is not completed by reaching it, so only a stated percent counts for it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from duban.core.errors import ParseError
from duban.core.model import Quantity, Status, decimal_str

DEFAULT_TOLERANCE = Decimal(10)
HUNDRED = Decimal(100)
_ONE_DECIMAL = Decimal("0.1")
_TWO_DECIMALS = Decimal("0.01")
# Targets that cap a figure rather than set a goal to reach.
_CEILING_QUALIFIERS = frozenset(
    {
        "以下",
        "及以下",
        "以内",
        "之内",
        "不超过",
        "不高于",
        "不多于",
        "不到",
        "低于",
        "少于",
        "控制在",
        "降至",
        "降到",
        "降低到",
        "降低至",
    }
)


@dataclass(frozen=True)
class Facts:
    """What is known about one item in one round."""

    as_of: date
    target: Quantity | None = None
    completed: Decimal | None = None  # the completed amount, in the target's unit
    percent: Decimal | None = None  # 量化数据 as reported, e.g. 55 for "55%"
    period_start: date | None = None  # default: 1 January of as_of's year
    period_end: date | None = None  # default: 31 December of as_of's year
    tolerance: Decimal = DEFAULT_TOLERANCE  # percentage points
    judgement: Status | None = None  # the office's (or unit's) own evaluation
    for_task: bool = False  # label statuses with the task vocabulary (基本完成 …)


@dataclass(frozen=True)
class Evaluation:
    """The computed status of an item, why, and the completion percent it used."""

    status: Status | None
    reason: str
    percent: Decimal | None
    elapsed: Decimal


@dataclass(frozen=True)
class Flag:
    """A stated status that the figures contradict."""

    stated: Status
    computed: Status
    percent: Decimal
    elapsed: Decimal
    message: str


def year_elapsed_share(as_of: date, start: date | None = None, end: date | None = None) -> Decimal:
    """Percent of the period elapsed on `as_of`, both ends counted inclusively, one decimal.

    Days are counted inclusively: on 1 January one day of the year has passed, on 31 December
    all of it, so 2024-06-30 is day 182 of 366 → 49.7. Dates outside the period clamp to 0 / 100.
    """
    start = start or date(as_of.year, 1, 1)
    end = end or date(as_of.year, 12, 31)
    if end < start:
        raise ParseError(
            f"调度周期的结束日期（{end.isoformat()}）早于开始日期（{start.isoformat()}）",
            english=f"period end {end} is before its start {start}",
        )
    if as_of < start:
        return Decimal(0).quantize(_ONE_DECIMAL)
    if as_of >= end:
        return HUNDRED.quantize(_ONE_DECIMAL)
    days = Decimal((as_of - start).days + 1)
    total = Decimal((end - start).days + 1)
    return (days / total * HUNDRED).quantize(_ONE_DECIMAL, rounding=ROUND_HALF_UP)


def completion_percent(facts: Facts) -> Decimal | None:
    """The reported percent, else completed / target × 100 (two decimals), else None."""
    if facts.percent is not None:
        return facts.percent
    target = facts.target
    if facts.completed is None or target is None or target.value is None or target.value <= 0:
        return None
    if _is_ceiling(target):
        return None
    return (facts.completed / target.value * HUNDRED).quantize(_TWO_DECIMALS, rounding=ROUND_HALF_UP)


def evaluate(facts: Facts) -> Evaluation:
    """Status of an item from its figures; without figures, the office's judgement."""
    elapsed = year_elapsed_share(facts.as_of, facts.period_start, facts.period_end)
    percent = completion_percent(facts)
    if percent is None:
        if facts.judgement is None:
            return Evaluation(None, "无量化数据，也无所列评价，无法评价", None, elapsed)
        label = _label(facts.judgement, facts)
        return Evaluation(facts.judgement, f"无量化数据，沿用所列评价：{label}", None, elapsed)
    status = _rule(percent, elapsed, facts.tolerance)
    reason = (
        f"完成{_pct(percent)}，时间进度{_pct(elapsed)}，"
        f"容差{decimal_str(facts.tolerance)}个百分点：{_label(status, facts)}"
    )
    return Evaluation(status, reason, percent, elapsed)


def consistency_flag(stated: Status | None, facts: Facts) -> Flag | None:
    """A flag when the stated status contradicts the figures, else None.

    Between `elapsed − tolerance` and `elapsed` both 正常推进 and 滞后 are defensible, so a stated
    滞后 is only contradicted at or above the time progress itself; a stated 已完成 below 100 %;
    a stated 正常推进 below `elapsed − tolerance`. Without a percent nothing is contradicted.
    """
    percent = completion_percent(facts)
    if stated is None or percent is None:
        return None
    elapsed = year_elapsed_share(facts.as_of, facts.period_start, facts.period_end)
    computed = _rule(percent, elapsed, facts.tolerance)
    floor = elapsed - facts.tolerance
    if stated is Status.COMPLETED:
        contradicted = percent < HUNDRED
    elif stated is Status.ON_SCHEDULE:
        contradicted = percent < floor
    else:
        contradicted = percent >= elapsed
    if not contradicted:
        return None
    message = (
        f"所列进度“{_label(stated, facts)}”与数据不符：完成{_pct(percent)}，"
        f"截至{facts.as_of.year}年{facts.as_of.month}月{facts.as_of.day}日时间进度{_pct(elapsed)}，"
        f"容差{decimal_str(facts.tolerance)}个百分点，按规则应为“{_label(computed, facts)}”"
    )
    return Flag(stated=stated, computed=computed, percent=percent, elapsed=elapsed, message=message)


def _rule(percent: Decimal, elapsed: Decimal, tolerance: Decimal) -> Status:
    if percent >= HUNDRED:
        return Status.COMPLETED
    if percent >= elapsed - tolerance:
        return Status.ON_SCHEDULE
    return Status.LAGGING


def _is_ceiling(target: Quantity) -> bool:
    # A joined qualifier reads "不低于…以上"; judge each part, since 不低于 contains 低于.
    parts = (target.qualifier or "").split("…")
    return any(part in _CEILING_QUALIFIERS for part in parts)


def _label(status: Status, facts: Facts) -> str:
    return status.task_label if facts.for_task else status.indicator_label


def _pct(value: Decimal) -> str:
    return f"{decimal_str(value)}%"
