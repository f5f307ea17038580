"""Excel that prints: fitted rows, A4 pages, numbers as numbers, text never a formula.

The sample bulletin's two annexes are written once, read back with openpyxl, and printed to PDF
by LibreOffice once for the module: every item must be in the PDF whole, and no text may be
printed over other text (a row too short for its text spills into the next).
"""

from __future__ import annotations

import html
import re
from decimal import Decimal
from io import BytesIO
from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

from duban.core.model import ParsedDocument, Task
from duban.core.parse import parse_file
from duban.core.render.annexes import indicator_annex, task_annex
from duban.core.render.sheet import lines_needed, percent_number, write_cell
from duban.core.render.xlsx import render_xlsx
from tests.conftest import SAMPLE
from tests.core.office import pdf_text, to_pdf

INDICATOR_NOTE = "注：1-10项为省级重点民生实事，11-18项为市级重点民生实事。"


@pytest.fixture(scope="module")
def sample() -> ParsedDocument:
    return parse_file(SAMPLE)[2]


@pytest.fixture(scope="module")
def path(sample: ParsedDocument, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("xlsx") / "annexes.xlsx"
    render_xlsx(
        [
            task_annex(sample.tasks, sample.attachments[0]),
            indicator_annex(sample.indicators, sample.attachments[1], note=INDICATOR_NOTE),
        ],
        out,
    )
    return out


@pytest.fixture(scope="module")
def book(path: Path) -> openpyxl.Workbook:
    return openpyxl.load_workbook(path)


@pytest.fixture(scope="module")
def pdf(path: Path) -> Path:
    return to_pdf([path])[0]


# --- text is never a formula ----------------------------------------------------------------------


DANGEROUS = ['=HYPERLINK("http://evil.example","点击")', "+1+1", "-2+3", "@SUM(A1:A2)", "\t=1", "\r=1"]


@pytest.mark.parametrize("text", DANGEROUS)
def test_text_that_looks_like_a_formula_is_stored_as_text(text: str) -> None:
    task = Task(seq=1, text=text, lead_units=["区发改局"], progress=text)
    out = BytesIO()
    render_xlsx([task_annex([task], "附件")], out)
    ws = openpyxl.load_workbook(BytesIO(out.getvalue()))["附件1"]
    for coord in ("B4", "D4"):
        assert (ws[coord].data_type, ws[coord].value) == ("s", text)
        assert ws[coord].quotePrefix


def test_write_cell_is_the_one_safe_way_in() -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert isinstance(ws, Worksheet)
    write_cell(ws, 1, 1, "=1+1")
    write_cell(ws, 2, 1, 42)
    write_cell(ws, 3, 1, "正常文字")
    ws.cell(4, 1, "=1+1")  # the control: openpyxl's own way makes a formula
    out = BytesIO()
    wb.save(out)
    back = openpyxl.load_workbook(BytesIO(out.getvalue())).active
    assert back is not None
    assert [back.cell(r, 1).data_type for r in range(1, 5)] == ["s", "n", "s", "f"]


def test_a_control_character_before_the_formula_does_not_smuggle_it_in() -> None:
    # xml_safe drops the \x01, so the test for a formula must look at the text as stored.
    wb = openpyxl.Workbook()
    ws = wb.active
    assert isinstance(ws, Worksheet)
    write_cell(ws, 1, 1, '\x01=HYPERLINK("http://evil.example","点击")')
    write_cell(ws, 2, 1, "\x0b\x1f+1+1")
    out = BytesIO()
    wb.save(out)
    back = openpyxl.load_workbook(BytesIO(out.getvalue())).active
    assert back is not None
    assert [(back.cell(r, 1).data_type, back.cell(r, 1).value) for r in (1, 2)] == [
        ("s", '=HYPERLINK("http://evil.example","点击")'),
        ("s", "+1+1"),
    ]


# --- numbers ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("85%", (Decimal("0.85"), "0%")),
        ("100.45%", (Decimal("1.0045"), "0.00%")),
        ("60%以上", None),
        ("", None),
    ],
)
def test_percentages_become_numbers_with_their_decimals(
    text: str, number: tuple[Decimal, str] | None
) -> None:
    assert percent_number(text) == number


