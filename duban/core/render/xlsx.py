"""Render annex tables to an Excel workbook: one sheet per annex, ready to filter and print.

Each sheet holds, from the top: a title row (merged across the table), the header rows with
their spans, the body with its merges, then the notes (注). Row heights are fitted to the
wrapped text (`sheet.fit_row_heights`); panes freeze below the header; printing is A4, fitted
to the page width, margins, header rows repeated, page numbers (`sheet.print_setup`). A body
without merges gets an autofilter on the header's lowest row; one with merges (附件2) does
not, as sorting or filtering would tear its merged cells apart.

A table with `status_columns` (the √ columns of 工作进度) gets one more column at the right,
"进度状态", holding the name of the checked state ("相对滞后"), so that users can filter on a
single column. Digits-only cells (序号) are written as numbers so that they sort numerically,
percentages ("85%") as numbers with a percent format; text is never a formula
(`sheet.write_cell`). Merged body cells keep their text in the top-left cell only, as Excel does.
"""

from __future__ import annotations

import re
from copy import copy
from decimal import Decimal
from pathlib import Path
from typing import BinaryIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from duban.core.render.sheet import (
    fit_row_heights,
    keep_merges_on_pages,
    merge,
    page_rows,
    percent_number,
    print_setup,
    write_cell,
)
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
    assert wb.active is not None  # noqa: S101 — narrows a type the code guarantees; not a check of input
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
    widths = [*spec.col_widths_mm, *([STATUS_TEXT_WIDTH_MM] if extra else [])]
    units = {c: width_units(mm) for c, mm in enumerate(widths, start=1)}
    for c, width in units.items():
        ws.column_dimensions[get_column_letter(c)].width = width

    title = annex.title.replace("\n", "")
    write_cell(ws, TITLE_ROW, 1, title, font=TITLE_FONT, alignment=CENTRED)
    merges: list[tuple[int, int, int, int]] = [(TITLE_ROW, 1, TITLE_ROW, n_cols)]

    for r in range(HEADER_TOP, body_top):
        for c in range(1, n_cols + 1):
            write_cell(ws, r, c, None, font=HEADER_FONT, border=BORDER, alignment=CENTRED)
    for r, c, head in spec.header_slots():
        write_cell(ws, HEADER_TOP + r, c + 1, head.text)
        merges.append((HEADER_TOP + r, c + 1, HEADER_TOP + r + head.row_span - 1, c + head.col_span))
    if extra:
        write_cell(ws, HEADER_TOP, n_cols, STATUS_TEXT_HEADER)
        merges.append((HEADER_TOP, n_cols, body_top - 1, n_cols))

    texts = status_texts(spec) if extra else []
    for i, body_row in enumerate(spec.rows):
        values = [*body_row, texts[i]] if extra else body_row
        for c, text in enumerate(values):
            centre = c >= spec.columns or spec.centred(c)
            align = CENTRED if centre else JUSTIFIED
            value, number_format = _typed(text)
            write_cell(
                ws,
                body_top + i,
                c + 1,
                value,
                font=BODY_FONT,
                border=BORDER,
                alignment=align,
                number_format=number_format,
            )
    merges += [(body_top + r0, c0 + 1, body_top + r1, c1 + 1) for r0, c0, r1, c1 in spec.merges]

    # 注 lines under the table, each across its width.
    for i, note in enumerate(annex.notes):
        note_row = body_end + 2 + i
        write_cell(ws, note_row, 1, note, font=BODY_FONT, alignment=Alignment(wrap_text=True, vertical="top"))
        merges.append((note_row, 1, note_row, n_cols))

    fit_row_heights(ws, range(TITLE_ROW, ws.max_row + 1), units, merges, minimum=MIN_ROW_PT)
    # A filter over merged body cells sorts and hides parts of merges: only unmerged bodies get one.
    if not spec.merges:
        ws.auto_filter.ref = f"A{body_top - 1}:{last_col}{max(body_end, body_top - 1)}"
    ws.freeze_panes = f"A{body_top}"
    header = (HEADER_TOP, body_top - 1)
    print_setup(ws, landscape=annex.landscape, title_rows=header, last_col=n_cols)
    if spec.merges:
        room = page_rows(ws, landscape=annex.landscape, widths=units, title_rows=header)
        above = float(ws.row_dimensions[TITLE_ROW].height or 15)
        body = [m for m in merges if m[0] >= body_top]
        breaks = keep_merges_on_pages(ws, range(body_top, body_end + 1), body, room, above)
        merges = [m for m in merges if m[0] < body_top] + _split_at_breaks(ws, body, breaks)
    # Styles first, merges last: the covered cells become MergedCell with the top-left's style.
    for r0, c0, r1, c1 in merges:
        if (r0, c0) != (r1, c1):
            merge(ws, r0, c0, r1, c1)


def _split_at_breaks(
    ws: Worksheet, merges: list[tuple[int, int, int, int]], breaks: list[int]
) -> list[tuple[int, int, int, int]]:
    """Merges taller than a page (类别 over many items) cut at the page breaks, the text repeated
    at the top of each piece, as the bulletin prints 省级重点民生实事 again on each page."""
    out = []
    for r0, c0, r1, c1 in merges:
        start = r0
        for cut in [b for b in breaks if r0 <= b < r1]:
            out.append((start, c0, cut, c1))
            if cut + 1 != r0:
                _copy_cell(ws, r0, c0, cut + 1)
            start = cut + 1
        out.append((start, c0, r1, c1))
    return out


def _copy_cell(ws: Worksheet, row: int, col: int, to_row: int) -> None:
    source = ws.cell(row, col)
    target = ws.cell(to_row, col)
    target.value = source.value
    target.data_type = source.data_type  # text stays text (write_cell), never a formula
    target._style = copy(source._style)  # type: ignore[union-attr]


CENTRED = Alignment(horizontal="center", vertical="center", wrap_text=True)
JUSTIFIED = Alignment(horizontal="justify", vertical="center", wrap_text=True)
MIN_ROW_PT = 18.0


def _typed(text: str) -> tuple[int | Decimal | str, str | None]:
    """A cell's value: digits as a number (序号 sorts), "85%" as 0.85 shown 85%, else the text."""
    if INTEGER.fullmatch(text):
        return int(text), None
    percent = percent_number(text)
    if percent is not None:
        return percent
    return text, None
