"""Test helpers: write a `Source` into a real .docx/.xlsx with real merged cells.

Rows shorter than the widest row get one horizontally merged cell (Word gridSpan / an Excel
merged range) so the grid is rectangular, the way the original documents are laid out:
in indicator tables the last name cell (just left of the target) widens; elsewhere the last
cell does. In columns that mean "same as above" (类别, 序号, project and sub-project names,
牵头单位) every empty cell under a non-empty one becomes part of a real vertical merge.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import cache
from pathlib import Path

import docx
import openpyxl
from openpyxl.styles import Alignment
from openpyxl.worksheet.worksheet import Worksheet

from duban.core.model import Paragraph, Source, Table
from duban.core.readers import read_file
from duban.core.tables import classify_table

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "samples" / "yunxi-2024.txt"

# Cells to the right of the widening cell, per kind of table.
_FIXED_RIGHT = {"indicators": 5}
_CARRY_LABELS = {"类别", "序号", "项目名称", "牵头单位", "牵头责任单位"}

Placed = tuple[int, int, str]  # (first grid column, columns spanned, text)


@cache
def sample_tables() -> dict[str, Table]:
    """The sample's annex tables by kind ("tasks", "indicators", "measures")."""
    tables = [b for b in read_file(SAMPLE).blocks if isinstance(b, Table)]
    return {classify_table(t): t for t in tables}


def sample_source(kind: str) -> Source:
    """One sample table as a small source: its label and title above, a note below."""
    titles = {
        "tasks": ["附件1", "《2024年<政府工作报告>目标任务分解》目标任务进展情况"],
        "indicators": ["附件2", "2024年省市重点民生实事项目任务分解进展情况"],
        "measures": ["云溪区贯彻落实2024年省政府大抓落实工作激励措施二十条任务分解"],
    }[kind]
    blocks: list[Paragraph | Table] = [Paragraph(t) for t in titles]
    blocks.append(sample_tables()[kind])
    blocks.append(Paragraph("注：本表根据各单位报送情况整理。"))
    return Source(path=f"{kind}.txt", blocks=blocks)


def layout(table: Table) -> tuple[int, list[list[Placed]]]:
    """The table's grid width and every cell's grid position and span."""
    width = max(len(row) for row in table.rows)
    fixed = _FIXED_RIGHT.get(classify_table(table), 0)
    placed: list[list[Placed]] = []
    for row in table.rows:
        pivot = max(len(row) - 1 - fixed, 0)
        column = 0
        cells: list[Placed] = []
        for i, cell in enumerate(row):
            span = 1 + (width - len(row) if i == pivot else 0)
            cells.append((column, span, cell.text))
            column += span
        placed.append(cells)
    return width, placed


def vertical_runs(table: Table) -> list[tuple[int, int, int]]:
    """(grid column, first row, last row) of each vertical merge to make."""
    width, placed = layout(table)
    if classify_table(table) == "indicators":
        # 类别, 序号, project and sub-project columns, and 牵头单位 (4th from the right).
        carry = set(range(width - 6)) | {width - 4}
    else:
        carry = {
            col for col, span, text in placed[0] if span == 1 and re.sub(r"\s", "", text) in _CARRY_LABELS
        }
    runs: list[tuple[int, int, int]] = []
    for column in sorted(carry):
        anchor: int | None = None
        last = -1
        for r, cells in enumerate(placed + [[]]):  # a sentinel row closes the last run
            entry = next((c for c in cells if c[0] == column), None)
            extends = entry is not None and entry[1] == 1 and not entry[2] and anchor is not None
            if extends:
                last = r
                continue
            if anchor is not None and last > anchor:
                runs.append((column, anchor, last))
            anchor = r if entry is not None and entry[1] == 1 and entry[2] else None
            last = r
    return runs


# --- Word ------------------------------------------------------------------------------------


def source_to_docx(source: Source, path: str | Path) -> Path:
    """Write the paragraphs and tables of `source` into a .docx with real merged cells."""
    document = docx.Document()
    for block in source.blocks:
        if isinstance(block, Paragraph):
            document.add_paragraph(block.text)
            continue
        width, placed = layout(block)
        table = document.add_table(rows=len(placed), cols=width)
        # Taken once: `table.cell()` rebuilds the whole grid on every call.
        grid = [list(row.cells) for row in table.rows]
        for r, cells in enumerate(placed):
            for column, span, text in cells:
                cell = grid[r][column]
                if span > 1:
                    cell = cell.merge(grid[r][column + span - 1])
                lines = text.split("\n")
                cell.paragraphs[0].text = lines[0]
                for line in lines[1:]:
                    cell.add_paragraph(line)
        for column, first, last in vertical_runs(block):
            grid[first][column].merge(grid[last][column])
    document.save(str(path))
    return Path(path)


# --- Excel -----------------------------------------------------------------------------------


def source_to_xlsx(source: Source, path: str | Path) -> Path:
    """Write each table of `source` on its own sheet: titles above, trailing notes below."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)  # type: ignore[arg-type]
    titles: list[Paragraph] = []
    sheet: Worksheet | None = None
    width = 1
    row_number = 1
    for block in source.blocks:
        if isinstance(block, Paragraph):
            titles.append(block)
            continue
        sheet = workbook.create_sheet(f"表{len(workbook.worksheets) + 1}")
        width, placed = layout(block)
        row_number = 1
        for title in titles:
            # A short label such as "附件1" sits in A1; a title is merged across the table.
            _write_line(sheet, row_number, title.text, width if len(title.text) > 6 else 1)
            row_number += 1
        titles = []
        first = row_number
        for cells in placed:
            for column, span, text in cells:
                _write_cell(sheet, row_number, column + 1, text)
                if span > 1:
                    sheet.merge_cells(
                        start_row=row_number,
                        start_column=column + 1,
                        end_row=row_number,
                        end_column=column + span,
                    )
            row_number += 1
        for column, top, bottom in vertical_runs(block):
            sheet.merge_cells(
                start_row=first + top, start_column=column + 1, end_row=first + bottom, end_column=column + 1
            )
    if sheet is None:
        sheet = workbook.create_sheet("表1")
        for title in titles:
            _write_line(sheet, row_number, title.text, 1)
            row_number += 1
    else:
        for note in titles:
            _write_line(sheet, row_number, note.text, width)
            row_number += 1
    workbook.save(str(path))
    return Path(path)


def _write_line(sheet: Worksheet, row: int, text: str, width: int) -> None:
    sheet.cell(row=row, column=1, value=text)
    if width > 1:
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)


def _write_cell(sheet: Worksheet, row: int, column: int, text: str) -> None:
    """Numbers as numbers ("85%" as 0.85 formatted as a percentage), other text as text."""
    cell = sheet.cell(row=row, column=column)
    percent = re.fullmatch(r"(\d+)(?:\.(\d+))?%", text)
    if re.fullmatch(r"[1-9]\d{0,8}", text):
        cell.value = int(text)
    elif percent:
        cell.value = float(Decimal(text[:-1]) / 100)
        decimals = len(percent.group(2) or "")
        cell.number_format = "0." + "0" * decimals + "%" if decimals else "0%"
    else:
        cell.value = text
        if "\n" in text:
            cell.alignment = Alignment(wrap_text=True)
