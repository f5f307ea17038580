"""The 督查通报 generated from rounds: statistics, lagging items, unit summary, flags, annexes."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field, replace
from decimal import Decimal

from duban.core import model as core
from duban.core.evaluation import Facts
from duban.core.lint import lint_all
from duban.core.parse import parse_string
from duban.core.render.annexes import indicator_annex, task_annex
from duban.core.render.spec import Annex, AnnexTable, HeaderCell, Heading, OfficialDoc, Para
from duban.core.render.txt import render_text
from duban.core.shares import format_percent, shares
from duban.core.text_targets import Pair, extract_pairs
from duban.supervision.choices import Duty, ListKind, Status
from duban.supervision.models import Entry, Round

_CATEGORY_ORDER = ["省级", "市级", "区级"]
_CLAUSES: dict[str, list[tuple[str, str]]] = {
    ListKind.TASKS: [
        (Status.COMPLETED, "已完成年度目标任务的"),
        (Status.ON_SCHEDULE, "达到时间与进度同步的"),
        (Status.LAGGING, "进展相对滞后的"),
        ("", "尚未报送的"),
    ],
    ListKind.INDICATORS: [
        (Status.COMPLETED, "已完成年度目标任务的"),
        (Status.ON_SCHEDULE, "达到时间与进度同步的"),
        (Status.LAGGING, "进展滞后的"),
        ("", "尚未报送的"),
    ],
}


# Entries already loaded for one bulletin build, by round id: a bulletin reads each round's
# entries for several sections, and one query set per round is enough.
Loaded = dict[int, list[Entry]]


def entries_of(rnd: Round, loaded: Loaded | None = None) -> list[Entry]:
    """A round's entries in list order, with their items and units loaded (once per `loaded`)."""
    if loaded is not None and rnd.pk in loaded:
        return loaded[rnd.pk]
    entries = list(
        rnd.entries.select_related("item__task_list")
        .prefetch_related("item__units__unit", "item__units__group")
        .order_by("item__seq", "item__order")
    )
    if loaded is not None:
        loaded[rnd.pk] = entries
    return entries


def count_sentence(kind: str, subject: str, unit_word: str, statuses: list[str]) -> str:
    """ "80项目标任务中，已完成年度目标任务的7项，占8.8%；…" — shares add up to 100."""
    clauses = _CLAUSES[kind]
    counts = [sum(1 for s in statuses if s == key) for key, _ in clauses]
    parts = [
        f"{phrase}{n}{unit_word}，占{format_percent(p)}"
        for (_, phrase), n, p in zip(clauses, counts, shares(counts), strict=True)
        if n
    ]
    return f"{len(statuses)}{unit_word}{subject}中，" + "；".join(parts)


def statistics_paragraph(rounds: list[Round], loaded: Loaded | None = None) -> str:
    """The 基本情况 paragraph in the sample's form, computed from the entries."""
    sentences: list[str] = []
    for rnd in rounds:
        entries = entries_of(rnd, loaded)
        kind = rnd.task_list.kind
        if kind == ListKind.TASKS:
            title = rnd.task_list.title
            ref = m.group(1) if (m := re.match(r"^(《.+》)", title)) else ""
            includes = "（含区级民生实事）" if any(e.item.district_livelihood for e in entries) else ""
            sentences.append(
                ref + includes + count_sentence(kind, "目标任务", "项", [e.status for e in entries]) + "。"
            )
        elif kind == ListKind.INDICATORS:
            sentences.append(_indicator_sentences(entries))
    return "".join(sentences)


def _indicator_sentences(entries: list[Entry]) -> str:
    by_cat: dict[str, list[str]] = defaultdict(list)
    for e in entries:
        by_cat[e.item.category or "其他"].append(e.status)
    cats = [c for c in _CATEGORY_ORDER if c in by_cat] + [c for c in by_cat if c not in _CATEGORY_ORDER]
    level = cats[0] if len(cats) == 1 else "".join(c[0] for c in cats)
    text = (
        count_sentence(ListKind.INDICATORS, f"{level}重点民生实事", "件", [e.status for e in entries]) + "。"
    )
    if len(cats) > 1:
        inner = [count_sentence(ListKind.INDICATORS, f"{c}重点民生实事", "件", by_cat[c]) for c in cats]
        text += "其中" + "；".join(inner) + "。"
    return text


