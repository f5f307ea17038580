"""The 督查通报 generated from rounds: statistics, lagging items, unit summary, flags, annexes."""

from __future__ import annotations

import datetime
import re
from collections import defaultdict
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from duban.core import model as core
from duban.core.count_sentences import INDICATOR_STYLE, TASK_STYLE, CountStyle, style_from_json
from duban.core.count_sentences import count_sentence as core_count_sentence
from duban.core.evaluation import Facts
from duban.core.lint import lint_all
from duban.core.parse import parse_string
from duban.core.render.annexes import indicator_annex, task_annex
from duban.core.render.spec import Annex, AnnexTable, HeaderCell, Heading, OfficialDoc, Para
from duban.core.render.txt import render_text
from duban.core.sections import Statistic
from duban.core.text_targets import Pair, extract_pairs
from duban.supervision.choices import Duty, ListKind, Status
from duban.supervision.models import Entry, Round, TaskList
from duban.supervision.sections import LAGGING, STATISTICS, Section, default_sections, sections_of

_CATEGORY_ORDER = ["省级", "市级", "区级"]
DEFAULT_STYLES = {ListKind.TASKS: TASK_STYLE, ListKind.INDICATORS: INDICATOR_STYLE}


def style_for(task_list: TaskList) -> CountStyle:
    """How the list's own source counted it (kept on import), else the default style of its kind."""
    fallback = DEFAULT_STYLES.get(ListKind(task_list.kind), TASK_STYLE)
    return style_from_json(task_list.count_style, fallback) if task_list.count_style else fallback


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


def count_sentence(
    kind: str, subject: str, unit_word: str, statuses: list[str], style: CountStyle | None = None
) -> str:
    """ "80项目标任务中，已完成年度目标任务的7项，占8.8%；…" — in the list's style; shares add up to 100."""
    chosen = style or DEFAULT_STYLES.get(ListKind(kind), TASK_STYLE)
    return core_count_sentence(subject, statuses, replace(chosen, measure=unit_word or chosen.measure))


def entry_key(entry: Entry) -> str:
    """What a count sentence counts an entry as: its level, a source's own label (其它类), or "" (no report)."""
    return entry.status or entry.status_text


def statistics(rounds: list[Round], loaded: Loaded | None = None) -> dict[Statistic, str]:
    """Each list's count sentences, as the 基本情况 of the sample writes them, computed from the entries."""
    out: dict[Statistic, str] = {}
    for rnd in rounds:
        entries = entries_of(rnd, loaded)
        kind = rnd.task_list.kind
        style = style_for(rnd.task_list)
        if kind == ListKind.TASKS:
            title = rnd.task_list.title
            ref = m.group(1) if (m := re.match(r"^(《.+》)", title)) else ""
            includes = "（含区级民生实事）" if any(e.item.district_livelihood for e in entries) else ""
            subject = rnd.task_list.count_style.get("subject") or "目标任务"
            sentence = count_sentence(kind, subject, style.measure, [entry_key(e) for e in entries], style)
            out[Statistic.TASKS] = ref + includes + sentence + "。"
        elif kind == ListKind.INDICATORS:
            out[Statistic.INDICATORS] = _indicator_sentences(entries, style)
    return out


def statistics_paragraph(rounds: list[Round], loaded: Loaded | None = None) -> str:
    """The 基本情况 count sentences of every list, in one paragraph."""
    return "".join(statistics(rounds, loaded).values())


def _indicator_sentences(entries: list[Entry], style: CountStyle) -> str:
    by_cat: dict[str, list[str]] = defaultdict(list)
    for e in entries:
        by_cat[e.item.category or "其他"].append(entry_key(e))
    cats = [c for c in _CATEGORY_ORDER if c in by_cat] + [c for c in by_cat if c not in _CATEGORY_ORDER]
    level = cats[0] if len(cats) == 1 else "".join(c[0] for c in cats)
    measure = style.measure
    keys = [entry_key(e) for e in entries]
    text = count_sentence(ListKind.INDICATORS, f"{level}重点民生实事", measure, keys, style) + "。"
    if len(cats) > 1:
        inner = [
            count_sentence(ListKind.INDICATORS, f"{c}重点民生实事", measure, by_cat[c], style) for c in cats
        ]
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


PLACEHOLDER = "【请督查室填写：{}】"


def section_paragraphs(
    rounds: list[Round], sections: list[Section], loaded: Loaded
) -> list[tuple[Section, list[str]]]:
    """Each section with its paragraphs: generated ones computed from the rounds, written ones as written.

    An empty written section gets a visible placeholder for the office; a generated section with
    nothing to say (no lagging item) is left out together with its heading.
    """
    out: list[tuple[Section, list[str]]] = []
    summaries = [s for s in unit_summaries(rounds, loaded) if s.lagging]
    for section in sections:
        if section.key == STATISTICS:
            paragraphs = [statistics_paragraph(rounds, loaded)]
        elif section.key == LAGGING:
            paragraphs = [
                f"{s.unit}（{s.lagging}项）：" + "；".join(s.lagging_items) + "。" for s in summaries
            ]
            if not paragraphs:
                continue
        elif section.text.strip():
            paragraphs = [p.strip() for p in section.text.splitlines() if p.strip()]
        elif section.level == 1 and section.heading and section.key != "basic":
            paragraphs = [PLACEHOLDER.format(section.heading.split("、", 1)[-1])]
        else:
            paragraphs = []
        out.append((section, paragraphs))
    return out


def body_blocks(rounds: list[Round], sections: list[Section], loaded: Loaded) -> list[Heading | Para]:
    """The body of the document from its sections, in order."""
    body: list[Heading | Para] = []
    for section, paragraphs in section_paragraphs(rounds, sections, loaded):
        if section.heading:
            body.append(Heading(1 if section.level <= 1 else 2, section.heading))
        body.extend(Para(p) for p in paragraphs)
    return body


def bulletin_doc(
    rounds: list[Round],
    *,
    number: str = "",
    issuer: str = "",
    title: str = "",
    recipients: str = "",
    date: datetime.date | None = None,
    sections: list[Section] | None = None,
    loaded: Loaded | None = None,
) -> OfficialDoc:
    """The bulletin as an OfficialDoc: its sections (statistics and lagging items computed), the annexes."""
    first = rounds[0]
    source = first.document
    issuer = issuer or (source.issuer if source else "")
    title = title or (source.title if source else f"关于{first.period}重点工作推进情况的通报")
    recipients = recipients or (
        "、".join(source.recipients) if source and source.recipients else "各有关单位"
    )
    loaded = {} if loaded is None else loaded
    body = body_blocks(rounds, sections or default_sections(), loaded)
    all_summaries = unit_summaries(rounds, loaded)
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
        date=date or (source.date if source and source.date else first.as_of),
        annexes=annexes,
    )


def doc_for(bulletin: Any, loaded: Loaded | None = None) -> OfficialDoc:
    """A stored bulletin as an OfficialDoc, with its frame and sections."""
    rounds = list(bulletin.rounds.select_related("task_list", "document").order_by("pk"))
    return bulletin_doc(
        rounds,
        number=bulletin.number,
        issuer=bulletin.issuer,
        title=bulletin.title,
        recipients=bulletin.recipients,
        date=bulletin.date,
        sections=sections_of(bulletin),
        loaded=loaded,
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
