"""Annex tables rendered to Excel: merges, filters, widths, printing, and the records read back."""

from decimal import Decimal
from io import BytesIO
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl.worksheet.worksheet import Worksheet

from duban.core.model import INDICATOR_LABELS, TASK_LABELS, Task
from duban.core.render.annexes import category_label, indicator_annex, task_annex
from duban.core.render.xlsx import render_xlsx, sheet_title, width_units
from tests.core.test_render_annexes import INDICATOR_TITLE, INDICATORS, TASK_TITLE, TASKS


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> openpyxl.Workbook:
    path = tmp_path_factory.mktemp("xlsx") / "annexes.xlsx"
    render_xlsx(
        [task_annex(TASKS, TASK_TITLE, None), indicator_annex(INDICATORS, INDICATOR_TITLE, None)], path
    )
    return openpyxl.load_workbook(path)


def text(ws: Worksheet, coord: str) -> str:
    """A cell's text as a reader sees it, carried down from the top-left cell of its merge."""
    for merged in ws.merged_cells.ranges:
        if coord in merged:
            coord = merged.start_cell.coordinate
            break
    value = ws[coord].value
    return "" if value is None else str(value)


def test_it_writes_one_sheet_per_annex_named_by_its_label(book: openpyxl.Workbook) -> None:
    assert book.sheetnames == ["附件1", "附件2"]


def test_the_task_sheet_merges_title_header_and_notes(book: openpyxl.Workbook) -> None:
    ws = book["附件1"]
    # 7 columns of the table + the filterable 进度状态 column; 4 tasks on rows 4-7; the note on row 9.
    assert sorted(str(r) for r in ws.merged_cells.ranges) == sorted(
        ["A1:H1", "A2:A3", "B2:B3", "C2:C3", "D2:D3", "E2:G2", "H2:H3", "A9:H9"]
    )
    assert ws["A1"].value == TASK_TITLE
    assert [ws.cell(3, c).value for c in range(5, 8)] == ["基本完成", "常态化或按时序推进", "相对滞后"]
    assert ws["E2"].value == "工作进度"
    assert ws["H2"].value == "进度状态"
    assert ws["A9"].value == "注：第48、57项为区级民生实事。"


def test_the_task_sheet_filters_freezes_and_prints_the_header(book: openpyxl.Workbook) -> None:
    ws = book["附件1"]
    assert ws.auto_filter.ref == "A3:H7"
    assert ws.freeze_panes == "A4"
    assert ws.print_title_rows == "$2:$3"
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.paperSize == 9  # A4
    assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0)
    assert ws.sheet_properties.pageSetUpPr is not None
    assert ws.sheet_properties.pageSetUpPr.fitToPage


@pytest.mark.parametrize(
    ("column", "width"),
    [
        ("A", 6.5),  # 序号 12 mm = 45.4 px = 6.5 digits of 7 px
        ("D", 47.0),  # 进展情况 87 mm = 328.8 px
        ("H", 11.9),  # 进度状态 22 mm
    ],
)
def test_the_task_sheet_column_widths_follow_the_paper_widths(
    book: openpyxl.Workbook, column: str, width: float
) -> None:
    assert book["附件1"].column_dimensions[column].width == width


def test_tasks_read_back_equal_the_records(book: openpyxl.Workbook) -> None:
    ws = book["附件1"]
    by_label = {v: k for k, v in TASK_LABELS.items()}
    for i, task in enumerate(TASKS):
        r = 4 + i
        checked = [ws.cell(3, c).value for c in range(5, 8) if ws.cell(r, c).value == "√"]
        assert ws.cell(r, 1).value == task.seq  # a number, so that it sorts
        assert text(ws, f"B{r}") == task.text
        assert text(ws, f"C{r}").split("\n") == task.lead_units
        assert text(ws, f"D{r}") == task.progress
        assert [by_label[str(c)] for c in checked] == [task.status]
        assert by_label[text(ws, f"H{r}")] == task.status


