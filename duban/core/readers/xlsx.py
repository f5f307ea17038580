"""Excel (.xlsx) reader: every visible sheet with content → title paragraphs, a table, notes."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from io import BytesIO
from typing import Any

import openpyxl
from openpyxl.worksheet.worksheet import Worksheet

from duban.core.model import Block, Cell, Paragraph, Source, Table, decimal_str

# Single-cell rows at the bottom of a sheet that are notes rather than table rows.
_NOTE = re.compile(r"^(注|备注|说明|附注|填报|填表|制表|审核)")


def read_xlsx(data: bytes, path: str = "") -> Source:
    """Read a .xlsx; raises whatever openpyxl raises on a corrupt file (the caller wraps it)."""
    # read_only=False: read-only worksheets do not expose their merged ranges.
    workbook = openpyxl.load_workbook(BytesIO(data), read_only=False, data_only=True)
    blocks: list[Block] = []
    for sheet in workbook.worksheets:
        if sheet.sheet_state == "visible":  # hidden sheets hold lookup lists, not the document
            blocks.extend(_sheet_blocks(sheet))
    return Source(path=path, blocks=blocks)


def _sheet_blocks(sheet: Worksheet) -> list[Block]:
    covered: dict[tuple[int, int], tuple[int, int]] = {}  # continuation cell → its range's anchor
    widths: dict[tuple[int, int], int] = {}  # anchor → number of columns it spans
    for merged in sheet.merged_cells.ranges:
        widths[(merged.min_row, merged.min_col)] = merged.max_col - merged.min_col + 1
        for r in range(merged.min_row, merged.max_row + 1):
            for c in range(merged.min_col, merged.max_col + 1):
                if (r, c) != (merged.min_row, merged.min_col):
                    covered[(r, c)] = (merged.min_row, merged.min_col)

    texts: dict[tuple[int, int], str] = {}
    for row in sheet.iter_rows():
        for cell in row:
            if cell.row is None or cell.column is None or (cell.row, cell.column) in covered:
                continue
            text = _text(cell.value, str(cell.number_format or ""))
            if text:
                texts[(cell.row, cell.column)] = text
    if not texts:
        return []
    # Tables rarely start in A1 and often carry formatted but empty columns: keep the used span.
    first_col = min(c for _, c in texts)
    last_col = max(c + widths.get((r, c), 1) - 1 for r, c in texts)

    rows: list[tuple[int, list[Cell]]] = []
    for r in range(1, sheet.max_row + 1):
        cells: list[Cell] = []
        for c in range(first_col, last_col + 1):
            anchor = covered.get((r, c))
            if anchor is None:
                cells.append(Cell(texts.get((r, c), "")))
            elif anchor[0] != r and anchor[1] == c:
                cells.append(Cell("", merged=True))  # vertical continuation: "same as above"
            # any other continuation is horizontal: the cell already appeared once in this row
        if any(cell.text for cell in cells):
            rows.append((r, cells))
    return _split_titles_and_notes(rows, widths, first_col)


def _split_titles_and_notes(
    rows: list[tuple[int, list[Cell]]], widths: dict[tuple[int, int], int], first_col: int
) -> list[Block]:
    def single(cells: list[Cell]) -> str | None:
        filled = [cell.text for cell in cells if cell.text]
        if len(filled) == 1 and not any(cell.merged for cell in cells):
            return filled[0]
        return None

    start = 0
    while start < len(rows) and single(rows[start][1]) is not None:
        start += 1
    end = len(rows)
    while end > start:
        r, cells = rows[end - 1]
        text = single(cells)
        if text is None:
            break
        column = first_col + next(i for i, cell in enumerate(cells) if cell.text)
        if widths.get((r, column), 1) < 2 and not _NOTE.match(text):
            break
        end -= 1

    blocks: list[Block] = [Paragraph(single(cells) or "", r) for r, cells in rows[:start]]
    if start < end:
        blocks.append(Table(rows=[cells for _, cells in rows[start:end]], line=rows[start][0]))
    blocks.extend(Paragraph(single(cells) or "", r) for r, cells in rows[end:])
    return blocks


def _text(value: Any, number_format: str) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int | float | Decimal):
        number = _decimal(value)
        if not number.is_finite():
            return str(value)
        if "%" in number_format:
            return f"{decimal_str(number * 100)}%"
        return decimal_str(number)
    if isinstance(value, datetime):
        if value.time() == time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, timedelta):
        return str(value)
    lines = str(value).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(line.strip() for line in lines if line.strip())


def _decimal(value: int | float | Decimal) -> Decimal:
    if isinstance(value, float):
        # 15 significant digits is what Excel itself shows: 0.1 + 0.2 reads back as 0.3.
        return Decimal(format(value, ".15g"))
    return Decimal(value)
