"""Word (.docx) reader: body paragraphs and tables, in document order, as blocks."""

from __future__ import annotations

from collections.abc import Iterator
from io import BytesIO
from typing import Any

import docx
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph as DocxParagraph

from duban.core.model import Block, Cell, Paragraph, Source, Table

_P = qn("w:p")
_TBL = qn("w:tbl")
_SDT = qn("w:sdt")
_SDT_CONTENT = qn("w:sdtContent")
_H_MERGE = qn("w:hMerge")
_VAL = qn("w:val")


def read_docx(data: bytes, path: str = "") -> Source:
    """Read a .docx; raises whatever python-docx raises on a corrupt file (the caller wraps it)."""
    document = docx.Document(BytesIO(data))
    blocks: list[Block] = []
    # Walk the body XML rather than `document.paragraphs`/`.tables`, which lose their order.
    for index, element in enumerate(_body_children(document.element.body), start=1):
        if element.tag == _P:
            text = _paragraph_text(element, document)
            if text:
                blocks.append(Paragraph(text, index))
        else:
            rows = _rows(element, document)
            if rows:
                blocks.append(Table(rows=rows, line=index))
    return Source(path=path, blocks=blocks)


def _body_children(parent: Any) -> Iterator[Any]:
    for child in parent.iterchildren():
        if child.tag in (_P, _TBL):
            yield child
        elif child.tag == _SDT:
            # Content controls (common in government templates) wrap ordinary paragraphs.
            for content in child.iterchildren(_SDT_CONTENT):
                yield from _body_children(content)


def _paragraph_text(p: Any, parent: Any) -> str:
    return str(DocxParagraph(p, parent).text).strip()


def _rows(tbl: Any, parent: Any) -> list[list[Cell]]:
    rows: list[list[Cell]] = []
    for tr in tbl.tr_lst:
        row: list[Cell] = []
        for tc in tr.tc_lst:
            if _h_merge_continues(tc):
                continue  # legacy horizontal merge: the cell already appeared once
            if tc.vMerge is not None and tc.vMerge != "restart":
                row.append(Cell("", merged=True))
                continue
            # A gridSpan cell is a single <w:tc>, so it appears once by construction.
            lines = [_paragraph_text(p, parent) for p in tc.iter(_P)]
            # Empty paragraphs inside a cell carry no meaning (and cannot exist in the .txt layout).
            row.append(Cell("\n".join(line for line in lines if line)))
        if any(cell.text for cell in row):
            rows.append(row)
    return rows


def _h_merge_continues(tc: Any) -> bool:
    tc_pr = tc.tcPr
    if tc_pr is None:
        return False
    h_merge = tc_pr.find(_H_MERGE)
    return h_merge is not None and h_merge.get(_VAL) != "restart"