def test_the_quantified_column_holds_numbers(book: openpyxl.Workbook) -> None:
    ws = book["附件2"]
    cells = [ws.cell(r, 9) for r in range(3, ws.max_row + 1) if ws.cell(r, 9).value is not None]
    assert len(cells) >= 35
    assert {type(c.value) for c in cells} <= {int, float}
    assert {c.number_format for c in cells} == {"0%", "0.00%"}


# --- rows and pages ---------------------------------------------------------------------------------


def test_rows_are_as_tall_as_their_wrapped_text(book: openpyxl.Workbook, sample: ParsedDocument) -> None:
    ws = book["附件1"]
    width = ws.column_dimensions["D"].width  # 进展情况
    for i, task in enumerate(sample.tasks):
        lines = lines_needed(task.progress, width, 11)
        assert ws.row_dimensions[4 + i].height >= lines * 11 * 1.2, task.seq
    heights = [ws.row_dimensions[r].height for r in range(4, 84)]
    assert min(heights) < 40 < max(heights)  # short rows stay short


def test_every_sheet_prints_on_a4_fitted_to_the_width_with_page_numbers(book: openpyxl.Workbook) -> None:
    for ws in book.worksheets:
        assert ws.page_setup.paperSize == 9
        assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0)
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.oddFooter.center.text == "第 &P 页 共 &N 页"
        assert ws.page_margins.left == pytest.approx(0.59)
    assert book["附件1"].print_title_rows == "$2:$3"


def test_merged_sheets_have_no_filter_and_unmerged_ones_do(book: openpyxl.Workbook) -> None:
    assert book["附件1"].auto_filter.ref == "A3:H83"
    assert book["附件2"].auto_filter.ref is None


def test_page_breaks_never_cut_a_merged_item(book: openpyxl.Workbook) -> None:
    ws = book["附件2"]
    breaks = [b.id for b in ws.row_breaks.brk]
    assert breaks
    small = [m for m in ws.merged_cells.ranges if m.min_col > 1 and m.min_row > 2]
    assert [(b, str(m)) for b in breaks for m in small if m.min_row <= b < m.max_row] == []


def test_the_notes_are_kept(book: openpyxl.Workbook) -> None:
    notes = [ws.cell(ws.max_row, 1).value for ws in book.worksheets]
    assert notes == ["注：第48、49、57、58、67、80项为区级民生实事。", INDICATOR_NOTE]


# --- through LibreOffice ----------------------------------------------------------------------------


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_every_item_is_printed_whole(pdf: Path, sample: ParsedDocument) -> None:
    text = _squeeze(pdf_text(pdf, "-raw"))
    wanted = [t.text for t in sample.tasks] + [i.indicator for i in sample.indicators]
    wanted += [t.progress for t in sample.tasks] + [i.progress for i in sample.indicators]
    missing = [w[:30] for w in wanted if not _in_order(_squeeze(w), text)]
    assert missing == []


def _in_order(needle: str, hay: str) -> bool:
    """The text, in order, within a short stretch: a wrapped cell's lines interleave with its
    neighbours' in the PDF's drawing order."""
    if needle in hay:
        return True
    start = hay.find(needle[:6])
    while start != -1:
        at = start
        for ch in needle:
            at = hay.find(ch, at, start + 4 * len(needle) + 200)
            if at == -1:
                break
            at += 1
        else:
            return True
        start = hay.find(needle[:6], start + 1)
    return False


_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>')


def test_no_text_is_printed_over_other_text(pdf: Path) -> None:
    overlaps = []
    for page in pdf_text(pdf, "-bbox").split("</page>"):
        boxes = [
            (float(a), float(b), float(c), float(d), html.unescape(w))
            for a, b, c, d, w in _WORD.findall(page)
        ]
        for i, (x0, y0, x1, y1, word) in enumerate(boxes):
            for u0, v0, u1, v1, other in boxes[i + 1 :]:
                dx, dy = min(x1, u1) - max(x0, u0), min(y1, v1) - max(y0, v0)
                if dx > 2 and dy > 0.3 * min(y1 - y0, v1 - v0):
                    overlaps.append((word, other))
    assert overlaps == []


def test_the_pdf_is_a4_landscape_with_page_numbers(pdf: Path) -> None:
    text = pdf_text(pdf)
    pages = text.count("\f")
    assert 8 <= pages <= 30
    assert f"第 1 页 共 {pages} 页" in text or f"第1页共{pages}页" in _squeeze(text)
