"""Render an `OfficialDoc` to Word following GB/T 9704-2012 (党政机关公文格式).

Page and grid (GB/T 9704-2012 §5.2, §7.1): A4 portrait, 天头 37 mm, 订口 28 mm; the text
block (版心) is 156 × 225 mm, so the bottom margin is 297 − 37 − 225 = 35 mm and the right one
210 − 28 − 156 = 26 mm. The block holds 22 lines of 28 characters of 3号 (16 pt) type, set by
the section's document grid (``w:docGrid w:type="linesAndChars"``):

* ``linePitch`` (twips) = ⌊block height in twips / 22⌋ = ⌊12756 / 22⌋ = 579.
* ``charSpace`` is the pitch added to the default font size, in 1/4096 pt:
  ⌊(block width in pt / 28 − 16) × 4096⌋ = ⌊(8845 / 20 / 28 − 16) × 4096⌋ = ⌊−841.1⌋ = −842.
  Rounded down so that Word's own ⌊width / pitch⌋ still yields 28, not 27.

Both use the page and margins as stored, in whole twips (11906 × 16838; 1587, 1474, 2098 and
1984), and the default font size is 16 pt so that the grid's base is the body text's size.
LibreOffice 7.4 (Debian 12) gives each 16 pt character two 15.8 pt grid cells (14 per line); Word
and WPS set 28.

Landscape annexes (§10.1: the table head sits on the binding side of odd pages) turn the
portrait page a quarter turn: top = 订口 (28 mm), bottom = 26 mm, left = 35 mm, right = 37 mm,
leaving a 225 × 156 mm block. Word cannot vary this between odd and even pages, and the page
number of a landscape page stays at its own bottom edge.

Page numbers (§7.5): "— 1 —" in 4号 (14 pt) 宋体, odd pages right with one character's space,
even pages left; the document turns on even/odd footers and each footer holds a PAGE field.
"""

from __future__ import annotations

import math
import unicodedata
from pathlib import Path
from typing import BinaryIO

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.section import Section
from docx.shared import Emu, Length, Mm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from duban.core.render.spec import Annex, Heading, OfficialDoc, xml_safe

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
H1_FONT = "黑体"
H2_FONT = "楷体_GB2312"
PAGE_FONT = "宋体"

SIZE_2 = 22.0  # 2号
SIZE_3 = 16.0  # 3号
SIZE_4 = 14.0  # 4号
TABLE_SIZE = 10.5  # 五号: the standard leaves tables free; 五号 fits the long progress texts

PAGE_MM = (210.0, 297.0)
MARGINS_MM = {"top": 37.0, "bottom": 35.0, "left": 28.0, "right": 26.0}
# Landscape: the portrait page turned a quarter, the binding edge on top (see module doc).
LANDSCAPE_MARGINS_MM = {"top": 28.0, "bottom": 26.0, "left": 35.0, "right": 37.0}
LINES_PER_PAGE = 22
CHARS_PER_LINE = 28
# The page number's dash sits 7 mm under the text block (35 mm margin): its 14 pt line
# (about 5 mm) then ends about 23 mm above the paper's edge.
FOOTER_DISTANCE = Mm(23)

EMU_PER_TWIP = 635


def render_docx(doc: OfficialDoc, out: str | Path | BinaryIO) -> None:
    """Write `doc` as a .docx file (path or binary stream) laid out per GB/T 9704-2012."""
    word = Document()
    _set_defaults(word)
    word.settings.odd_and_even_pages_header_footer = True
    section = word.sections[0]
    _set_page(section, landscape=False)
    _set_grid(section, chars=True)
    _add_page_numbers(section)
    word.core_properties.title = xml_safe(doc.title.replace("\n", ""))
    word.core_properties.author = xml_safe(doc.issuer)

    if doc.number:
        _text_par(word, doc.number, BODY_FONT, SIZE_3, align=WD_ALIGN_PARAGRAPH.CENTER)
        _blank(word)
    _title(word, doc.title)
    _blank(word)
    if doc.recipients:
        _text_par(word, doc.recipients, BODY_FONT, SIZE_3)
    for block in doc.body:
        if isinstance(block, Heading):
            font = H1_FONT if block.level == 1 else H2_FONT
            par = _text_par(word, block.text, font, SIZE_3, indent_chars=2)
            _outline_level(par, block.level - 1)
        else:
            _text_par(word, block.text, BODY_FONT, SIZE_3, indent_chars=2)
    if doc.attachments:
        _blank(word)
        _attachment_note(word, doc.attachments)
    _blank(word)
    _signature(word, doc.signature, _date_text(doc))

    for annex in doc.annexes:
        _add_annex(word, annex)
    word.save(str(out) if isinstance(out, Path) else out)


