"""Cells and pages every sheet duban writes shares: safe values, fitted rows, A4 printing.

* `write_cell` is the one way a value goes into a cell. Text that begins with =, +, -, @, a tab
  or a carriage return is stored as a string, never as a formula (issue 9: a progress text
  "=HYPERLINK(…)" typed by a unit must not run when the office opens the sheet), and marked
  with a quote prefix so that Excel keeps it text when the cell is edited.
* openpyxl cannot measure text, so `fit_row_heights` computes each row's height from the
  column widths and the text: a CJK character is about two width units of Excel's default
  font, a Latin one about one; a wrapped cell needs as many lines as its text takes.
* `print_setup` makes a sheet print readably on A4: orientation, margins, fit to the page
  width (as many pages tall as needed), header rows repeated, page numbers in the footer.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable
from copy import copy
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from weakref import WeakKeyDictionary

from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.merge import MergedCellRange
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from duban.core.render.spec import xml_safe

Value = str | int | float | Decimal | date | datetime | None

# What spreadsheet programs read as the start of a formula (OWASP "CSV injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
PERCENT = re.compile(r"(?P<n>\d{1,6}(?:\.(?P<d>\d{1,4}))?)\s*[%％]")

# Geometry of Excel's default font (11 pt): a width unit is one digit, 7 px at 96 dpi, and a
# cell pads its text by about 5 px. A full-width character of size s pt is s × 96/72 px wide;
# a Latin one about half of that. A line is about 1.3 × s pt high (Excel's 14.25 pt rows for
# 11 pt), and a wrapped cell gets 4 pt of air.
PX_PER_UNIT = 7
CELL_PADDING_PX = 5
LATIN_WIDTH = 0.5
LINE_FACTOR = 1.3
ROW_PADDING_PT = 4.0
MAX_ROW_PT = 409.0  # Excel's limit


def safe_value(value: Value) -> Value:
    """The value as it may be stored: text without the characters XML cannot hold."""
    return xml_safe(value) if isinstance(value, str) else value


def is_formula_like(value: Value) -> bool:
    """Whether a spreadsheet would take this text for a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_START)


def write_cell(
    ws: Worksheet,
    row: int,
    col: int,
    value: Value,
    *,
    font: Font | None = None,
    border: Border | None = None,
    alignment: Alignment | None = None,
    number_format: str | None = None,
    fill: PatternFill | None = None,
    protection: Protection | None = None,
) -> Cell:
    """Write one cell; text is always text (see module doc), never a formula."""
    cell = ws.cell(row, col)
    assert isinstance(cell, Cell), "write a merged range's top-left cell before merging"  # noqa: S101 — a programming error of the renderer, not input
    # The test is on the stored text: "\x01=cmd|…" loses its control character to xml_safe and
    # would otherwise become the formula "=cmd|…".
    stored = safe_value(value)
    cell.value = stored
    styles = (font, border, alignment, number_format, fill, protection)
    # openpyxl hashes every style object on every assignment, which made styling most of a
    # sheet's time; a cell styled like an earlier one copies that cell's style indexes instead.
    # The cache holds the style objects, so their ids stay theirs while they are keys.
    cache = _STYLES.setdefault(ws.parent, {})
    key = tuple(id(s) for s in styles)
    known = cache.get(key)
    if known is not None:
        _set_style(cell, known[1])
    else:
        for name, style in zip(_STYLE_NAMES, styles, strict=True):
            if style is not None:
                setattr(cell, name, style)
        cache[key] = (styles, copy(_style_of(cell)))
    if is_formula_like(stored):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def _style_of(cell: Any) -> Any:
    """A cell's style indexes (openpyxl's StyleArray, which its stubs do not declare)."""
    return cell._style


def _set_style(cell: Any, style: Any) -> None:
    cell._style = copy(style)


