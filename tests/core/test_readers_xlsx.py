"""The .xlsx reader: merged ranges, number formats, title rows, the sample's tables, damaged files."""

from __future__ import annotations

import random
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from duban.core.errors import ParseError
from duban.core.model import Cell, Paragraph, Source, Table
from duban.core.readers import read_file
from duban.core.tables import parse_indicator_table, parse_measure_table, parse_task_table

from .builders import sample_source, sample_tables, source_to_xlsx

PARSERS = {
    "tasks": parse_task_table,
    "indicators": parse_indicator_table,
    "measures": parse_measure_table,
}


def save(workbook: openpyxl.Workbook, path: Path) -> Path:
    workbook.save(str(path))
    return path


def test_it_reads_merged_ranges_once_and_vertical_continuations_as_merged(tmp_path: Path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["序号", "项目名称", None, "牵头单位"])
    sheet.append([1, "提高困难群体救助标准", "提高城乡低保标准", "区民政局"])
    sheet.append([None, None, "农村低保标准", None])
    sheet.merge_cells("B1:C1")
    sheet.merge_cells("A2:A3")
    sheet.merge_cells("B2:B3")
    sheet.merge_cells("D2:D3")

    (table,) = read_file(save(workbook, tmp_path / "a.xlsx")).blocks
    assert isinstance(table, Table)
    assert table.rows == [
        [Cell("序号"), Cell("项目名称"), Cell("牵头单位")],
        [Cell("1"), Cell("提高困难群体救助标准"), Cell("提高城乡低保标准"), Cell("区民政局")],
        [Cell("", merged=True), Cell("", merged=True), Cell("农村低保标准"), Cell("", merged=True)],
    ]
    assert table.line == 1


def test_a_block_merged_both_ways_appears_once_then_as_one_continuation_per_row(tmp_path: Path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["类别", None, "序号"])
    sheet.append([None, None, 1])
    sheet.merge_cells("A1:B2")
    (table,) = read_file(save(workbook, tmp_path / "a.xlsx")).blocks
    assert isinstance(table, Table)
    assert table.rows == [[Cell("类别"), Cell("序号")], [Cell("", merged=True), Cell("1")]]


@pytest.mark.parametrize(
    ("value", "number_format", "text"),
    [
        (18, "General", "18"),
        (18.0, "General", "18"),
        (0.1 + 0.2, "General", "0.3"),
        (2.4, "0.00", "2.4"),
        (0.85, "0%", "85%"),
        (1.0045, "0.00%", "100.45%"),
        (1, "0%", "100%"),
        (datetime(2024, 7, 29), "yyyy-mm-dd", "2024-07-29"),
        (date(2024, 9, 20), 'yyyy"年"m"月"d"日"', "2024-09-20"),
        ("  区财政局\r\n区发改局 ", "General", "区财政局\n区发改局"),
        (True, "General", "是"),
    ],
)
def test_it_writes_numbers_percentages_and_dates_as_text(tmp_path: Path, value, number_format, text):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet["A1"], sheet["B1"] = "量化数据", "进度评价"
    sheet["A2"] = value
    sheet["A2"].number_format = number_format
    sheet["B2"] = "正常推进"
    (table,) = read_file(save(workbook, tmp_path / "a.xlsx")).blocks
    assert isinstance(table, Table)
    assert table.rows[1][0] == Cell(text)