# --- page setup ----------------------------------------------------------------------------


def _set_page(section: Section, landscape: bool) -> None:
    width, height = PAGE_MM
    margins = LANDSCAPE_MARGINS_MM if landscape else MARGINS_MM
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width = Mm(height if landscape else width)
    section.page_height = Mm(width if landscape else height)
    section.top_margin = Mm(margins["top"])
    section.bottom_margin = Mm(margins["bottom"])
    section.left_margin = Mm(margins["left"])
    section.right_margin = Mm(margins["right"])
    section.footer_distance = FOOTER_DISTANCE
    section.gutter = Mm(0)


def grid_values(section: Section, font_pt: float = SIZE_3) -> tuple[int, int]:
    """(linePitch in twips, charSpace in 1/4096 pt) giving 22 lines × 28 characters (see module doc)."""
    width, height = _text_block_twips(section)
    line_pitch = height // LINES_PER_PAGE
    char_space = math.floor((width / 20 / CHARS_PER_LINE - font_pt) * 4096)
    return line_pitch, char_space


def _text_block_twips(section: Section) -> tuple[int, int]:
    def tw(length: Length | None) -> int:
        return round(int(length or 0) / EMU_PER_TWIP)

    width = tw(section.page_width) - tw(section.left_margin) - tw(section.right_margin)
    height = tw(section.page_height) - tw(section.top_margin) - tw(section.bottom_margin)
    return width, height


def _set_grid(section: Section, chars: bool) -> None:
    """Body sections get the lines-and-characters grid; annex sections none (tables set their
    own line heights, and a 29 pt grid line under 五号 cell text breaks row heights)."""
    sect_pr = section._sectPr
    grid = sect_pr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        sect_pr.append(grid)
    line_pitch, char_space = grid_values(section)
    grid.attrib.clear()
    if chars:
        grid.set(qn("w:type"), "linesAndChars")
        grid.set(qn("w:linePitch"), str(line_pitch))
        grid.set(qn("w:charSpace"), str(char_space))


def _set_defaults(word: DocxDocument) -> None:
    """Default run: 仿宋 16 pt (the grid's base size), Chinese language; no paragraph spacing."""
    styles = word.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is not None:
        r_pr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
        if r_pr is not None:
            _set_rpr_fonts(r_pr, BODY_FONT)
            for tag in ("w:sz", "w:szCs"):
                el = r_pr.find(qn(tag))
                if el is None:
                    el = OxmlElement(tag)
                    r_pr.append(el)
                el.set(qn("w:val"), str(int(SIZE_3 * 2)))
            lang = r_pr.find(qn("w:lang"))
            if lang is None:
                lang = OxmlElement("w:lang")
                r_pr.append(lang)
            lang.set(qn("w:eastAsia"), "zh-CN")
    normal = word.styles["Normal"]
    normal.font.size = Pt(SIZE_3)
    _set_rpr_fonts(normal.element.get_or_add_rPr(), BODY_FONT)
    fmt = normal.paragraph_format
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE


# --- text ----------------------------------------------------------------------------------


def _set_rpr_fonts(r_pr: BaseOxmlElement, name: str) -> None:
    """Set every script's font, East Asian included, on a w:rPr element."""
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        r_pr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), name)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)


def add_run(par: Paragraph, text: str, font: str, size: float, bold: bool = False) -> Run:
    """A run in `font` for every script (python-docx sets only the Latin one by itself)."""
    run = par.add_run(xml_safe(text))
    run.font.size = Pt(size)
    run.font.bold = bold or None
    _set_rpr_fonts(run._r.get_or_add_rPr(), font)
    return run


def _text_par(
    container: DocxDocument | _Cell,
    text: str,
    font: str,
    size: float,
    align: WD_ALIGN_PARAGRAPH | None = None,
    indent_chars: float = 0,
) -> Paragraph:
    par = container.add_paragraph()
    if align is not None:
        par.alignment = align
    if indent_chars:
        _indent(par, first=indent_chars, size=size)
    if text:
        add_run(par, text, font, size)
    return par


def _blank(word: DocxDocument) -> None:
    word.add_paragraph()