_STYLE_NAMES = ("font", "border", "alignment", "number_format", "fill", "protection")
_STYLES: WeakKeyDictionary[Any, dict[tuple[int, ...], tuple[tuple[object, ...], Any]]] = WeakKeyDictionary()


def merge(ws: Worksheet, r0: int, c0: int, r1: int, c1: int) -> None:
    """Merge a rectangle that overlaps no other merge (the caller checked, as AnnexTable.check does).

    openpyxl's `merge_cells` first tests the new range against every merge already made, which
    makes a sheet of n merged items cost n²; this adds it to the set directly and then does what
    merge_cells does after: the covered cells become MergedCell.
    """
    mcr = MergedCellRange(ws, CellRange(min_col=c0, min_row=r0, max_col=c1, max_row=r1).coord)
    ws.merged_cells.ranges.add(mcr)
    # The covered cells take the top-left cell's style, borders included, so that the merged
    # area's edges are drawn; openpyxl's MergedCellRange.format builds a Border per edge cell.
    style = _style_of(ws.cell(r0, c0))
    cells = ws._cells
    for row in range(r0, r1 + 1):
        for col in range(c0, c1 + 1):
            if (row, col) != (r0, c0):
                covered = MergedCell(ws, row, col)
                _set_style(covered, style)
                cells[(row, col)] = covered


def percent_number(text: str) -> tuple[Decimal, str] | None:
    """ "85%" → (0.85, "0%"), "100.45%" → (1.0045, "0.00%"): a percentage as a number and its format."""
    match = PERCENT.fullmatch(text.strip())
    if match is None:
        return None
    decimals = len(match["d"] or "")
    return Decimal(match["n"]) / 100, "0" + ("." + "0" * decimals if decimals else "") + "%"


def text_px(text: str, size: float) -> float:
    """The width of one line of text in pixels at `size` pt."""
    em = size * 96 / 72
    return sum(em if unicodedata.east_asian_width(ch) in "FWA" else em * LATIN_WIDTH for ch in text)


def lines_needed(text: str, width_units: float, size: float) -> int:
    """Lines a wrapped cell of `width_units` needs for `text` at `size` pt."""
    room = max(width_units * PX_PER_UNIT - CELL_PADDING_PX, 1.0)
    em = size * 96 / 72
    per_line = max(math.floor(room / em), 1) * em  # a line holds whole characters
    return sum(max(1, math.ceil(text_px(part, size) / per_line - 1e-9)) for part in text.split("\n"))


def row_points(lines: int, size: float) -> float:
    """The height in points of a row showing `lines` lines at `size` pt."""
    return min(lines * size * LINE_FACTOR + ROW_PADDING_PT, MAX_ROW_PT)


def fit_row_heights(
    ws: Worksheet,
    rows: Iterable[int],
    widths: dict[int, float],
    merges: Iterable[tuple[int, int, int, int]] = (),
    minimum: float = 0.0,
) -> None:
    """Set each row's height to what its wrapped cells need (columns by index → width units).

    A cell merged across columns has their widths; one merged down several rows shares its
    height among them, the rows growing evenly when their own cells need less.
    """
    spans: dict[tuple[int, int], tuple[int, int]] = {}
    covered: set[tuple[int, int]] = set()
    for r0, c0, r1, c1 in merges:
        spans[(r0, c0)] = (r1, c1)
        covered |= {(r, c) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)} - {(r0, c0)}
    wanted: dict[int, float] = {}
    tall: list[tuple[int, int, float]] = []
    chosen = list(rows)
    for r in chosen:
        wanted[r] = minimum
        for c in widths:
            if (r, c) in covered:
                continue
            value = ws.cell(r, c).value
            if value is None or value == "":
                continue
            r1, c1 = spans.get((r, c), (r, c))
            width = sum(widths.get(cc, 8.43) for cc in range(c, c1 + 1))
            font = ws.cell(r, c).font
            size = float(font.sz) if font is not None and font.sz else 11.0
            need = row_points(lines_needed(str(value), width, size), size)
            if r1 > r:
                tall.append((r, r1, need))
            else:
                wanted[r] = max(wanted[r], need)
    for r0, r1, need in tall:
        span = [r for r in range(r0, r1 + 1) if r in wanted]
        short = need - sum(wanted[r] for r in span)
        for r in span if short > 0 else []:
            wanted[r] = min(wanted[r] + short / len(span), MAX_ROW_PT)
    for r in chosen:
        ws.row_dimensions[r].height = round(wanted[r], 1)


