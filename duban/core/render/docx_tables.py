"""Annex tables written straight as WordprocessingML, one pass over the rows.

python-docx's `Table.cell(r, c)` rebuilds the whole cell grid on every call, so filling a
table through it costs rows² (the sample bulletin took 17 s). Here each row's `w:tr` is written
once from the `AnnexTable` spec — merges as `w:gridSpan` and `w:vMerge`, exactly as python-docx's
own `merge` leaves them — and the table is parsed into the document in one piece, so the time
grows with the number of cells.
"""

from __future__ import annotations

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.oxml.xmlchemy import BaseOxmlElement

from duban.core.render.spec import AnnexTable, HeaderCell
from duban.core.render.wordml import run_xml

# Cell text is set solid, not on the body's exact 28.95 pt lines (the Normal style's).
SINGLE_LINES = '<w:spacing w:line="240" w:lineRule="auto"/>'
_BODY_ROW = "<w:tr><w:trPr><w:cantSplit/></w:trPr>"
# Cell padding in twips: a little air above and below the text, narrow sides to save width.
CELL_MARGINS = {"top": 28, "left": 57, "bottom": 28, "right": 57}


def table_element(
    spec: AnnexTable,
    block_twips: int,
    header_font: str,
    body_font: str,
    size: float,
    *,
    row_marks: list[str] | None = None,
    min_row_twips: int = 0,
) -> BaseOxmlElement:
    """The `w:tbl` of an annex table, its columns scaled to fill `block_twips` (the text width).

    `row_marks` are hidden texts, one per body row, put after the text of the row's first cell
    (a return form's item key); `min_row_twips` gives body rows room to write in by hand.
    """
    spec.check()
    total = sum(spec.col_widths_mm) or 1.0
    widths = [int(block_twips * w / total) for w in spec.col_widths_mm]
    half_points = round(size * 2)
    n_head = len(spec.header)
    height = n_head + len(spec.rows)

    # (row, col) → (text, font, centred, row_span, col_span) for cells that start a rectangle;
    # (row, col) → (col_span, first) for the rows a vertical merge continues into.
    starts: dict[tuple[int, int], tuple[str, str, bool, int, int]] = {}
    continued: dict[tuple[int, int], int] = {}
    covered: set[tuple[int, int]] = set()

    def place(r: int, c: int, text: str, font: str, centred: bool, rows: int, cols: int) -> None:
        starts[(r, c)] = (text, font, centred, rows, cols)
        for rr in range(r, r + rows):
            for cc in range(c, c + cols):
                if (rr, cc) != (r, c):
                    covered.add((rr, cc))
            if rr > r:
                continued[(rr, c)] = cols

    cell: HeaderCell
    for r, c, cell in spec.header_slots():
        place(r, c, cell.text, header_font, True, cell.row_span, cell.col_span)
    merged = {(r0, c0): (r1 - r0 + 1, c1 - c0 + 1) for r0, c0, r1, c1 in spec.merges}
    for r, values in enumerate(spec.rows):
        for c, text in enumerate(values):
            if (n_head + r, c) in covered:
                continue
            rows, cols = merged.get((r, c), (1, 1))
            place(n_head + r, c, text, body_font, spec.centred(c), rows, cols)

    parts = [f"<w:tbl {nsdecls('w')}>", _table_properties(), "<w:tblGrid>"]
    parts += [f'<w:gridCol w:w="{w}"/>' for w in widths]
    parts.append("</w:tblGrid>")
    body_row = _BODY_ROW
    if min_row_twips:
        body_row = (
            f'<w:tr><w:trPr><w:cantSplit/><w:trHeight w:val="{min_row_twips}" w:hRule="atLeast"/></w:trPr>'
        )
    for r in range(height):
        head = r < n_head
        # Rows do not break across pages (a row taller than a page still does): a fragment of
        # a row alone at the top of a page reads as a row of its own.
        parts.append("<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>" if head else body_row)
        for c in range(spec.columns):
            if (r, c) in starts:
                text, font, centred, rows, cols = starts[(r, c)]
                merge = "restart" if rows > 1 else None
                mark = row_marks[r - n_head] if row_marks and not head and c == 0 else ""
                xml = _cell(sum(widths[c : c + cols]), cols, merge, text, font, centred, half_points)
                if mark:  # after the cell's first line, before its paragraph ends
                    xml = xml.replace("</w:p>", run_xml(mark, font, half_points, hidden=True) + "</w:p>", 1)
                parts.append(xml)
            elif (r, c) in continued:
                cols = continued[(r, c)]
                parts.append(
                    _cell(sum(widths[c : c + cols]), cols, "continue", "", body_font, True, half_points)
                )
        parts.append("</w:tr>")
    parts.append("</w:tbl>")
    element: BaseOxmlElement = parse_xml("".join(parts))
    return element


def _table_properties() -> str:
    margins = "".join(f'<w:{side} w:w="{w}" w:type="dxa"/>' for side, w in CELL_MARGINS.items())
    borders = "".join(
        f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
        for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    return (
        '<w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:type="auto" w:w="0"/><w:jc w:val="center"/>'
        f'<w:tblBorders>{borders}</w:tblBorders><w:tblLayout w:type="fixed"/>'
        f'<w:tblCellMar>{margins}</w:tblCellMar><w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" '
        'w:firstColumn="1" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr>'
    )


def _cell(
    width: int, cols: int, merge: str | None, text: str, font: str, centred: bool, half_points: int
) -> str:
    """One w:tc: width, span, vertical merge, centred vertically; a paragraph per line, off the grid."""
    props = f'<w:tcW w:w="{width}" w:type="dxa"/>'
    if cols > 1:
        props += f'<w:gridSpan w:val="{cols}"/>'
    if merge == "restart":
        props += '<w:vMerge w:val="restart"/>'
    elif merge == "continue":
        props += "<w:vMerge/>"
    props += '<w:vAlign w:val="center"/>'
    align = "center" if centred else "both"
    paragraphs = "".join(
        f'<w:p><w:pPr><w:snapToGrid w:val="0"/>{SINGLE_LINES}<w:jc w:val="{align}"/></w:pPr>'
        + (run_xml(line, font, half_points) if line else "")
        + "</w:p>"
        for line in (text.split("\n") if merge != "continue" else [""])
    )
    return f"<w:tc><w:tcPr>{props}</w:tcPr>{paragraphs}</w:tc>"
