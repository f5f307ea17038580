"""Targets stated in prose and the progress figures that answer them.

Most tasks of a 政府工作报告 decomposition state their targets in a sentence ("新增城镇就业5600人
以上") and units report progress in another ("新增城镇就业3096人"). `extract_pairs` pairs each
target figure with the progress figure that answers it, or with nothing: a wrong pair is worse
than none, so every rule below errs on the side of no pair.

Rules (why each is as strict as it is):
- Label. A figure's label is the words before it back to the clause boundary or the previous
  figure, minus filler at its ends (全年, 确保, 实现, 完成 …). When that leaves fewer than three
  characters the noun follows the number ("完成3个和美乡村建设"), so the words after it are added.
  A progress figure with a label of three characters or fewer ("增长", "参保率") borrows the
  label of the figure before it in the same sentence ("完成地区生产总值136.97亿元，增长2.5%"),
  or else its line heading ("农村道路“白改黑”：完成5.719公里"). A figure inside a heading
  ("100个农村户厕改新建：已完成69户") restates the target and is never an actual.
- Match. A progress figure answers a target when every character of the target's label occurs
  in the progress label (as a multiset; order may differ: 城镇新增就业 = 新增城镇就业) and their
  units measure the same thing. "Enough characters" means all of them: one character is the
  whole difference between 城镇居民 and 城乡居民 income. Target labels shorter than three
  characters are too weak to match.
- Work not done yet. A progress clause that says work is only started or planned (开工, 正在,
  拟, 预计 …), where the target's label does not itself speak of it, is not a completed amount.
- Explicit share. "创收10355.595万元，占今年任务（3.5亿元）的29.59%" pairs the restated task
  figure with the amount just before 占, if the task has exactly one figure of that dimension and
  it equals the restated one.
- Kind. Percent targets are rates (growth "增长7.5%以上", levels "参保率95%以上"): they are not
  completed by parts, so their share is None. Other figures are cumulative amounts with a share.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from duban.core.model import Quantity
from duban.core.quantities import Found, clean_decimal, find_quantities, parse_quantity

MIN_LABEL = 3
AFTER_CHARS = 12
RATE_UNITS = frozenset({"%", "‰", "个百分点", "百分点"})
# Units that count the same thing; multipliers are already applied by parse_quantity. A bare
# multiplier ("2.49亿") is money in these texts. 人次 is counted as people as the offices do.
_DIMENSIONS: dict[str, str] = {
    "": "元",
    "名": "人",
    "人次": "人",
    "立方米": "方",
    "千米": "公里",
    "百分点": "个百分点",
}
_FILLER_PREFIXES = (
    "截至目前",
    "截至",
    "上半年",
    "全年",
    "今年",
    "年内",
    "年度",
    "全区",
    "我区",
    "确保",
    "力争",
    "实现",
    "累计",
    "共计",
    "已完成",
    "完成",
    "其中",
    "目前",
    "共",
    "已",
)
_FILLER_SUFFIXES = (
    "以及",
    "已完成",
    "和",
    "及",
    "与",
    "完成",
    "实现",
    "达到",
    "达",
    "为",
    "的",
    "有",
    "共",
    "已",
)
_RATE_WORDS = ("同比增长", "同比下降", "增长", "下降", "增速", "增幅", "提高")
_NOT_DONE = ("开工", "启动", "正在", "拟", "计划", "预计", "待", "申报", "创建中")
_SENTENCE_END = "。；;！？!?\n"
_CLAUSE_SPLIT = "，,。；;：:！？!?\n"
_CONNECTIVES = ("和", "及", "与", "以及", "并", "、")
_CLAUSE_END = "，,。；;：:、（）()！？!?\n\t"
_PUNCT = re.compile(r"[\s“”\"'‘’《》〈〉<>「」『』·•]")
_EXPLICIT = re.compile(
    r"占[^，,。；;]{0,12}?(?:任务|目标|计划)[（(](?P<restated>[^）)]{1,20})[）)]的?\s*(?P<percent>-?\d+(?:\.\d+)?)[%％]"
)


@dataclass(frozen=True)
class Pair:
    """A target figure and the progress figure that answers it."""

    label: str
    target: Quantity
    actual: Quantity
    share: Decimal | None  # actual / target × 100, one decimal; None for rates
    kind: str  # "amount" or "rate"


@dataclass(frozen=True)
class _Item:
    found: Found
    core: str  # the label used for matching
    clause: str  # the clause around the figure, for the work-not-done check
    heading: bool  # the figure sits in a line heading ("100个农村户厕改新建：…")


def stated_targets(task_text: str) -> list[str]:
    """The quantified targets a task's text states, label and figure ("新增城镇就业3000人以上"), in order."""
    return [
        f"{item.core}{item.found.quantity.text}"
        for item in _items(task_text, progress=False)
        if item.found.quantity.value is not None and len(item.core) >= MIN_LABEL
    ]


def extract_pairs(task_text: str, progress_text: str) -> list[Pair]:
    """Pairs of (target in the task text, figure in the progress text) the texts support."""
    targets = _items(task_text, progress=False)
    progress = _items(progress_text, progress=True)
    used: set[int] = set()
    paired: dict[int, Pair] = {}
    for ti, target in enumerate(targets):
        if target.found.quantity.value is None or len(target.core) < MIN_LABEL:
            continue
        for pi, actual in enumerate(progress):
            if pi in used or actual.heading:
                continue
            if not _same_dimension(target.found.quantity, actual.found.quantity):
                continue
            if not _covers(actual.core, target.core) or _not_done(actual.clause, target):
                continue
            paired[ti] = _pair(target, actual.found.quantity)
            used.add(pi)
            break
    for ti, pair in _explicit_pairs(targets, progress, progress_text, set(paired)):
        paired[ti] = pair
    return [paired[ti] for ti in sorted(paired)]


