"""Return forms (回执表) a unit fills in: an Excel sheet and a Word table, from plain data.

The Django side (supervision/forms.py) decides what goes in — which items, last round's
progress, each task's 目标 — and builds a `ReturnForm`; these renderers lay it out:

* Excel: title, 填报单位 line and instructions over the table; a hidden, locked key column and a
  very hidden sheet holding `ReturnForm.key`, so that import finds each row by its key; the
  columns the unit fills are unlocked and pale yellow, the number column (完成比例) only where
  the row has a target (grey where not), with a drop-down for the status; 填报人 / 联系电话 /
  单位负责人 to fill under the table; rows fitted to their text; A4 with page numbers; sheet
  protection with the configured password.
* Word: a landscape page with page numbers, the same lines and table (rows tall enough to write
  in by hand, each row's key hidden in its first cell), the signers' line with blanks.
* A closed round's form (`read_only`) says 仅供查阅 in the file itself: a red banner on the
  sheet and on the page, every cell locked, and the Word file protected read-only.
"""

from __future__ import annotations

import base64
import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from duban.core.render import docx as word_render
from duban.core.render.docx_tables import table_element
from duban.core.render.sheet import Value, fit_row_heights, merge, print_setup, write_cell
from duban.core.render.spec import AnnexTable, HeaderCell
from duban.core.render.titles import title_lines
from duban.core.render.wordml import RED, add_run, exact_lines, no_grid
from duban.core.render.xlsx import BODY_FONT, BORDER, HEADER_FONT, TITLE_FONT

KEY_SHEET = "duban"
READ_ONLY = "仅供查阅"
READ_ONLY_NOTE = "仅供查阅：本轮调度已截止，本表不再接收填报。"
TO_FILL = PatternFill("solid", fgColor="FFF9E5")  # pale yellow: the cells the unit fills in
NOT_APPLICABLE = PatternFill("solid", fgColor="E7E6E6")  # grey: no quantified target
BANNER_FONT = Font(name="黑体", size=14, color="FF0000")
WORD_SIZE = 10.5


@dataclass(frozen=True)
class FormColumn:
    """One column: its header, Excel width (character units) and Word width (mm, 0: not shown).

    `fill`: the unit fills it in. `key`: the hidden column holding each row's key. `choices`:
    an Excel drop-down. `number`: an Excel decimal between these bounds, open only in rows
    with a target.
    """

    header: str
    width: float
    word_mm: float = 0.0
    fill: bool = False
    centred: bool = False
    key: bool = False
    choices: tuple[str, ...] = ()
    number: tuple[float, float] | None = None


@dataclass
class FormRow:
    """One item: its key (hidden in the file), its cells by column header, whether it has a target."""

    key: int | str
    values: dict[str, Value]
    has_target: bool = True


@dataclass
class ReturnForm:
    """A unit's return form for one round (see the module doc)."""

    title: str
    info: str
    instructions: str
    columns: list[FormColumn]
    rows: list[FormRow]
    key: dict[str, str | int] = field(default_factory=dict)  # the very hidden sheet's name → value
    identifier: str = ""  # the Word file's identifier property ("duban-round:12")
    signers: tuple[str, ...] = ("填报人", "联系电话", "单位负责人（签字）")
    read_only: bool = False
    password: str | None = None
    sheet_title: str = "回执表"


# --- Excel ---------------------------------------------------------------------------------------


