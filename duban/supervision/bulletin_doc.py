"""The bulletin as a document to issue: its frame, the office's sections with the statistics recomputed,
the lagging items, and the annex tables — nothing the source did not have unless asked for.

`doc_for(bulletin)` is what the bulletin page shows and what the Word, Excel and text files hold.
Regenerating an imported bulletin from its data gives back the source's text: the sections are the
source's own, only the count sentences are recomputed (and equal the source's when the data does).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from django.conf import settings

from duban.core.lint import lint_all
from duban.core.parse import parse_string
from duban.core.render.annexes import indicator_annex, task_annex
from duban.core.render.spec import Annex, AnnexTable, DocKind, HeaderCell, OfficialDoc
from duban.core.render.txt import render_text
from duban.core.sections import refresh_statistics
from duban.documents.models import Document
from duban.supervision.bulletin import (
    BULLETIN_FIELDS,
    Loaded,
    entries_of,
    lead_units,
    load_entries,
    round_indicators,
    round_tasks,
    statistics,
    unit_summaries,
)
from duban.supervision.choices import ListKind, Status
from duban.supervision.models import Bulletin, Entry, Round
from duban.supervision.sections import Section, default_sections, render_blocks, sections_of

SUMMARY_TITLE = "各牵头单位推进情况汇总"
_CATEGORY_ORDER = ["省级", "市级", "区级"]


def lagging_paragraphs(rounds: list[Round], loaded: Loaded) -> list[str]:
    """The lagging items by unit: each item once, under its first lead unit, with the co-leads beside it."""
    by_unit: dict[str, list[str]] = defaultdict(list)
    for rnd in rounds:
        for e in entries_of(rnd, loaded):
            if e.status != Status.LAGGING:
                continue
            leads = lead_units(e) or ["（未明确牵头单位）"]
            text = f"第{e.item.seq}项{e.item.text.rstrip('。；;. ')}"
            if len(leads) > 1:
                text += f"（与{'、'.join(leads[1:])}共同牵头）"
            by_unit[leads[0]].append(text)
    ordered = sorted(by_unit.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    return [f"{unit}（{len(items)}项）：" + "；".join(items) + "。" for unit, items in ordered]


def first_sections(rounds: list[Round], loaded: Loaded) -> list[Section]:
    """The body of a bulletin without a source: count sentences for each list, the lagging items."""
    kinds = [s for s in statistics(rounds, loaded)]
    return default_sections(kinds, lagging_paragraphs(rounds, loaded))


def category_note(entries: list[Entry]) -> str | None:
    """注：1-10项为省级重点民生实事，11-18项为市级重点民生实事。 — from the items' own categories."""
    by_cat: dict[str, list[int]] = defaultdict(list)
    for e in entries:
        if e.item.category:
            by_cat[e.item.category].append(e.item.seq)
    if not by_cat:
        return None
    parts = []
    for cat in [c for c in _CATEGORY_ORDER if c in by_cat] + [c for c in by_cat if c not in _CATEGORY_ORDER]:
        seqs = sorted(set(by_cat[cat]))
        span = (
            f"{seqs[0]}-{seqs[-1]}"
            if seqs == list(range(seqs[0], seqs[-1] + 1)) and len(seqs) > 1
            else "、".join(map(str, seqs))
        )
        parts.append(f"{span}项为{cat}重点民生实事")
    return "注：" + "，".join(parts) + "。"


@dataclass(frozen=True)
class Frame:
    """What stands around the body: number, issuer, title, 主送, 成文日期, 版记."""

    number: str = ""
    issuer: str = ""
    title: str = ""
    recipients: str = ""
    date: datetime.date | None = None  # never invented: a blank for the office to fill when unknown
    copy_to: tuple[str, ...] = ()
    printer: str = ""
    print_date: datetime.date | None = None


def bulletin_doc(
    rounds: list[Round],
    *,
    frame: Frame | None = None,
    sections: list[Section] | None = None,
    unit_annex: bool = False,
    loaded: Loaded | None = None,
) -> OfficialDoc:
    """The bulletin for the rounds: its sections with the count sentences recomputed, and its annexes."""
    loaded = {} if loaded is None else loaded
    # Every round's entries at once, with only what the bulletin reads of them.
    load_entries(rounds, loaded, BULLETIN_FIELDS)
    frame = frame or Frame()
    first = rounds[0]
    # The source's number, issuer and title stand in for the frame's missing ones only.
    source = None if frame.number and frame.issuer and frame.title else source_of(first)
    body = render_blocks(
        refresh_statistics(sections or first_sections(rounds, loaded), statistics(rounds, loaded))
    )
    annexes: list[Annex] = []
    for rnd in rounds:
        label = f"附件{len(annexes) + 1}"
        list_title = f"{rnd.task_list.title}进展情况"
        if rnd.task_list.kind == ListKind.TASKS:
            annexes.append(task_annex(round_tasks(rnd, loaded), list_title, label=label))
        elif rnd.task_list.kind == ListKind.INDICATORS:
            note = category_note(entries_of(rnd, loaded))
            annexes.append(indicator_annex(round_indicators(rnd, loaded), list_title, note=note, label=label))
    if unit_annex and rounds:
        annexes.append(summary_annex(rounds, f"附件{len(annexes) + 1}", loaded))
    issuer = frame.issuer or (source.issuer if source else "")
    return OfficialDoc(
        number=frame.number or (source.number if source else ""),
        issuer=issuer,
        title=frame.title or (source.title if source else f"关于{first.period}重点工作推进情况的通报"),
        recipients=frame.recipients or "各有关单位",
        body=body,
        attachments=[a.title for a in annexes],
        signature=issuer,
        date=frame.date,
        annexes=annexes,
        kind=DocKind.BULLETIN,
        copy_to=list(frame.copy_to),
        printer=frame.printer or getattr(settings, "DUBAN_PRINTER", ""),
        print_date=frame.print_date,
    )