def lead_names(entry: Entry) -> list[str]:
    """The lead units of an entry's item as the documents name them."""
    return [link.as_written for link in entry.item.units.all() if link.duty == Duty.LEAD]


def lead_units(entry: Entry) -> list[str]:
    """The lead units of an entry's item, resolved: 区卫健局 and 区卫生健康局 are one unit."""
    names = []
    for link in entry.item.units.all():
        if link.duty != Duty.LEAD:
            continue
        if link.unit is not None:
            names.append(link.unit.canonical().full_name)
        else:
            names.append(link.group.name if link.group else link.as_written)
    return list(dict.fromkeys(names))


@dataclass
class UnitSummary:
    """One lead unit's standing in a round."""

    unit: str
    led: int = 0
    completed: int = 0
    on_schedule: int = 0
    lagging: int = 0
    not_submitted: int = 0
    lagging_items: list[str] = field(default_factory=list)


def unit_summaries(rounds: list[Round], loaded: Loaded | None = None) -> list[UnitSummary]:
    """Per lead unit: items led, completed, on schedule, lagging, not submitted; lagging items listed."""
    table: dict[str, UnitSummary] = {}
    for rnd in rounds:
        for e in entries_of(rnd, loaded):
            for name in lead_units(e) or ["（未明确牵头单位）"]:
                s = table.setdefault(name, UnitSummary(name))
                s.led += 1
                if e.status == Status.COMPLETED:
                    s.completed += 1
                elif e.status == Status.ON_SCHEDULE:
                    s.on_schedule += 1
                elif e.status == Status.LAGGING:
                    s.lagging += 1
                    s.lagging_items.append(f"第{e.item.seq}项 {e.item.text.rstrip('。；;. ')}")
                else:
                    s.not_submitted += 1
    return sorted(table.values(), key=lambda s: (-s.lagging, -s.not_submitted, s.unit))


def text_pairs(entry: Entry) -> list[Pair]:
    """Targets found in a task's text with the figures that answer them in its progress."""
    if entry.item.task_list.kind != ListKind.TASKS or not entry.progress:
        return []
    return extract_pairs(entry.item.text, entry.progress)


def entry_facts(entry: Entry, rnd: Round) -> Facts | None:
    """The figures an entry's status can be checked against, or None for text-only progress.

    For a task, the targets found in its text are used; the most-behind target governs.
    """
    is_task = rnd.task_list.kind == ListKind.TASKS
    percent = entry.percent
    if percent is None and is_task:
        found = [p.share for p in text_pairs(entry) if p.share is not None]
        percent = min(found) if found else None
    if percent is None:
        return None
    return Facts(as_of=rnd.as_of, percent=Decimal(percent), tolerance=rnd.tolerance, for_task=is_task)


# --- rounds back to core records, for the annexes ------------------------------------------------


def round_tasks(rnd: Round, loaded: Loaded | None = None) -> list[core.Task]:
    return [
        core.Task(
            seq=e.item.seq,
            text=e.item.text,
            lead_units=lead_names(e),
            progress=e.progress,
            status=core.Status(e.status) if e.status else None,
            district_livelihood=e.item.district_livelihood,
        )
        for e in entries_of(rnd, loaded)
    ]


def round_indicators(rnd: Round, loaded: Loaded | None = None) -> list[core.Indicator]:
    out = []
    for e in entries_of(rnd, loaded):
        item = e.item
        leads = lead_names(e)
        out.append(
            core.Indicator(
                category=item.category,
                seq=item.seq,
                names=list(item.names),
                indicator=item.text,
                target=core.Quantity(
                    item.target_text, item.target_value, item.target_unit, item.target_qualifier or None
                ),
                lead_unit=leads[0] if leads else "",
                progress=e.progress,
                percent=e.percent.normalize() if e.percent is not None else None,
                evaluation=core.Status(e.status) if e.status else None,
            )
        )
    return out


