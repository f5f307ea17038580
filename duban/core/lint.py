"""Document lint: what a document states against what its own tables hold.

Warnings, never errors: a bulletin whose sentence says 80项 while its annex lists 79 rows is
still the document the office issued, but the office should know before it builds on it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from decimal import Decimal

from duban.core.model import Indicator, ParsedDocument, StatedCount, Status, Task
from duban.core.numerals import cn_number
from duban.core.shares import format_percent, shares

_LEVELS = [Status.COMPLETED.value, Status.ON_SCHEDULE.value, Status.LAGGING.value]
_LEVEL_WORDS = {"completed": "已完成", "on_schedule": "按时序推进", "lagging": "滞后"}
# "17项省政府大抓落实工作激励措施": a count of incentive measures stated in running text.
# "……激励措施二十条任务分解": a title that counts its items.
TITLE_COUNT_RE = re.compile(r"([零一二三四五六七八九十百两\d]+)条")
MEASURE_COUNT_RE = re.compile(r"(?P<n>\d+)(?P<unit>项|条)[\u4e00-\u9fff]{0,16}激励措施")


def lint_document(doc: ParsedDocument) -> list[str]:
    """Stated counts and shares against the document's own annex tables."""
    warnings: list[str] = []
    for stated in doc.stated_counts:
        statuses = _statuses_for(stated.subject, doc)
        if statuses is None:
            continue
        warnings.extend(compare_counts(stated, statuses))
    return warnings


def list_kind_of(subject: str) -> str:
    """The list a count sentence counts: "indicators" for 民生实事, else "tasks" (目标任务, 确定事项 …)."""
    return "indicators" if "实事" in subject else "tasks"


def _statuses_for(subject: str, doc: ParsedDocument) -> list[Status | None] | None:
    """The records a count sentence speaks of: 目标任务 → tasks; 省级/市级/省市…民生实事 → indicators."""
    if "目标任务" in subject and doc.tasks:
        return [t.status for t in doc.tasks]
    if "民生实事" in subject and doc.indicators:
        prefix = subject.split("重点")[0].split("民生")[0]
        wanted = {f"{ch}级" for ch in prefix.replace("级", "")} if prefix else set()
        chosen: Iterable[Indicator] = (
            [i for i in doc.indicators if i.category in wanted] if wanted else doc.indicators
        )
        return [i.evaluation for i in chosen]
    return None


def compare_counts(stated: StatedCount, statuses: list[Status | None]) -> list[str]:
    """Warnings where a count sentence disagrees with the rows: totals, per-level counts, shares."""
    out: list[str] = []
    label = f"“{stated.total}{stated.unit}{stated.subject}”"
    if stated.total != len(statuses):
        out.append(f"文中称{label}，附件表中有{len(statuses)}行")
    counts = [sum(1 for s in statuses if s is not None and s.value == level) for level in _LEVELS]
    for level, actual in zip(_LEVELS, counts, strict=True):
        if level in stated.counts and stated.counts[level] != actual:
            out.append(f"{label}中{_LEVEL_WORDS[level]}：文中为{stated.counts[level]}，附件表中为{actual}")
    for level, share in stated.shares.items():
        n = stated.counts.get(level)
        if n is None or stated.total == 0:
            continue
        exact = Decimal(n) * 100 / Decimal(stated.total)
        if abs(share - exact) > Decimal("0.1"):
            out.append(
                f"{label}中{_LEVEL_WORDS[level]}{n}{stated.unit}占{format_percent(share)}，"
                f"按{n}/{stated.total}应为{format_percent(shares([n, stated.total - n])[0])}"
            )
    return out


def lint_title_count(doc: ParsedDocument) -> list[str]:
    """A title that counts its items ("二十条") against the rows of its measure table."""
    if not doc.measures:
        return []
    m = TITLE_COUNT_RE.search(doc.title)
    if not m:
        return []
    try:
        stated = int(m.group(1)) if m.group(1).isdigit() else int(cn_number(m.group(1)))
    except ValueError:
        return []
    if stated == len(doc.measures):
        return []
    return [f"标题称“{m.group(0)}”，但任务分解表有{len(doc.measures)}行"]


def stated_measure_counts(doc: ParsedDocument) -> list[int]:
    """Counts of incentive measures a document states in its text ("17项…激励措施")."""
    return [int(m["n"]) for text in doc.body for m in MEASURE_COUNT_RE.finditer(text)]


def lint_measure_count(stated: int, rows: int, source: str) -> str | None:
    """A stated number of measures against the rows of the decomposition table."""
    if stated == rows:
        return None
    return f"文中称{stated}项激励措施，{source}的任务分解表有{rows}行"


def lint_tasks(tasks: list[Task]) -> list[str]:
    """Row-level checks of a task table: duplicated or missing 序号, rows without a lead unit."""
    out: list[str] = []
    seqs = [t.seq for t in tasks]
    # Counted once: a 50,000-row sheet must not cost 50,000 scans of itself.
    dupes = sorted(s for s, n in Counter(seqs).items() if n > 1)
    if dupes:
        out.append("序号重复：" + "、".join(map(str, dupes)))
    if seqs:
        missing = sorted(set(range(1, max(seqs) + 1)) - set(seqs))
        if missing:
            out.append("序号缺失：" + "、".join(map(str, missing)))
    no_lead = [t.seq for t in tasks if not t.lead_units]
    if no_lead:
        out.append("未写牵头单位的事项：第" + "、".join(map(str, no_lead)) + "项")
    return out


def lint_all(docs: list[ParsedDocument]) -> None:
    """Add lint warnings to each document, including counts of measures stated in another document of the batch."""
    measure_docs = [d for d in docs if d.measures]
    for doc in docs:
        lint_one(doc, measure_docs)


def lint_one(doc: ParsedDocument, measure_docs: list[ParsedDocument]) -> None:
    """Add lint warnings to one document of a batch whose documents with measures are given."""
    found = lint_document(doc) + lint_tasks(doc.tasks) + lint_title_count(doc)
    doc.warnings.extend(w for w in found if w not in doc.warnings)
    for stated in stated_measure_counts(doc):
        for other in measure_docs:
            warning = lint_measure_count(stated, len(other.measures), str(other.number or other.title))
            if warning and warning not in doc.warnings:
                doc.warnings.append(warning)
