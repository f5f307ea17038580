"""The files: the Excel workbook read back with openpyxl, the Word 通报 with python-docx."""

from __future__ import annotations

import io

import docx
import openpyxl

from duban.assessment.exports import docx_bytes, official_doc, xlsx_bytes
from duban.assessment.scoring import assess
from duban.core.render.spec import DocKind
from tests.assessment.conftest import TODAY

HOSTILE = '=HYPERLINK("http://evil.example","点我")'


def _result(year):
    item = year.items[1]
    item.text = HOSTILE  # a unit's or an import's text that a spreadsheet would run
    item.save()
    return assess(year.region, 2025, today=TODAY)


def test_the_workbook_has_the_ranking_and_the_breakdown_as_values(year):
    book = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(_result(year))))
    assert book.sheetnames == ["排名", "明细"]
    ranking = book["排名"]
    rows = [tuple(row) for row in ranking.iter_rows(values_only=True)]
    assert rows[0][0] == "2025年度目标责任考核结果"
    header = next(r for r in rows if r[0] == "名次")
    assert header[:3] == ("名次", "单位", "得分")
    assert "事项完成（+2分/项）" in header
    body = [r for r in rows if r[0] in (1, 2, 3)]  # the writer stores whole numbers as numbers
    assert [tuple(map(str, r[:3])) for r in body] == [
        ("1", "区民政局", "102.5"),
        ("2", "区卫生健康局", "101"),
        ("3", "区财政局", "91.5"),
    ]
    assert any(
        isinstance(r[0], str) and "考核规则：基础分100分" in r[0] for r in rows
    )  # the rule beside the scores
    assert ranking.page_setup.paperSize in ("9", 9)  # A4
    breakdown = book["明细"]
    cells = [c for row in breakdown.iter_rows() for c in row if c.value == HOSTILE]
    assert cells and all(c.data_type == "s" for c in cells)  # text, never a formula
    details = [r[6] for r in breakdown.iter_rows(values_only=True)]
    assert "4月8日报送，截止4月5日（逾期3天）" in details


def test_the_word_annex_holds_the_ranking_in_the_bulletin_layout(year):
    result = _result(year)
    doc = official_doc(result)
    assert doc.kind is DocKind.BULLETIN and doc.annexes[0].label == "附件"
    word = docx.Document(io.BytesIO(docx_bytes(result)))
    texts = [p.text for p in word.paragraphs]
    assert "附件" in texts
    assert "2025年度目标责任考核结果" in "".join(texts)
    assert any("考核规则：基础分100分" in t for t in texts)
    table = word.tables[-1]
    rows = [[c.text for c in row.cells] for row in table.rows]
    assert rows[0][:3] == ["名次", "单位", "得分"]
    assert [r[:3] for r in rows[1:]] == [
        ["1", "区民政局", "102.5"],
        ["2", "区卫生健康局", "101"],
        ["3", "区财政局", "91.5"],
    ]
    assert rows[3][5] == "3轮次/-6"