def _items(text: str, *, progress: bool) -> list[_Item]:
    found = find_quantities(text)
    items: list[_Item] = []
    for i, f in enumerate(found):
        before = _PUNCT.sub("", f.label)
        # "9.6公里农村道路“白改黑”和40公里…": words ending in 和 belong to the figure before.
        if before.endswith(_CONNECTIVES):
            before = ""
        core = _strip_filler(before)
        if len(core) < MIN_LABEL:
            core = _strip_filler(core + _after(text, f, found[i + 1] if i + 1 < len(found) else None))
        line_start = text.rfind("\n", 0, f.start) + 1
        line_end = text.find("\n", f.start)
        line = text[line_start : line_end if line_end >= 0 else len(text)]
        colon = min((k for k in (line.find("："), line.find(":")) if k >= 0), default=-1)
        heading = 0 <= f.start - line_start < colon
        if progress and (len(core) <= MIN_LABEL or core in _RATE_WORDS):
            previous = items[-1] if items else None
            if previous and _sentence(text, previous.found.start) == _sentence(text, f.start):
                # "…136.97亿元，增长2.5%", "参保14.96万人，参保率98.44%": the same subject.
                core = previous.core + core
            elif colon > 0 and not heading:
                core = _strip_filler(_PUNCT.sub("", line[:colon])) + core  # "农村道路“白改黑”：完成5.7公里"
        items.append(_Item(found=f, core=core, clause=_clause(text, f.start), heading=heading))
    return items


def _after(text: str, f: Found, following: Found | None) -> str:
    stop = following.start if following else len(text)
    words = text[f.end : min(stop, f.end + AFTER_CHARS)]
    for i, ch in enumerate(words):
        if ch in _CLAUSE_END:
            return words[:i]
    return words


def _clause(text: str, at: int) -> str:
    start = max(text.rfind(ch, 0, at) for ch in _CLAUSE_SPLIT) + 1
    ends = [i for i in (text.find(ch, at) for ch in _CLAUSE_SPLIT) if i >= 0]
    return text[start : min(ends) if ends else len(text)]


def _sentence(text: str, at: int) -> str:
    start = max(text.rfind(ch, 0, at) for ch in _SENTENCE_END) + 1
    ends = [i for i in (text.find(ch, at) for ch in _SENTENCE_END) if i >= 0]
    return text[start : min(ends) if ends else len(text)]


def _strip_filler(label: str) -> str:
    label = _PUNCT.sub("", label)
    changed = True
    while changed and label:
        changed = False
        for word in _FILLER_PREFIXES:
            if label.startswith(word) and len(label) > len(word):
                label, changed = label[len(word) :], True
                break
        for word in _FILLER_SUFFIXES:
            if label.endswith(word) and len(label) > len(word):
                label, changed = label[: -len(word)], True
                break
    return "" if label in _FILLER_PREFIXES or label in _FILLER_SUFFIXES else label


def _covers(progress_label: str, target_label: str) -> bool:
    need = Counter(target_label)
    have = Counter(progress_label)
    return all(have[ch] >= n for ch, n in need.items())


def _not_done(clause: str, target: _Item) -> bool:
    return any(word in clause and word not in target.clause for word in _NOT_DONE)


def _dimension(unit: str) -> str:
    return _DIMENSIONS.get(unit, unit)


def _same_dimension(a: Quantity, b: Quantity) -> bool:
    return a.value is not None and b.value is not None and _dimension(a.unit) == _dimension(b.unit)


def _pair(target: _Item, actual: Quantity) -> Pair:
    quantity = target.found.quantity
    label = target.core
    if quantity.unit in RATE_UNITS:
        for word in _RATE_WORDS:
            if label.endswith(word) and len(label) > len(word):
                label = label[: -len(word)]
                break
        return Pair(label=label, target=quantity, actual=actual, share=None, kind="rate")
    share = None
    if quantity.value and actual.value is not None and quantity.value > 0:
        share = clean_decimal(
            (actual.value / quantity.value * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        )
    return Pair(label=label, target=quantity, actual=actual, share=share, kind="amount")


def _explicit_pairs(
    targets: list[_Item], progress: list[_Item], progress_text: str, taken: set[int]
) -> list[tuple[int, Pair]]:
    """Pairs from "占今年任务（3.5亿元）的29.59%" statements."""
    pairs: list[tuple[int, Pair]] = []
    for m in _EXPLICIT.finditer(progress_text):
        restated = parse_quantity(m.group("restated"))
        if restated.value is None:
            continue
        same = [i for i, t in enumerate(targets) if _same_dimension(t.found.quantity, restated)]
        if len(same) != 1 or same[0] in taken:
            continue
        ti = same[0]
        if targets[ti].found.quantity.value != restated.value:
            continue
        sentence = _sentence(progress_text, m.start())
        before = [
            p
            for p in progress
            if p.found.end <= m.start()
            and _sentence(progress_text, p.found.start) == sentence
            and _same_dimension(p.found.quantity, restated)
        ]
        if not before:
            continue
        target = targets[ti]
        label = target.core if len(target.core) >= MIN_LABEL else _strip_filler(target.found.label)
        pair = _pair(target, before[-1].found.quantity)
        pairs.append((ti, Pair(label, pair.target, pair.actual, pair.share, pair.kind)))
        taken.add(ti)
    return pairs