def _indent(
    par: Paragraph, size: float, first: float = 0, left: float = 0, hanging: float = 0, right: float = 0
) -> None:
    """Indent in characters: the *Chars attributes (hundredths of a character, which Word
    measures on the grid) plus twips for readers that ignore them."""
    fmt = par.paragraph_format
    if left:
        fmt.left_indent = Pt(left * size)
    if right:
        fmt.right_indent = Pt(right * size)
    if first:
        fmt.first_line_indent = Pt(first * size)
    if hanging:
        fmt.first_line_indent = Pt(-hanging * size)
    ind = par._p.get_or_add_pPr().find(qn("w:ind"))
    assert ind is not None
    for attr, chars in (("leftChars", left), ("rightChars", right), ("firstLineChars", first)):
        if chars:
            ind.set(qn(f"w:{attr}"), str(round(chars * 100)))
    if hanging:
        ind.set(qn("w:hangingChars"), str(round(hanging * 100)))


def _outline_level(par: Paragraph, level: int) -> None:
    p_pr = par._p.get_or_add_pPr()
    el = OxmlElement("w:outlineLvl")
    el.set(qn("w:val"), str(level))
    p_pr.insert_element_before(el, "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")


def _no_grid(par: Paragraph) -> None:
    """Let a paragraph keep its font's own line height instead of a 29 pt grid line."""
    el = OxmlElement("w:snapToGrid")
    el.set(qn("w:val"), "0")
    par._p.get_or_add_pPr().insert_element_before(
        el, "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
        "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId",
        "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
    )  # fmt: skip


def _title(word: DocxDocument, title: str) -> None:
    """标题: 2号 小标宋, centred; line breaks in the text are kept (titles are broken by meaning)."""
    par = word.add_paragraph()
    par.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for i, line in enumerate(title.split("\n")):
        run = add_run(par, line, TITLE_FONT, SIZE_2)
        if i < len(title.split("\n")) - 1:
            run.add_break()


def char_width(text: str) -> float:
    """Width in full-width characters: CJK and full-width forms count 1, the rest 0.5."""
    return sum(1.0 if unicodedata.east_asian_width(ch) in "FW" else 0.5 for ch in text)


def _attachment_note(word: DocxDocument, names: list[str]) -> None:
    """附件说明 (§7.3.4): "附件：1.…" two characters in; a long name wraps under its own first character."""
    lead = "附件："
    for i, name in enumerate(names):
        label = f"{i + 1}." if len(names) > 1 else ""
        # First line starts 2 characters in; the name starts after "附件：" and the number.
        text_at = 2 + char_width(lead) + char_width(label)
        first_at = 2 if i == 0 else 2 + char_width(lead)
        par = word.add_paragraph()
        _indent(par, size=SIZE_3, left=text_at, hanging=text_at - first_at)
        add_run(par, (lead if i == 0 else "") + label + name, BODY_FONT, SIZE_3)


def _date_text(doc: OfficialDoc) -> str:
    """成文日期 in Arabic numerals without leading zeros (§7.3.5.1): 2024年7月9日."""
    d = doc.date
    return f"{d.year}年{d.month}月{d.day}日"


def _signature(word: DocxDocument, signature: str, date: str) -> None:
    """署名 two characters from the right; the date below starts two characters right of it (§7.3.5.2).

    When the date is the longer one, the date keeps the two characters and the name moves left.
    """
    sig_w, date_w = char_width(signature), char_width(date)
    sig_right = 2.0
    date_right = sig_right + sig_w - 2 - date_w
    if date_right < 2:
        date_right = 2.0
        sig_right = date_right + date_w + 2 - sig_w
    for text, right in ((signature, sig_right), (date, date_right)):
        if not text:
            continue
        par = word.add_paragraph()
        par.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        _indent(par, size=SIZE_3, right=right)
        add_run(par, text, BODY_FONT, SIZE_3)


# --- page numbers --------------------------------------------------------------------------


def _add_page_numbers(section: Section) -> None:
    """Odd pages: "— n —" right, one character in; even pages: left, one character in."""
    for footer, odd in ((section.footer, True), (section.even_page_footer, False)):
        footer.is_linked_to_previous = False
        par = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
        par.alignment = WD_ALIGN_PARAGRAPH.RIGHT if odd else WD_ALIGN_PARAGRAPH.LEFT
        _no_grid(par)
        if odd:
            _indent(par, size=SIZE_4, right=1)
        else:
            _indent(par, size=SIZE_4, left=1)
        add_run(par, "— ", PAGE_FONT, SIZE_4)
        _field(par, "PAGE", "1")
        add_run(par, " —", PAGE_FONT, SIZE_4)