def source_of(rnd: Round) -> Document | None:
    """The document a round was imported from, with what heads the bulletin (number, issuer, title).

    Read on its own when needed, not joined to the rounds: joined, every bulletin's rounds query
    carries the document table, and an imported one's whole text, for three short fields."""
    if rnd.document_id is None:
        return None
    if Round.document.is_cached(rnd):
        return rnd.document
    return Document.objects.only("number", "issuer", "title").get(pk=rnd.document_id)


def bulletin_rounds(bulletin: Bulletin) -> list[Round]:
    """The bulletin's rounds in order, with their lists (`source_of` reads a round's document)."""
    return list(bulletin.rounds.select_related("task_list").order_by("pk"))


def doc_for(
    bulletin: Bulletin, loaded: Loaded | None = None, rounds: list[Round] | None = None
) -> OfficialDoc:
    """A stored bulletin as the document it is (or will be) issued as (`rounds`: its rounds, if read)."""
    rounds = bulletin_rounds(bulletin) if rounds is None else rounds
    frame = Frame(
        number=bulletin.number,
        issuer=bulletin.issuer,
        title=bulletin.title,
        recipients=bulletin.recipients,
        date=bulletin.date,
        copy_to=tuple(c.strip() for c in bulletin.copy_to.split("、") if c.strip()),
        printer=bulletin.printer,
        print_date=bulletin.print_date,
    )
    return bulletin_doc(
        rounds,
        frame=frame,
        sections=sections_of(bulletin) or None,
        unit_annex=bulletin.unit_annex,
        loaded=loaded,
    )


def sibling_rounds(rnd: Round) -> list[Round]:
    """The rounds reported together in one bulletin: the bulletin's, those of the same document, or the round."""
    bulletin = rnd.bulletins.order_by("-created_at").first()
    if bulletin is not None:
        return list(bulletin.rounds.select_related("task_list", "document").order_by("pk"))
    if rnd.document_id:
        return list(
            Round.objects.filter(document_id=rnd.document_id).select_related("task_list").order_by("pk")
        )
    return [rnd]


def summary_annex(rounds: list[Round], label: str, loaded: Loaded) -> Annex:
    """各牵头单位推进情况汇总: per unit its items (a co-led item counts for each of its units, once),
    and a 合计 row of distinct items that equals the body's numbers."""
    columns = ["序号", "牵头单位", "牵头事项", "已完成", "按时序推进", "滞后", "未报送"]
    summaries = sorted(unit_summaries(rounds, loaded), key=lambda s: s.unit)
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
        for i, s in enumerate(summaries, start=1)
    ]
    entries = [e for rnd in rounds for e in entries_of(rnd, loaded)]
    counts = [
        sum(1 for e in entries if e.status == s)
        for s in (Status.COMPLETED, Status.ON_SCHEDULE, Status.LAGGING)
    ]
    rows.append(["", "合计", str(len(entries)), *map(str, counts), str(len(entries) - sum(counts))])
    co_led = sum(1 for e in entries if len(lead_units(e)) > 1)
    notes = (
        [f"注：由多个单位共同牵头的事项（{co_led}项）在每个牵头单位各计一次，合计行按事项计。"]
        if co_led
        else []
    )
    table = AnnexTable(
        header=[[HeaderCell(c) for c in columns]],
        rows=rows,
        col_widths_mm=[15, 70, 25, 25, 28, 25, 25],
        merges=[(len(rows) - 1, 0, len(rows) - 1, 1)],
    )
    return Annex(label=label, title=SUMMARY_TITLE, table=table, notes=notes, landscape=False)


def lint_generated(doc: OfficialDoc) -> list[str]:
    """Lint a generated bulletin the way an imported one is linted: render, read back, compare."""
    # The per-unit summary annex is duban's own table, not one the intake reads: leave it out.
    checked = replace(doc, annexes=[a for a in doc.annexes if a.title != SUMMARY_TITLE])
    return list(text_warnings(render_text(checked)))


@lru_cache(maxsize=32)
def text_warnings(text: str) -> tuple[str, ...]:
    """The lint warnings of a bulletin's text, read back as the intake reads it.

    They depend on the text alone, and reading it back is most of the bulletin page's time (a
    district's annexes: 25 ms, rendering the text 2 ms): the page shown again, unchanged, reads it
    once per process. Any change to the data or the sections changes the text, so the key."""
    parsed = parse_string(text, "generated.txt")
    lint_all(parsed)
    return tuple(w for d in parsed for w in d.warnings)


def frame_of_document(document: Any) -> Frame:
    """An imported bulletin's frame as the source wrote it (its 主送 line with the source's own punctuation)."""
    return Frame(
        number=document.number,
        issuer=document.issuer,
        title=document.title,
        recipients=recipients_line(document),
        date=document.date,
    )


def recipients_line(document: Any) -> str:
    """The 主送 line as written ("各镇人民政府、街道办事处，绿色化工高新区管委会，区直及驻区各单位").

    The stored list loses the source's groups (、 inside a group, ， between groups), so the line
    is found again in the text; failing that, the names are joined with 、.
    """
    names = list(document.recipients or [])
    if not names:
        return ""
    for line in document.text.splitlines():
        text = line.strip().rstrip("：:")
        if text.startswith(names[0]) and text.endswith(names[-1]) and len(text) < 300:
            return text
    return "、".join(names)
