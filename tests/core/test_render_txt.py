"""A document rendered as text parses back into the same records: generation and intake agree."""

from __future__ import annotations

from datetime import date

from duban.core.lint import lint_all
from duban.core.parse import parse_file, parse_string
from duban.core.render.annexes import indicator_annex, task_annex
from duban.core.render.spec import AnnexTable, HeaderCell, Heading, OfficialDoc, Para
from duban.core.render.txt import render_text, table_lines
from tests.conftest import SAMPLE


def _rendered_sample() -> tuple[str, object]:
    bulletin = parse_file(SAMPLE)[2]
    doc = OfficialDoc(
        number=str(bulletin.number),
        issuer=bulletin.issuer,
        title=bulletin.title,
        recipients="、".join(bulletin.recipients),
        body=[Heading(1, "一、基本情况"), *(Para(p) for p in bulletin.body[2:3])],
        attachments=bulletin.attachments,
        signature=bulletin.issuer,
        date=date(2024, 8, 1),
        annexes=[
            task_annex(bulletin.tasks, bulletin.attachments[0], label="附件1"),
            indicator_annex(bulletin.indicators, bulletin.attachments[1], label="附件2"),
        ],
    )
    return render_text(doc), bulletin


def test_the_rendered_bulletin_parses_back_into_the_same_records():
    text, original = _rendered_sample()
    [again] = parse_string(text, "generated.txt")
    assert (str(again.number), again.title, again.date, again.attachments) == (
        str(original.number),
        original.title,
        date(2024, 8, 1),
        original.attachments,
    )
    assert [
        (t.seq, t.text, t.lead_units, t.progress, t.status, t.district_livelihood) for t in again.tasks
    ] == [(t.seq, t.text, t.lead_units, t.progress, t.status, t.district_livelihood) for t in original.tasks]
    assert [_fields(i) for i in again.indicators] == [_fields(i) for i in original.indicators]


def _fields(i):
    return (
        i.category,
        i.seq,
        i.names,
        i.indicator,
        i.target,
        i.lead_unit,
        i.progress,
        i.percent,
        i.evaluation,
    )


def test_the_rendered_bulletin_lints_clean():
    text, _ = _rendered_sample()
    docs = parse_string(text, "generated.txt")
    lint_all(docs)
    assert docs[0].warnings == []
    assert len(docs[0].stated_counts) == 4


def test_a_cell_with_an_empty_line_does_not_end_its_row():
    table = AnnexTable(
        header=[[HeaderCell("序号"), HeaderCell("内容")]],
        rows=[["1", "第一段\n\n第二段"]],
        col_widths_mm=[10, 100],
    )
    assert table_lines(table) == ["\t序号", "\t内容", "", "\t1", "\t第一段\n第二段", ""]