def _field(par: Paragraph, instruction: str, placeholder: str) -> None:
    """A complex field (begin, instruction, separate, cached result, end), every run in 宋体."""

    def fld(kind: str) -> None:
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), kind)
        add_run(par, "", PAGE_FONT, SIZE_4)._r.append(el)

    fld("begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    add_run(par, "", PAGE_FONT, SIZE_4)._r.append(instr)
    fld("separate")
    add_run(par, placeholder, PAGE_FONT, SIZE_4)
    fld("end")


# --- annexes -------------------------------------------------------------------------------


def _add_annex(word: DocxDocument, annex: Annex) -> None:
    """A new section (page) with "附件N" top left, the title on line 3, then the table and notes."""
    section = word.add_section(WD_SECTION.NEW_PAGE)
    _set_page(section, landscape=annex.landscape)
    _set_grid(section, chars=False)
    _text_par(word, annex.label, H1_FONT, SIZE_3)
    _blank(word)
    _title(word, annex.title)
    _blank(word)
    _table(word, annex, section)
    for note in annex.notes:
        _no_grid(_text_par(word, note, BODY_FONT, TABLE_SIZE))


def _table(word: DocxDocument, annex: Annex, section: Section) -> Table:
    spec = annex.table
    spec.check()
    n_head = len(spec.header)
    table = word.add_table(rows=n_head + len(spec.rows), cols=spec.columns)
    table.style = "Table Grid"
    table.autofit = False
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _cell_margins(table, top=28, bottom=28, left=57, right=57)

    # Scale the widths to the text block so the table neither overflows nor floats short.
    block_emu = int(section.page_width or 0) - int(section.left_margin or 0) - int(section.right_margin or 0)
    total = sum(spec.col_widths_mm) or 1.0
    widths = [Emu(int(block_emu * w / total)) for w in spec.col_widths_mm]
    for col, width in zip(table.columns, widths, strict=True):
        col.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width
    for row in table.rows[:n_head]:
        tr_pr = row._tr.get_or_add_trPr()
        tr_pr.append(OxmlElement("w:cantSplit"))
        tr_pr.append(OxmlElement("w:tblHeader"))

    # Merge first: python-docx moves merged cells' paragraphs into the first one.
    for r, c, head in spec.header_slots():
        if head.row_span > 1 or head.col_span > 1:
            table.cell(r, c).merge(table.cell(r + head.row_span - 1, c + head.col_span - 1))
    for r0, c0, r1, c1 in spec.merges:
        table.cell(n_head + r0, c0).merge(table.cell(n_head + r1, c1))

    for r, c, head in spec.header_slots():
        _fill(table.cell(r, c), head.text, H1_FONT, centre=True)
    covered = {
        (r, c)
        for r0, c0, r1, c1 in spec.merges
        for r in range(r0, r1 + 1)
        for c in range(c0, c1 + 1)
        if (r, c) != (r0, c0)
    }
    for r, values in enumerate(spec.rows):
        for c, text in enumerate(values):
            if (r, c) not in covered:
                _fill(table.cell(n_head + r, c), text, BODY_FONT, centre=spec.centred(c))
    return table


def _cell_margins(table: Table, **twips: int) -> None:
    """Default cell padding: a little air above and below the text, narrow sides to save width."""
    mar = OxmlElement("w:tblCellMar")
    for side in ("top", "left", "bottom", "right"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:w"), str(twips[side]))
        el.set(qn("w:type"), "dxa")
        mar.append(el)
    table._tbl.tblPr.insert_element_before(
        mar, "w:tblLook", "w:tblCaption", "w:tblDescription", "w:tblPrChange"
    )


def _fill(cell: _Cell, text: str, font: str, centre: bool) -> None:
    """Write one cell: a paragraph per line, off the page grid, vertically centred."""
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    lines = text.split("\n")
    first = cell.paragraphs[0]
    for i, line in enumerate(lines):
        par = first if i == 0 else cell.add_paragraph()
        par.alignment = WD_ALIGN_PARAGRAPH.CENTER if centre else WD_ALIGN_PARAGRAPH.JUSTIFY
        _no_grid(par)
        if line:
            add_run(par, line, font, TABLE_SIZE)
