"""An official document as plain text, in the layout the .txt reader reads.

Tables use that layout too — each cell on its own line after a tab, rows separated by an empty
line, a merged continuation written as an empty cell — so a generated bulletin parses back into
the same records (tests/core/test_render_txt.py).
"""

from __future__ import annotations

from duban.core.render.colophon import colophon_lines
from duban.core.render.spec import AnnexTable, Heading, OfficialDoc, date_text


def render_text(doc: OfficialDoc) -> str:
    """The document in reading order: header, body, 附件说明, signature, date, annexes, 版记.

    A 成文日期 the office has not given is written as the blank "____年__月__日".
    """
    lines = [doc.number, "", doc.issuer, doc.title, "", doc.recipients_line()]
    lines += [block.text + block.run_in if isinstance(block, Heading) else block.text for block in doc.body]
    if doc.attachments:
        lines.append("")
        for i, title in enumerate(doc.attachments):
            lines.append(("附件：" if i == 0 else "") + f"{i + 1}.{title}")
    lines += ["", "", doc.signature, date_text(doc.date)]
    for annex in doc.annexes:
        lines += [annex.label, annex.title]
        lines += table_lines(annex.table)
        lines += ["", *annex.notes]
    if colophon := colophon_lines(doc):
        lines += ["", *colophon]
    return "\n".join(lines) + "\n"


def _one_paragraph_lines(text: str) -> str:
    """Cell text without empty lines (an empty line ends a row in this layout)."""
    return "\n".join(line for line in text.splitlines() if line.strip())


def table_lines(table: AnnexTable) -> list[str]:
    """Header and body rows in the tab layout: one cell per line, rows separated by empty lines."""
    rows: list[list[str]] = []
    height = len(table.header)
    grid: list[list[str | None]] = [[None] * table.columns for _ in range(height)]
    for r, c, cell in table.header_slots():
        grid[r][c] = cell.text
        for rr in range(r, r + cell.row_span):
            for cc in range(c, c + cell.col_span):
                if (rr, cc) != (r, c):
                    # Covered from the left: not written. Covered from above: an empty cell.
                    grid[rr][cc] = "" if cc == c else None
    rows += [[t for t in row if t is not None] for row in grid]
    covered: dict[tuple[int, int], str | None] = {}
    for r0, c0, r1, c1 in table.merges:
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                if (r, c) != (r0, c0):
                    covered[(r, c)] = "" if c == c0 else None
    for r, body in enumerate(table.rows):
        cells = [covered.get((r, c), text) if (r, c) in covered else text for c, text in enumerate(body)]
        rows.append([t for t in cells if t is not None])
    out: list[str] = []
    for row in rows:
        out += [f"\t{_one_paragraph_lines(cell)}" for cell in row]
        out.append("")
    return out
