"""The statistics a bulletin states: "80项目标任务中，已完成…的7项，占8.8%；…", in every form.

Offices write the total before or after the subject ("31件确定事项中", "确定事项31件", "共412项",
"明确120项重点任务，细化为186个具体事项"), in figures or Chinese numerals (十件), and the parts with
any label ("已办结9件，占比29%", "欠进度的有12个，占总任务的6.5%", "开工率达95%"), with subtotals per
category or per meeting after 其中. A sentence is cut into clauses at "，；" (and at "、" between
counts); each clause is a head (a total and its subject), a part (a label and a count), a share
(占…%) of the part before it, or a rate (…率88%). A head starts a statement; parts join the
latest one. A statement is kept when it states a share or a rate, or two parts or more of
supervised work by their progress, so that figures of the economy in the same text are not
taken for a count of items.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from duban.core.model import StatedCount, StatedPart, Status
from duban.core.numerals import cn_number
from duban.core.vocabulary import status_of

_CN = "零〇一二两三四五六七八九十百"
_COUNT = re.compile(rf"(?P<n>\d+|[{_CN}]+)\s*(?P<unit>件|项|个|条)(?!事)")  # not 一件事 (an item's name)
_PCT = r"(?P<pct>\d+(?:\.\d+)?)\s*[%％]"
_SHARE = re.compile(rf"^(?P<word>占比|占[\u4e00-\u9fff]{{0,8}}的|占|比例为|比重为|比例达)\s*{_PCT}$")
_RATE = re.compile(rf"^(?P<label>[\u4e00-\u9fff]{{0,16}}?率)(?:为|达到|达|是)?\s*{_PCT}$")
_ASIDE = re.compile(r"[（(][^（()）]*[)）]")
_TOTAL_WORDS = re.compile(r"共计|合计|总计|累计|共有|共|确定|梳理|明确|交办|分解为|细化为|细化成|分解成|涉及")
_OVERALL = re.compile(
    r"^(?:今年|全年|本年度|年初|上半年|全县|全区|全市)?(?:共计|合计|总计|累计|共有|共)"
    r"(?:确定|梳理|明确|交办|涉及|安排|实施|分解)?|^(?:明确|细化为|分解为|细化成|分解成)"
)
_REFINE = re.compile(r"细化为|分解为|细化成|分解成")
_LEADING = re.compile(r"^(?:其中|目前|截至目前|现|已有|另有|还有)[，,]?")
# What supervised work is called: a count of such things by progress is a statement.
_SUPERVISED = re.compile(r"事项|任务|实事|项目|指标|措施|问题|工作|事")


def classify_label(label: str) -> Status | None:
    """Which level a phrase such as `进展相对滞后的` or `达到时间与进度同步的` counts."""
    return status_of(label) or _legacy_level(label)


def _legacy_level(label: str) -> Status | None:
    # The sample's long phrases: 达到时间与进度同步 is on schedule.
    if re.search(r"同步|按时序|序时|正常推进|按计划", label):
        return Status.ON_SCHEDULE
    return None


@dataclass
class _Open:
    """A statement being read: its head, and its parts so far."""

    stated: StatedCount
    counted: int = 0
    has_share: bool = False
    warnings: list[str] = field(default_factory=list)


def parse_stated_counts(paragraphs: list[str], warnings: list[str] | None = None) -> list[StatedCount]:
    """Every stated count of items by progress in the paragraphs, in order.

    A statement whose parts do not add up to its total is kept, and `warnings` says so."""
    found: list[_Open] = []
    for text in paragraphs:
        for sentence in re.split(r"[。！？!?\n]", text):
            _read_sentence(sentence, found)
    kept = [s for s in found if _qualifies(s)]
    if warnings is not None:
        for s in kept:
            warnings.extend(_sum_warning(s.stated))
    return [s.stated for s in kept]


def _read_sentence(sentence: str, found: list[_Open]) -> None:
    current: _Open | None = None
    for clause in _clauses(sentence):
        share = _SHARE.match(clause)
        if share:
            if current is not None and current.stated.parts and current.stated.parts[-1].share is None:
                _set_share(current, current.stated.parts[-1], share["word"], Decimal(share["pct"]))
            continue
        rate = _RATE.match(clause)
        if rate and current is not None:
            label = _LEADING.sub("", rate["label"])
            part = StatedPart(
                label=label, count=None, share=Decimal(rate["pct"]), status=classify_label(label)
            )
            current.stated.parts.append(part)
            current.has_share = True
            continue
        count = _COUNT.search(clause)
        if count is None:
            continue
        head = _head(clause, count, current)
        if head is not None:
            if current is not None and _REFINE.search(clause) and not current.stated.parts:
                current.stated.total, current.stated.unit = head.total, head.unit
                current.stated.subject = head.subject
                continue
            current = _Open(head)
            found.append(current)
            continue
        if current is not None:
            _add_part(current, clause, count)


def _clauses(sentence: str) -> list[str]:
    """Clauses at "，；" (and at "、" when the pieces on both sides state counts)."""
    out: list[str] = []
    for clause in re.split(r"[，,；;：:]", _ASIDE.sub("", sentence)):
        clause = clause.strip()
        pieces = clause.split("、")
        if len(pieces) > 1 and all(_COUNT.search(p) for p in pieces):
            out.extend(p.strip() for p in pieces)
        elif clause:
            out.append(clause)
    return out


def _head(clause: str, count: re.Match[str], current: _Open | None) -> StatedCount | None:
    """The statement a clause opens ("80项目标任务中", "确定事项31件", "共412项"), or None."""
    label, tail = clause[: count.start()], clause[count.end() :]
    total, unit = _number(count["n"]), count["unit"]
    if total is None:
        return None
    if tail.endswith("中") and len(tail) >= 3 and status_of(_LEADING.sub("", label)) is None:
        return StatedCount(subject=tail[:-1], total=total, unit=unit)
    bare = _LEADING.sub("", label)
    if status_of(bare) is not None and not _TOTAL_WORDS.search(bare):
        return None  # "已办结9件" is a part
    # A part is labelled by its progress; words naming the things counted (省级民生实事10件,
    # 县委常委会议确定事项12件) open a subtotal of their own.
    if _TOTAL_WORDS.search(bare) or current is None or _SUPERVISED.search(bare):
        # "共确定重点任务412项" → 重点任务; "确定事项31件" keeps its words: 确定事项.
        before = _OVERALL.sub("", bare).strip()
        return StatedCount(subject=before or tail.strip(), total=total, unit=unit, subject_first=bool(before))
    return None


def _add_part(current: _Open, clause: str, count: re.Match[str]) -> None:
    n = _number(count["n"])
    if n is None:
        return
    label = _LEADING.sub("", clause[: count.start()]).strip()
    status = classify_label(label)
    tail = clause[count.end() :].strip(" ，,")
    if status is None and (after := classify_label(tail)) is not None and not _SHARE.match(tail):
        label, status, tail = label + tail, after, ""  # "其余七件正常推进": the label follows
    part = StatedPart(label=label, count=n, share=None, status=status)
    current.stated.parts.append(part)
    current.counted += 1
    if status is not None and status.value not in current.stated.counts:
        current.stated.counts[status.value] = n
    share = _SHARE.match(tail)
    if share:
        _set_share(current, part, share["word"], Decimal(share["pct"]))


def _set_share(current: _Open, part: StatedPart, word: str, share: Decimal) -> None:
    part.share = share
    current.has_share = True
    if not current.stated.share_word or current.stated.share_word == "占":
        current.stated.share_word = word
    if part.status is not None and part.status.value not in current.stated.shares:
        current.stated.shares[part.status.value] = share


def _number(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    try:
        return int(cn_number(text.replace("〇", "零")))
    except (ValueError, KeyError, IndexError, TypeError):
        return None


def _qualifies(s: _Open) -> bool:
    if not s.stated.parts:
        return False
    if s.has_share:
        return True
    placed = [p for p in s.stated.parts if p.count is not None and p.status is not None]
    return len(placed) >= 2 and len(placed) == s.counted and bool(_SUPERVISED.search(s.stated.subject))


def _sum_warning(stated: StatedCount) -> list[str]:
    counted = [p.count for p in stated.parts if p.count is not None]
    if len(counted) < 2 and not (counted and counted[0] > stated.total):
        return []
    total = sum(counted)
    if total == stated.total:
        return []
    head = f"{stated.total}{stated.unit}{stated.subject}"
    items = "、".join(f"{p.label}{p.count}{stated.unit}" for p in stated.parts if p.count is not None)
    return [f"文中“{head}”的各部分（{items}）合计{total}{stated.unit}，与总数不符"]
