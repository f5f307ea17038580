"""A bulletin's count sentence, written in a source's own style.

The sample writes "80项目标任务中，已完成年度目标任务的7项，占8.8%；达到时间与进度同步的64项，占80%；
…"; another office writes "确定事项31件，已办结9件，占比29%；正在办理22件，占比71%". A style is
the categories in their order with their phrases, the measure word (件/项/个), how a share is
introduced (占 / 占比), whether the subject comes first, and the rounding: one decimal or whole
percents, rounded so that the shares add up to 100 (largest remainders) or cut down with the
last category taking the rest. `style_of` reads a style off a statement the source made, so a
bulletin generated for the same list speaks as the source did.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from duban.core.model import StatedCount, decimal_str
from duban.core.shares import shares, truncated_shares

TENTH = Decimal("0.1")
WHOLE = Decimal(1)


@dataclass(frozen=True)
class Category:
    """One category of a count sentence: the key records carry and the phrase before its count."""

    key: str  # a Status value, a source's own label (其它类), or "" for items without a report
    phrase: str  # 已完成年度目标任务的 / 已办结 / 欠进度的有 …


@dataclass(frozen=True)
class CountStyle:
    """How a source writes its count sentences."""

    categories: tuple[Category, ...]
    measure: str = "项"  # 件 / 项 / 个
    step: Decimal = TENTH  # TENTH: one decimal at most; WHOLE: whole percents
    truncate: bool = False  # cut shares down (the last category takes the rest) instead of rounding
    share_word: str = "占"  # 占 / 占比 / 占总任务的
    subject_first: bool = False  # "确定事项31件，" rather than "31件确定事项中，"


# The sample's styles (岳阳市云溪区): today's bulletin sentences.
TASK_STYLE = CountStyle(
    (
        Category("completed", "已完成年度目标任务的"),
        Category("on_schedule", "达到时间与进度同步的"),
        Category("lagging", "进展相对滞后的"),
        Category("", "尚未报送的"),
    ),
    measure="项",
)
INDICATOR_STYLE = CountStyle(
    (
        Category("completed", "已完成年度目标任务的"),
        Category("on_schedule", "达到时间与进度同步的"),
        Category("lagging", "进展滞后的"),
        Category("", "尚未报送的"),
    ),
    measure="件",
)


@dataclass(frozen=True)
class Part:
    """One category of a count: how many items it holds and its share of all, as the sentence writes it."""

    category: Category
    count: int
    share: Decimal


def count_parts(keys: Sequence[str], style: CountStyle = TASK_STYLE) -> list[Part]:
    """Each category of `style` (and any key it lacks) with its count and share — the numbers of
    `count_sentence`, for the pages that chart them (the dashboard shows what the bulletin says).

    `keys` holds one key per item (a Status value, an own label, or "" for no report); items
    whose key has no category in the style are counted under a category named by the key."""
    categories = list(style.categories)
    known = {c.key for c in categories}
    categories += [Category(k, k) for k in dict.fromkeys(keys) if k not in known]
    counts = [sum(1 for k in keys if k == c.key) for c in categories]
    split = truncated_shares if style.truncate else shares
    percents = split(counts, style.step)
    return [Part(c, n, p) for c, n, p in zip(categories, counts, percents, strict=True)]


def count_sentence(subject: str, keys: Sequence[str], style: CountStyle = TASK_STYLE) -> str:
    """ "80项目标任务中，已完成年度目标任务的7项，占8.8%；…" for the items' keys, in `style`."""
    m = style.measure
    parts = [
        f"{p.category.phrase}{p.count}{m}，{style.share_word}{format_share(p.share, style.step)}"
        for p in count_parts(keys, style)
        if p.count
    ]
    head = f"{subject}{len(keys)}{m}，" if style.subject_first else f"{len(keys)}{m}{subject}中，"
    return head + "；".join(parts)


def format_share(value: Decimal, step: Decimal = TENTH) -> str:
    """A share as the style writes it: "8.8%", "80%" (no trailing .0), "29%" in whole percents."""
    return f"{decimal_str(value.quantize(step))}%"


def style_of(stated: StatedCount, fallback: CountStyle = TASK_STYLE) -> CountStyle:
    """The style of a statement a source made: its categories, measure word, share word and rounding.

    Categories the source did not name (items without a report) come from `fallback`."""
    categories = [
        Category(p.status.value if p.status else p.label, p.label)
        for p in stated.parts
        if p.count is not None
    ]
    keys = {c.key for c in categories}
    categories += [c for c in fallback.categories if c.key not in keys]
    counted = [p for p in stated.parts if p.count is not None and p.share is not None]
    step = (
        TENTH
        if any(p.share is not None and p.share != p.share.to_integral_value() for p in counted)
        else WHOLE
    )
    truncate = _truncates(stated, step)
    return replace(
        fallback,
        categories=tuple(categories),
        measure=stated.unit or fallback.measure,
        step=step,
        truncate=truncate,
        share_word=stated.share_word or fallback.share_word,
        subject_first=stated.subject_first,
    )


def _truncates(stated: StatedCount, step: Decimal) -> bool:
    """Whether the stated shares are cut down rather than rounded (only where the two differ)."""
    parts = [p for p in stated.parts if p.count is not None and p.share is not None]
    if len(parts) < 2 or stated.total <= 0:
        return False
    counts = [p.count or 0 for p in parts]
    rest = stated.total - sum(counts)
    if rest:
        counts.append(rest)  # categories the sentence leaves out still take their share
    written = [p.share for p in parts]
    rounded = shares(counts, step)[: len(parts)]
    cut = truncated_shares(counts, step)[: len(parts)]
    return written == cut and written != rounded


def style_to_json(style: CountStyle) -> dict[str, Any]:
    """A style as plain JSON (for a database field): categories as [key, phrase] pairs."""
    return {
        "categories": [[c.key, c.phrase] for c in style.categories],
        "measure": style.measure,
        "step": str(style.step),
        "truncate": style.truncate,
        "share_word": style.share_word,
        "subject_first": style.subject_first,
    }


def style_from_json(data: dict[str, Any], fallback: CountStyle = TASK_STYLE) -> CountStyle:
    """A style stored by `style_to_json`; the fallback when nothing (or something unreadable) is stored."""
    try:
        return CountStyle(
            categories=tuple(Category(str(k), str(p)) for k, p in data["categories"]),
            measure=str(data.get("measure", fallback.measure)),
            step=Decimal(str(data.get("step", fallback.step))),
            truncate=bool(data.get("truncate", False)),
            share_word=str(data.get("share_word", fallback.share_word)),
            subject_first=bool(data.get("subject_first", False)),
        )
    except (KeyError, TypeError, ValueError, ArithmeticError):
        return fallback