def render_form_xlsx(form: ReturnForm, out: str | Path | BinaryIO) -> None:
    """Write the form as a workbook: the form sheet and the very hidden key sheet."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None  # noqa: S101 — narrows a type the code guarantees; not a check of input
    ws.title = form.sheet_title
    n_cols = len(form.columns)
    first = next((i for i, c in enumerate(form.columns, start=1) if not c.key), 1)
    top = 1
    merges: list[tuple[int, int, int, int]] = []
    lines: list[tuple[str, Font]] = [(READ_ONLY_NOTE, BANNER_FONT)] if form.read_only else []
    lines += [(form.title, TITLE_FONT), (form.info, BODY_FONT), (form.instructions, BODY_FONT)]
    for text, font in lines:
        centre = font is TITLE_FONT or font is BANNER_FONT
        align = Alignment(horizontal="center" if centre else "left", vertical="center", wrap_text=True)
        write_cell(ws, top, first, text, font=font, alignment=align)
        merges.append((top, first, top, n_cols))
        top += 1
    header_row, body_top = top, top + 1
    locked = Protection(locked=True)
    open_ = Protection(locked=False)
    for c, col in enumerate(form.columns, start=1):
        write_cell(ws, header_row, c, col.header, font=HEADER_FONT, border=BORDER, alignment=_CENTRED)
        ws.column_dimensions[get_column_letter(c)].width = col.width
        ws.column_dimensions[get_column_letter(c)].hidden = col.key
    for r, row in enumerate(form.rows, start=body_top):
        for c, col in enumerate(form.columns, start=1):
            value = row.key if col.key else row.values.get(col.header)
            open_here = col.fill and not form.read_only and (col.number is None or row.has_target)
            fill = (
                TO_FILL
                if open_here
                else NOT_APPLICABLE
                if col.number is not None and not row.has_target
                else None
            )
            write_cell(
                ws,
                r,
                c,
                value,
                font=BODY_FONT,
                border=BORDER,
                alignment=_CENTRED if col.centred else _LEFT,
                fill=fill,
                protection=open_ if open_here else locked,
            )
    end = body_top + max(len(form.rows), 1) - 1
    if not form.read_only:
        _validations(ws, form, body_top, end)
    signers_row = end + 2
    c = first
    for label in form.signers:  # "填报人：" then an open cell to fill in, and so on
        write_cell(ws, signers_row, c, f"{label}：", font=BODY_FONT, alignment=_RIGHT)
        if c + 1 <= n_cols:
            write_cell(
                ws,
                signers_row,
                c + 1,
                None,
                font=BODY_FONT,
                fill=None if form.read_only else TO_FILL,
                protection=locked if form.read_only else open_,
            )
        c += 2
    widths = {c: col.width for c, col in enumerate(form.columns, start=1) if not col.key}
    fit_row_heights(ws, range(1, signers_row + 1), widths, merges, minimum=20.0)
    for r0, c0, r1, c1 in merges:
        merge(ws, r0, c0, r1, c1)

    ws.protection.sheet = True
    ws.protection.formatRows = False  # rows may be made taller for long answers
    ws.protection.formatColumns = False
    if form.password:
        ws.protection.password = form.password
    ws.freeze_panes = f"{get_column_letter(min(first + 1, n_cols))}{body_top}"
    print_setup(ws, landscape=True, title_rows=(header_row, header_row), last_col=n_cols)
    ws.print_area = f"{get_column_letter(first)}1:{get_column_letter(n_cols)}{signers_row}"
    if form.read_only:
        assert ws.oddHeader is not None  # noqa: S101 — narrows a type the code guarantees; not a check of input
        ws.oddHeader.center.text = READ_ONLY
        ws.oddHeader.center.color = "FF0000"

    key = wb.create_sheet(KEY_SHEET)
    for r, (name, value) in enumerate(form.key.items(), start=1):
        write_cell(key, r, 1, name)
        write_cell(key, r, 2, value)
    key.sheet_state = "veryHidden"
    key.protection.sheet = True
    if form.password:
        key.protection.password = form.password
    wb.properties.title = form.title.replace("\n", " ")
    if form.read_only:
        wb.properties.keywords = READ_ONLY
    wb.save(str(out) if isinstance(out, Path) else out)


_CENTRED = Alignment(horizontal="center", vertical="center", wrap_text=True)
_LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
_RIGHT = Alignment(horizontal="right", vertical="center")


def _validations(ws: Worksheet, form: ReturnForm, top: int, end: int) -> None:
    """A drop-down for choice columns; a number between bounds in the rows with a target."""
    for c, col in enumerate(form.columns, start=1):
        letter = get_column_letter(c)
        if col.choices:
            choice = DataValidation(
                type="list",
                formula1='"' + ",".join(col.choices) + '"',
                allow_blank=True,
                showErrorMessage=True,
                errorTitle=col.header,
                error="请从下拉列表中选择：" + "、".join(col.choices),
            )
            choice.add(f"{letter}{top}:{letter}{end}")
            ws.add_data_validation(choice)
        if col.number is not None:
            low, high = col.number
            number = DataValidation(
                type="decimal",
                operator="between",
                formula1=str(low),
                formula2=str(high),
                allow_blank=True,
                showErrorMessage=True,
                errorTitle=col.header,
                error=f"{col.header}请填写数字，如 85 或 85.5",
            )
            for r, row in enumerate(form.rows, start=top):
                if row.has_target:
                    number.add(f"{letter}{r}")
            if number.sqref:  # an empty range would make Excel repair the file
                ws.add_data_validation(number)


# --- Word ----------------------------------------------------------------------------------------


WORD_ROW_MM = 14  # room to write by hand on a printed form


def render_form_docx(form: ReturnForm, out: str | Path | BinaryIO) -> None:
    """Write the form as a landscape Word table with page numbers (see the module doc)."""
    word = Document()
    section = word.sections[0]
    word_render.set_page(section, landscape=True)  # GB/T 9704's page turned a quarter
    word_render.set_defaults(word, line=None, spacing=0)
    word.settings.odd_and_even_pages_header_footer = True
    word_render.set_grid(section, None)
    word_render.add_page_numbers(section)
    word.core_properties.title = form.title.replace("\n", " ")
    word.core_properties.identifier = form.identifier
    if form.read_only:
        word.core_properties.keywords = READ_ONLY
        _protect_read_only(word, form.password)
        banner = word.add_paragraph()
        banner.alignment = WD_ALIGN_PARAGRAPH.CENTER
        add_run(banner, READ_ONLY_NOTE, word_render.H1_FONT, word_render.SIZE_3, color=RED)

    width, _ = word_render.block_twips(section)
    title = word.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    exact_lines(title, twips=word_render.TITLE_LINE_TWIPS)
    no_grid(title)
    lines = [p for part in form.title.split("\n") for p in title_lines("", part, width=width // 20 // 22)]
    for i, text in enumerate(lines):
        run = add_run(title, text, word_render.TITLE_FONT, word_render.SIZE_2)
        if i < len(lines) - 1:
            run.add_break()
    for text, size in ((form.info, 14.0), (form.instructions, 12.0)):
        par = word.add_paragraph()
        par.paragraph_format.line_spacing = 1.15
        add_run(par, text, word_render.BODY_FONT, size)

    shown = [c for c in form.columns if c.word_mm and not c.key]
    rows = [[_cell_text(row, col) for col in shown] for row in form.rows]
    table = AnnexTable(
        header=[[HeaderCell(c.header) for c in shown]],
        rows=rows,
        col_widths_mm=[c.word_mm for c in shown],
    )
    # Narrow columns (序号, 目标, 自评) centre; the prose ones justify (AnnexTable.centred).
    element = table_element(
        table,
        width,
        word_render.H1_FONT,
        word_render.BODY_FONT,
        WORD_SIZE,
        row_marks=[f"#{row.key}" for row in form.rows],
        min_row_twips=round(WORD_ROW_MM * word_render.TWIPS_PER_MM),
    )
    word.element.body.sectPr.addprevious(element)
    signers = word.add_paragraph()
    signers.paragraph_format.space_before = Pt(12)
    for label in form.signers:
        add_run(signers, f"{label}：", word_render.BODY_FONT, 14.0)
        add_run(signers, "\u3000" * 8, word_render.BODY_FONT, 14.0, underline=True)
        add_run(signers, "\u3000\u3000", word_render.BODY_FONT, 14.0)
    word.save(str(out) if isinstance(out, Path) else out)


def _cell_text(row: FormRow, col: FormColumn) -> str:
    if col.number is not None and not row.has_target:
        return "—"
    value = row.values.get(col.header)
    return "" if value is None else str(value)


def _protect_read_only(word: DocxDocument, password: str | None) -> None:
    """Word's read-only protection (w:documentProtection), with the password hashed as
    ECMA-376 §17.15.1.29 prescribes (SHA-512, salted, 100 000 rounds) when one is given."""
    settings = word.settings.element
    protection = OxmlElement("w:documentProtection")
    protection.set(qn("w:edit"), "readOnly")
    protection.set(qn("w:enforcement"), "1")
    if password:
        salt = os.urandom(16)
        spins = 100_000
        digest = hashlib.sha512(salt + password.encode("utf-16-le")).digest()
        for i in range(spins):
            digest = hashlib.sha512(digest + i.to_bytes(4, "little")).digest()
        for name, value in (
            ("w:algorithmName", "SHA-512"),
            ("w:hashValue", base64.b64encode(digest).decode()),
            ("w:saltValue", base64.b64encode(salt).decode()),
            ("w:spinCount", str(spins)),
        ):
            protection.set(qn(name), value)
    # In w:settings' sequence documentProtection follows w:zoom and w:proofState.
    before = settings.find(qn("w:proofState"))
    if before is None:
        before = settings.find(qn("w:zoom"))
    if before is not None:
        before.addnext(protection)
    else:
        settings.insert(0, protection)