def test_a_wrapped_cell_has_borders(book: openpyxl.Workbook) -> None:
    cell = book["附件1"]["D4"]
    assert cell.alignment.wrap_text
    assert cell.border.left is not None and cell.border.left.style == "thin"
    assert cell.border.bottom is not None and cell.border.bottom.style == "thin"


def test_the_indicator_sheet_merges_each_item(book: openpyxl.Workbook) -> None:
    ws = book["附件2"]
    assert sorted(str(r) for r in ws.merged_cells.ranges) == sorted(
        [
            "A1:J1",  # title
            "C2:D2",  # 项目名称
            "E2:F2",  # 目标任务
            "A3:A10",  # 省级
            "B3:B4",
            "B5:B7",
            "B8:B10",  # 序号 1, 3, 4
            "C3:C4",
            "D3:D4",  # 推进教育高质量发展 / 家庭教育指导服务“向阳花”行动
            "C5:C7",
            "D5:D6",  # 提高困难群体救助标准 / 提高城乡低保标准
            "C8:D10",  # 关爱特殊群体
            "C11:D11",  # the 市级 project
            "G3:G4",
            "G5:G7",
            "G9:G10",  # 区妇联, 区民政局, 区残联
        ]
    )
    assert ws.auto_filter.ref is None  # a filter would tear the merged items apart
    assert ws.freeze_panes == "A3"
    assert ws.print_title_rows == "$2:$2"


def test_indicators_read_back_equal_the_records(book: openpyxl.Workbook) -> None:
    ws = book["附件2"]
    by_label = {v: k for k, v in INDICATOR_LABELS.items()}
    for i, ind in enumerate(INDICATORS):
        r = 3 + i
        names = [text(ws, f"C{r}"), text(ws, f"D{r}")]
        percent = ws[f"I{r}"]
        assert text(ws, f"A{r}") == category_label(ind.category)
        assert text(ws, f"B{r}") == str(ind.seq)
        assert (names[:1] if names[1] == names[0] else names) == ind.names
        assert text(ws, f"E{r}") == ind.indicator
        assert text(ws, f"F{r}") == ind.target.text
        assert text(ws, f"G{r}") == ind.lead_unit
        assert text(ws, f"H{r}") == ind.progress
        if ind.percent is None:
            assert percent.value is None
        else:  # a number shown as a percentage, with as many decimals as written
            assert (Decimal(str(percent.value)) * 100, percent.number_format) == (
                ind.percent,
                "0.00%" if ind.percent == Decimal("100.45") else "0%",
            )
        assert by_label[text(ws, f"J{r}")] == ind.evaluation


def test_it_writes_to_a_stream() -> None:
    stream = BytesIO()
    render_xlsx([task_annex(TASKS[:1], TASK_TITLE, None)], stream)
    stream.seek(0)
    assert openpyxl.load_workbook(stream)["附件1"]["A4"].value == 2


def test_it_writes_to_a_path_object(tmp_path: Path) -> None:
    render_xlsx([indicator_annex(INDICATORS[:1], INDICATOR_TITLE, None)], tmp_path / "one.xlsx")
    assert openpyxl.load_workbook(tmp_path / "one.xlsx")["附件2"]["C3"].value == "推进教育高质量发展"


@pytest.mark.parametrize(
    ("label", "title"),
    [("附件1", "附件1"), ("附件[2]:表/一", "附件2表一"), ("附" * 40, "附" * 31), ("*?", "附件")],
)
def test_sheet_titles_are_legal(label: str, title: str) -> None:
    assert sheet_title(label) == title


@pytest.mark.parametrize(("mm", "units"), [(7.0, 3.8), (25.4, 13.7), (0.0, 0.0)])
def test_width_units(mm: float, units: float) -> None:
    # 25.4 mm = 96 px = 13.7 digits of 7 px
    assert width_units(mm) == units


@settings(max_examples=25, deadline=None)
@given(st.text(), st.text())
def test_any_text_renders(label: str, text: str) -> None:
    annex = task_annex([Task(seq=1, text=text, lead_units=[text], progress=text)], text, text, label=label)
    stream = BytesIO()
    render_xlsx([annex], stream)
    stream.seek(0)
    assert len(openpyxl.load_workbook(stream).sheetnames) == 1
