"""Render annex tables to an Excel workbook: one sheet per annex, ready to filter and print.

Each sheet holds, from the top: a title row (merged across the table), the header rows with
their spans, the body with its merges, then the notes. The header's lowest row carries an
autofilter over the body; panes freeze below the header; printing is A4, fitted to the page
width, with the header rows repeated on every page.

A table with `status_columns` (the √ columns of 工作进度) gets one more column at the right,
"进度状态", holding the name of the checked state ("相对滞后"), so that users can filter on a
single column. Digits-only cells (序号) are written as numbers so that they sort numerically.
Merged body cells keep their text in the top-left cell only, as Excel does.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import BinaryIO

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from duban.core.render.spec import Annex, AnnexTable, xml_safe

STATUS_TEXT_HEADER = "进度状态"
STATUS_TEXT_WIDTH_MM = 22.0
TITLE_FONT = Font(name="方正小标宋简体", size=16)
HEADER_FONT = Font(name="黑体", size=11)
BODY_FONT = Font(name="仿宋_GB2312", size=11)
THIN = Side(style="thin")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
TITLE_ROW = 1
HEADER_TOP = 2
CHECK = "√"
# Excel's column width unit is one digit of the default font, 7 px at 96 dpi.
PX_PER_MM = 96 / 25.4
PX_PER_WIDTH_UNIT = 7
SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
INTEGER = re.compile(r"[0-9]{1,15}")


def render_xlsx(annexes: list[Annex], out: str | Path | BinaryIO) -> None:
    """Write the annexes as a workbook (path or binary stream), one sheet per annex."""
    wb = Workbook()
    assert wb.active is not None
    wb.remove(wb.active)
    for annex in annexes:
        _sheet(wb.create_sheet(sheet_title(annex.label)), annex)
    wb.save(str(out) if isinstance(out, Path) else out)


def sheet_title(label: str) -> str:
    """A legal sheet name: Excel forbids []:*?/\\ and allows 31 characters."""
    return SHEET_NAME_FORBIDDEN.sub("", xml_safe(label))[:31] or "附件"


def width_units(mm: float) -> float:
    """Excel column width (digit units) for a width on paper in millimetres."""
    return round(mm * PX_PER_MM / PX_PER_WIDTH_UNIT, 1)


def status_texts(table: AnnexTable) -> list[str]:
    """For each body row, the header label of the checked status column ("" when none)."""
    labels = table.leaf_labels()
    return [
        next((labels[c] for c in table.status_columns if row[c].strip() == CHECK), "") for row in table.rows
    ]


def _sheet(ws: Worksheet, annex: Annex) -> None:
    spec = annex.table
    spec.check()
    n_head = len(spec.header)
    extra = bool(spec.status_columns)
    n_cols = spec.columns + (1 if extra else 0)
    body_top = HEADER_TOP + n_head
    body_end = body_top + len(spec.rows) - 1
    last_col = get_column_letter(n_cols)

    ws.cell(TITLE_ROW, 1, xml_safe(annex.title.replace("\n", ""))).font = TITLE_FONT
    ws.cell(TITLE_ROW, 1).alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    ws.row_dimensions[TITLE_ROW].height = 36
    merges: list[tuple[int, int, int, int]] = [(TITLE_ROW, 1, TITLE_ROW, n_cols)]

    for r in range(HEADER_TOP, body_top):
        for c in range(1, n_cols + 1):
            _style(ws, r, c, HEADER_FONT, centre=True)
    for r, c, head in spec.header_slots():
        ws.cell(HEADER_TOP + r, c + 1, xml_safe(head.text))
        merges.append((HEADER_TOP + r, c + 1, HEADER_TOP + r + head.row_span - 1, c + head.col_span))
    if extra:
        ws.cell(HEADER_TOP, n_cols, STATUS_TEXT_HEADER)
        merges.append((HEADER_TOP, n_cols, body_top - 1, n_cols))

    texts = status_texts(spec) if extra else []
    for i, body_row in enumerate(spec.rows):
        values = [*body_row, texts[i]] if extra else body_row
        for c, text in enumerate(values):
            cell = _style(ws, body_top + i, c + 1, BODY_FONT, centre=c >= spec.columns or spec.centred(c))
            cell.value = int(text) if INTEGER.fullmatch(text) else xml_safe(text)
    merges += [(body_top + r0, c0 + 1, body_top + r1, c1 + 1) for r0, c0, r1, c1 in spec.merges]

    for i, note in enumerate(annex.notes):
        note_row = body_end + 2 + i
        note_cell = ws.cell(note_row, 1, xml_safe(note))
        note_cell.font = BODY_FONT
        note_cell.alignment = Alignment(wrap_text=True, vertical="top")
        merges.append((note_row, 1, note_row, n_cols))

    # Styles first, merges last: openpyxl turns the covered cells into MergedCell and copies
    # the top-left cell's border to the merged range's edges.
    for r0, c0, r1, c1 in merges:
        if (r0, c0) != (r1, c1):
            ws.merge_cells(start_row=r0, start_column=c0, end_row=r1, end_column=c1)

    widths = [*spec.col_widths_mm, *([STATUS_TEXT_WIDTH_MM] if extra else [])]
    for c, mm in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(c)].width = width_units(mm)

    ws.auto_filter.ref = f"A{body_top - 1}:{last_col}{max(body_end, body_top - 1)}"
    ws.freeze_panes = f"A{body_top}"
    ws.print_title_rows = f"{HEADER_TOP}:{body_top - 1}"
    ws.page_setup.orientation = "landscape" if annex.landscape else "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages tall as needed
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_options.horizontalCentered = True


def _style(ws: Worksheet, row: int, col: int, font: Font, centre: bool) -> Cell:
    cell = ws.cell(row, col)
    assert isinstance(cell, Cell)  # cells are merged only after styling
    cell.font = font
    cell.border = BORDER
    cell.alignment = Alignment(
        horizontal="center" if centre else "justify", vertical="center", wrap_text=True
    )
    return cell
