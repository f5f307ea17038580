"""What to render: an official document and its annex tables, as plain dataclasses.

The renderers (`docx.render_docx`, `xlsx.render_xlsx`) take these and know nothing of parsing;
`annexes` builds the tables from the core records.

Table geometry follows HTML: `AnnexTable.header` lists, for each header row, the cells that
*start* in that row, left to right; a cell with `row_span=2` also covers the slot below it, so
the next row lists only the cells of the remaining slots. Body rows are always full width (one
string per column); a body merge is a rectangle `(r0, c0, r1, c1)` of body-row and column
indexes, inclusive, whose text is the text of its top-left cell (the others are ignored).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal


@dataclass(frozen=True)
class Heading:
    """A heading of the body: "一、" (黑体), "（一）" (楷体), "1." or "（1）" (仿宋), levels 1 to 4.

    `run_in` is body text that follows the heading in the same paragraph, as in
    "一、提高思想认识，奋力创优争先。省政府……": the heading keeps its font, the rest is 仿宋.
    """

    level: Literal[1, 2, 3, 4]
    text: str
    run_in: str = ""


@dataclass(frozen=True)
class Para:
    """A paragraph of running body text (仿宋, first line indented two characters)."""

    text: str


Block = Heading | Para

Merge = tuple[int, int, int, int]  # (r0, c0, r1, c1), inclusive

# XML 1.0 has no place for most control characters; Word and Excel files would be refused.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """The text without the characters an XML file cannot hold (control characters)."""
    return _NOT_XML.sub("", text)


# Columns narrower than this (序号, 单位, √, percentages) are centred by the renderers; wider
# ones hold prose and are justified.
CENTRE_BELOW_MM = 30.0


@dataclass(frozen=True)
class HeaderCell:
    """One header cell, spanning `row_span` header rows and `col_span` columns."""

    text: str
    row_span: int = 1
    col_span: int = 1


@dataclass
class AnnexTable:
    """A table with header rows (spans), full-width body rows and rectangular body merges.

    `col_widths_mm` are the column widths on paper; the Word renderer scales them
    proportionally when they do not add up to the text width of the page.
    `status_columns` are the columns holding a "√" mark for one of several exclusive states
    (工作进度 split into 基本完成 / 常态化或按时序推进 / 相对滞后): the Excel renderer adds a
    plain-text column with the state's name so that users can filter on it.
    """

    header: list[list[HeaderCell]]
    rows: list[list[str]]
    col_widths_mm: list[float]
    merges: list[Merge] = field(default_factory=list)
    status_columns: list[int] = field(default_factory=list)

    def centred(self, col: int) -> bool:
        """Whether body text of this column is centred (narrow columns) rather than justified."""
        return self.col_widths_mm[col] < CENTRE_BELOW_MM

    @property
    def columns(self) -> int:
        """Number of columns, from the widths."""
        return len(self.col_widths_mm)

    def header_slots(self) -> list[tuple[int, int, HeaderCell]]:
        """Place the header cells on the grid: (row, col, cell) for each cell, in order.

        Raises ValueError when the spans do not tile the header exactly.
        """
        taken: set[tuple[int, int]] = set()
        placed: list[tuple[int, int, HeaderCell]] = []
        height = len(self.header)
        for r, cells in enumerate(self.header):
            c = 0
            for cell in cells:
                while (r, c) in taken:
                    c += 1
                if r + cell.row_span > height or c + cell.col_span > self.columns:
                    raise ValueError(f"header cell {cell.text!r} at ({r}, {c}) overflows the table")
                for rr in range(r, r + cell.row_span):
                    for cc in range(c, c + cell.col_span):
                        if (rr, cc) in taken:
                            raise ValueError(f"header cell {cell.text!r} overlaps at ({rr}, {cc})")
                        taken.add((rr, cc))
                placed.append((r, c, cell))
                c += cell.col_span
        if len(taken) != height * self.columns:
            raise ValueError("header cells do not cover every slot of the header")
        return placed

    def leaf_labels(self) -> list[str]:
        """For each column, the text of the lowest header cell covering it."""
        labels = [""] * self.columns
        lowest = [-1] * self.columns
        for r, c, cell in self.header_slots():
            for cc in range(c, c + cell.col_span):
                if r + cell.row_span - 1 > lowest[cc]:
                    lowest[cc] = r + cell.row_span - 1
                    labels[cc] = cell.text
        return labels

    def check(self) -> None:
        """Raise ValueError unless rows, widths, merges and status columns agree."""
        self.header_slots()
        for i, row in enumerate(self.rows):
            if len(row) != self.columns:
                raise ValueError(f"body row {i} has {len(row)} cells, expected {self.columns}")
        seen: set[tuple[int, int]] = set()
        for r0, c0, r1, c1 in self.merges:
            if not (0 <= r0 <= r1 < len(self.rows) and 0 <= c0 <= c1 < self.columns):
                raise ValueError(f"merge {(r0, c0, r1, c1)} is outside the body")
            slots = {(r, c) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)}
            if slots & seen:
                raise ValueError(f"merge {(r0, c0, r1, c1)} overlaps another merge")
            seen |= slots
        if any(not 0 <= c < self.columns for c in self.status_columns):
            raise ValueError("a status column is outside the table")


@dataclass
class Annex:
    """One attachment (附件) of a document: its label ("附件1"), title, table and notes."""

    label: str
    title: str
    table: AnnexTable
    notes: list[str] = field(default_factory=list)
    landscape: bool = True


class DocKind(StrEnum):
    """The kinds of Word document duban writes; each has its own 版头 (see `OfficialDoc.mark_text`)."""

    BULLETIN = "bulletin"  # 督查通报
    APPOINTMENT = "appointment"  # 任免通知
    NOTICE = "notice"  # 通知 (a 任务分解 sent out with 印发)
    ORDER = "order"  # 督办单
    FORM = "form"  # 回执表: a table for a unit to fill in, without 版头
    OTHER = "other"


# Kinds whose 发文机关标志 is the issuer followed by 文件 (GB/T 9704-2012 §7.2.2, 文件格式).
_FILE_KINDS = (DocKind.BULLETIN, DocKind.APPOINTMENT, DocKind.NOTICE, DocKind.OTHER)


@dataclass
class OfficialDoc:
    """An official document (公文) ready to render: the 版头, the 主体, the annexes and the 版记.

    `title` is the 事由 and 文种 ("关于…的通报"), with or without the issuer in front; the
    renderers put the issuer in front when it is missing (`title_issuer`) and break the title by
    meaning (`titles.title_lines`) unless it already holds line breaks. `attachments` are the
    names listed in the 附件说明; `annexes` are the tables appended after the signature, each
    on its own page. `date` is the 成文日期 the office gives; None leaves a visible blank to fill
    in, never a date taken from elsewhere. `copy_to`, `printer` and `print_date` make the
    版记 (抄送 line, 印发机关 and 印发日期), written only when one of them is given.
    """

    number: str
    issuer: str
    title: str
    recipients: str
    body: list[Block]
    attachments: list[str]
    signature: str
    date: datetime.date | None
    annexes: list[Annex] = field(default_factory=list)
    kind: DocKind = DocKind.OTHER
    mark: str | None = None  # 发文机关标志; None: from the kind and issuer (see mark_text)
    copy_to: list[str] = field(default_factory=list)  # 抄送机关
    printer: str = ""  # 印发机关
    print_date: datetime.date | None = None  # 印发日期
    letter: bool | None = None  # 信函格式 (§10.1); None: when the number is a 函 (…函〔2024〕9号)
    sealed: bool = False  # 加盖印章: the date four characters from the right, room for the seal

    def mark_text(self) -> str:
        """The 发文机关标志: the caller's, else the issuer (+ 文件 for the file format), "" for none."""
        if self.mark is not None:
            return self.mark
        if self.kind is DocKind.FORM or not self.issuer:
            return ""
        if self.kind in _FILE_KINDS and not self.is_letter():
            return f"{self.issuer}文件"
        return self.issuer

    def title_issuer(self) -> str:
        """The authority the title names first (§7.3.1); none for a 督办单 or a form, whose
        版头 already says who sends them."""
        return "" if self.kind in (DocKind.ORDER, DocKind.FORM) else self.issuer

    def is_letter(self) -> bool:
        """Whether the document is laid out as a letter (信函格式, §10.1): asked for, or a 函 number."""
        if self.letter is not None:
            return self.letter
        return "函〔" in self.number

    def recipients_line(self) -> str:
        """主送机关 ending with exactly one full-width colon (§7.3.2); "" when there is none."""
        text = self.recipients.strip().rstrip(":：").strip()
        return f"{text}：" if text else ""


# The blank left for a 成文日期 the office has not given: (blank, 年, blank, 月, blank, 日), the
# blanks in full-width spaces, wide enough to write the figures in by hand.
DATE_BLANK = ("\u3000\u3000", "年", "\u3000", "月", "\u3000", "日")


def date_text(day: datetime.date | None) -> str:
    """成文日期 in Arabic numerals without leading zeros (§7.3.5.1); "____年__月__日" when None."""
    if day is None:
        return "".join(part if i % 2 else "__" * len(part) for i, part in enumerate(DATE_BLANK))
    return f"{day.year}年{day.month}月{day.day}日"