def test_leading_title_rows_and_trailing_notes_become_paragraphs(tmp_path: Path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet["B2"] = "附件1"
    sheet["B3"] = "2024年省市重点民生实事项目任务分解进展情况"
    sheet.merge_cells("B3:D3")
    sheet.append([None, "序号", "目标任务", "牵头单位"])
    sheet.append([None, 1, "新增上市企业1家", "区金融事务中心"])
    sheet.append([None, "注：1-10项为省级重点民生实事。"])
    sheet.merge_cells("B6:D6")
    workbook.create_sheet("空白")
    hidden = workbook.create_sheet("代码表")
    hidden["A1"] = "区财政局"
    hidden.sheet_state = "hidden"

    blocks = read_file(save(workbook, tmp_path / "a.xlsx")).blocks
    assert blocks == [
        Paragraph("附件1", 2),
        Paragraph("2024年省市重点民生实事项目任务分解进展情况", 3),
        Table(
            [
                [Cell("序号"), Cell("目标任务"), Cell("牵头单位")],
                [Cell("1"), Cell("新增上市企业1家"), Cell("区金融事务中心")],
            ],
            4,
        ),
        Paragraph("注：1-10项为省级重点民生实事。", 6),
    ]


def test_every_sheet_with_content_is_read(tmp_path: Path):
    workbook = openpyxl.Workbook()
    first = workbook.active
    assert first is not None
    first.append(["序号", "目标任务"])
    first.append([1, "甲"])
    second = workbook.create_sheet("附件2")
    second.append(["序号", "项目名称"])
    second.append([1, "乙"])
    blocks = read_file(save(workbook, tmp_path / "a.xlsx")).blocks
    assert [b.rows[1][1].text for b in blocks if isinstance(b, Table)] == ["甲", "乙"]


@pytest.mark.parametrize("kind", ["tasks", "indicators", "measures"])
def test_the_sample_tables_read_from_excel_give_the_same_records(tmp_path: Path, kind: str):
    path = source_to_xlsx(sample_source(kind), tmp_path / f"{kind}.xlsx")
    sheet = openpyxl.load_workbook(path).worksheets[0]
    if kind != "measures":  # real merged ranges in the file, and percentages stored as numbers
        assert any(r.max_row > r.min_row for r in sheet.merged_cells.ranges)
    source = read_file(path)
    (table,) = [b for b in source.blocks if isinstance(b, Table)]
    original = sample_tables()[kind]

    assert [b.text for b in source.blocks if isinstance(b, Paragraph)] == [
        b.text for b in sample_source(kind).blocks if isinstance(b, Paragraph)
    ]
    assert table.texts() == original.texts()
    assert PARSERS[kind](table) == PARSERS[kind](original)


def test_percentages_of_the_sample_are_stored_as_numbers(tmp_path: Path):
    path = source_to_xlsx(sample_source("indicators"), tmp_path / "indicators.xlsx")
    sheet = openpyxl.load_workbook(path).worksheets[0]
    values = {sheet.cell(row=r, column=9).value for r in range(1, sheet.max_row + 1)}
    assert 1.0045 in values and 0.85 in values


def _xlsx_bytes(tmp_path: Path) -> bytes:
    return source_to_xlsx(sample_source("measures"), tmp_path / "whole.xlsx").read_bytes()


@pytest.mark.parametrize(
    "make",
    [
        lambda tmp: random.Random(11).randbytes(5000),
        lambda tmp: _xlsx_bytes(tmp)[:3000],
        lambda tmp: _xlsx_bytes(tmp)[:-40],
    ],
    ids=["random-bytes", "truncated-head", "truncated-tail"],
)
def test_a_damaged_xlsx_raises_a_parse_error_naming_the_file(tmp_path: Path, make):
    path = tmp_path / "民生实事.xlsx"
    path.write_bytes(make(tmp_path))
    with pytest.raises(ParseError) as exc:
        read_file(path)
    assert "已损坏" in exc.value.message and "Excel" in exc.value.message
    assert "民生实事.xlsx" in str(exc.value)


def test_an_empty_workbook_raises_a_parse_error(tmp_path: Path):
    path = save(openpyxl.Workbook(), tmp_path / "empty.xlsx")
    with pytest.raises(ParseError, match="没有可读取的内容"):
        read_file(path)


def test_it_writes_titles_only_when_there_is_no_table(tmp_path: Path):
    path = source_to_xlsx(Source("", [Paragraph("附件1")]), tmp_path / "a.xlsx")
    assert read_file(path).blocks == [Paragraph("附件1", 1)]