def bulletin_doc(
    rounds: list[Round],
    *,
    number: str = "",
    issuer: str = "",
    title: str = "",
    recipients: str = "",
    loaded: Loaded | None = None,
) -> OfficialDoc:
    """The bulletin as an OfficialDoc: statistics, lagging items by unit, the office's sections, annexes."""
    first = rounds[0]
    source = first.document
    issuer = issuer or (source.issuer if source else "")
    title = title or (source.title if source else f"关于{first.period}重点工作推进情况的通报")
    recipients = recipients or (
        "、".join(source.recipients) if source and source.recipients else "各有关单位"
    )
    loaded = {} if loaded is None else loaded
    body: list[Heading | Para] = [Heading(1, "一、基本情况"), Para(statistics_paragraph(rounds, loaded))]
    all_summaries = unit_summaries(rounds, loaded)
    summaries = [s for s in all_summaries if s.lagging]
    if summaries:
        body.append(Heading(2, "（一）进展滞后事项"))
        for s in summaries:
            body.append(Para(f"{s.unit}（{s.lagging}项）：" + "；".join(s.lagging_items) + "。"))
    body += [
        Heading(1, "二、存在问题"),
        Para("【请督查室填写：存在问题】"),
        Heading(1, "三、后段工作建议"),
        Para("【请督查室填写：后段工作建议】"),
    ]
    annexes: list[Annex] = []
    for rnd in rounds:
        label = f"附件{len(annexes) + 1}"
        list_title = f"{rnd.task_list.title}进展情况"
        if rnd.task_list.kind == ListKind.TASKS:
            annexes.append(task_annex(round_tasks(rnd, loaded), list_title, label=label))
        elif rnd.task_list.kind == ListKind.INDICATORS:
            annexes.append(indicator_annex(round_indicators(rnd, loaded), list_title, label=label))
    if rounds:
        annexes.append(summary_annex(all_summaries, f"附件{len(annexes) + 1}"))
    return OfficialDoc(
        number=number or (source.number if source else ""),
        issuer=issuer,
        title=title,
        recipients=recipients,
        body=body,
        attachments=[a.title for a in annexes],
        signature=issuer,
        date=(source.date if source and source.date else first.as_of),
        annexes=annexes,
    )


def sibling_rounds(rnd: Round) -> list[Round]:
    """The rounds reported together in one bulletin: those imported from the same document, else the round."""
    if rnd.document_id:
        return list(
            Round.objects.filter(document_id=rnd.document_id).select_related("task_list").order_by("pk")
        )
    return [rnd]


SUMMARY_TITLE = "各牵头单位推进情况汇总"


def summary_annex(summaries: list[UnitSummary], label: str) -> Annex:
    """各牵头单位推进情况汇总: items led, completed, on schedule, lagging, not submitted, per unit."""
    columns = ["序号", "牵头单位", "牵头事项", "已完成", "按时序推进", "滞后", "未报送"]
    rows = [
        [
            str(i),
            s.unit,
            str(s.led),
            str(s.completed),
            str(s.on_schedule),
            str(s.lagging),
            str(s.not_submitted),
        ]
        for i, s in enumerate(sorted(summaries, key=lambda s: s.unit), start=1)
    ]
    table = AnnexTable(
        header=[[HeaderCell(c) for c in columns]], rows=rows, col_widths_mm=[15, 70, 25, 25, 28, 25, 25]
    )
    return Annex(label=label, title=SUMMARY_TITLE, table=table, landscape=False)


def lint_generated(doc: OfficialDoc) -> list[str]:
    """Lint a generated bulletin the way an imported one is linted: render, read back, compare."""
    # The per-unit summary annex is duban's own table, not one the intake reads: leave it out.
    checked = replace(doc, annexes=[a for a in doc.annexes if a.title != SUMMARY_TITLE])
    parsed = parse_string(render_text(checked), "generated.txt")
    lint_all(parsed)
    return [w for d in parsed for w in d.warnings]