# A4 in points, and the margins print_setup sets (15 mm at the sides, 20 mm top and bottom).
A4_PT = (595.3, 841.9)
SIDE_MARGIN_PT = 15 * 72 / 25.4
END_MARGIN_PT = 20 * 72 / 25.4


def page_rows(
    ws: Worksheet, *, landscape: bool, widths: dict[int, float], title_rows: tuple[int, int]
) -> float:
    """How many points of rows one printed page holds below its repeated header, at the scale that
    fits the columns to the page width."""
    paper_w, paper_h = A4_PT[::-1] if landscape else A4_PT
    sheet_w = sum(w * PX_PER_UNIT + CELL_PADDING_PX for w in widths.values()) * 72 / 96
    scale = min(1.0, (paper_w - 2 * SIDE_MARGIN_PT) / sheet_w)
    header = sum(float(ws.row_dimensions[r].height or 15) for r in range(title_rows[0], title_rows[1] + 1))
    return (paper_h - 2 * END_MARGIN_PT) / scale - header


def keep_merges_on_pages(
    ws: Worksheet,
    rows: range,
    merges: Iterable[tuple[int, int, int, int]],
    capacity: float,
    above: float = 0.0,
) -> list[int]:
    """Page breaks (after these rows) so that no merged cell shorter than a page is cut in two.

    Excel and LibreOffice print a merged cell's text once, across the page break when the cells
    straddle one; a break before the group keeps "区应急局" whole. `capacity` is a page's room
    for body rows (`page_rows`), `above` what the first page holds before them (the title).
    """
    heights = {r: float(ws.row_dimensions[r].height or 15) for r in rows}
    reach = {r: r for r in rows}
    for r0, _c0, r1, _c1 in merges:
        if r0 in reach and r1 in reach and sum(heights[r] for r in range(r0, r1 + 1)) <= capacity:
            for r in range(r0, r1 + 1):
                reach[r] = max(reach[r], r1)
    breaks: list[int] = []
    used = above
    r = rows.start
    while r < rows.stop:
        end, k = reach[r], r
        while k <= end:  # merges that overlap chain into one block
            end = max(end, reach[k])
            k += 1
        block = sum(heights[k] for k in range(r, end + 1))
        if used + block > capacity and r > rows.start:
            breaks.append(r - 1)
            used = 0.0
        used += block
        r = end + 1
    for row in breaks:
        ws.row_breaks.append(Break(id=row))
    return breaks


def print_setup(ws: Worksheet, *, landscape: bool, title_rows: tuple[int, int] | None, last_col: int) -> None:
    """A4, fitted to the page width, header rows on every page, "第 n 页 共 m 页" in the footer."""
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages tall as needed
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_options.horizontalCentered = True
    # Margins in inches: 15 mm at the sides, 20 mm top and bottom, the footer 10 mm up.
    ws.page_margins = PageMargins(left=0.59, right=0.59, top=0.79, bottom=0.79, header=0.3, footer=0.39)
    assert ws.oddFooter is not None  # noqa: S101 — openpyxl creates it with the sheet (a type narrowing)
    footer = ws.oddFooter.center
    footer.text = "第 &P 页 共 &N 页"
    footer.size = 10
    if title_rows is not None:
        ws.print_title_rows = f"{title_rows[0]}:{title_rows[1]}"
    ws.print_area = f"A1:{get_column_letter(last_col)}{ws.max_row}"
