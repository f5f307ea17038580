"""Render an `OfficialDoc` to Word following GB/T 9704-2012 (党政机关公文格式).

Page (§5.2): A4 portrait, 天头 37 mm, 订口 28 mm; the text block (版心) is 156 × 225 mm, so the
bottom margin is 297 − 37 − 225 = 35 mm and the right one 210 − 28 − 156 = 26 mm.

Grid (§7.1): 22 lines of 28 characters of 3号 (16 pt) type, set so that Word, WPS and
LibreOffice lay it out alike. A ``linesAndChars`` document grid does not do that: LibreOffice 7.4
gives each 16 pt character two 15.8 pt grid cells and sets 14 a line. Instead:

* every line of the body is exactly ``LINE_TWIPS`` = ⌊block height / 22⌋ = ⌊12756 / 22⌋ = 579
  twips (28.95 pt) high, as exact paragraph line spacing, and the section's grid is
  ``type="lines"`` with that pitch, so that text typed later in Word snaps to the same lines;
* characters are condensed by ``CHAR_SPACING`` = ⌊(8845 / 20 / 28 − 16) × 20⌋ = −5 twentieths
  of a point (−0.25 pt), so that 28 characters of 15.75 pt (441 pt) fill the 442.25 pt line
  and a 29th does not fit (−4 would give 15.8 pt, and 28 × 15.8 pt overflows by 0.15 pt).

Both use the page and margins as stored, in whole twips (11906 × 16838; 1587, 1474, 2098 and
1984). tests/core/test_render_layout.py counts the lines through LibreOffice's PDF.

版头 (§7.2): the 发文机关标志 in red 小标宋 35 mm below the top of the text block, the 发文字号 two
lines under it, a red line the width of the text block 4 mm under the number. The title (§7.3.1)
follows two lines under the red line, broken into lines by meaning (`titles`). A letter (信函格式,
§10.1) has its 标志 30 mm from the top of the paper with a red double line under it and another
20 mm from the bottom, the number flush right, and no page number on its first page.

Landscape annexes (§10.1: the table head sits on the binding side of odd pages) turn the
portrait page a quarter turn: top = 订口 (28 mm), bottom = 26 mm, left = 35 mm, right = 37 mm,
leaving a 225 × 156 mm block. Word cannot vary this between odd and even pages, and the page
number of a landscape page stays at its own bottom edge.

Page numbers (§7.5): "— 1 —" in 4号 (14 pt) 宋体, odd pages right with one character's space,
even pages left; the document turns on even/odd footers and each footer holds a PAGE field.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import BinaryIO

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.section import Section
from docx.shared import Length, Mm, Pt, Twips
from docx.text.paragraph import Paragraph

from duban.core.render.colophon import add_colophon
from duban.core.render.docx_tables import table_element
from duban.core.render.spec import DATE_BLANK, Annex, Heading, OfficialDoc, date_text, xml_safe
from duban.core.render.titles import char_width, title_lines
from duban.core.render.wordml import (
    RED,
    add_run,
    border,
    exact_lines,
    indent,
    no_grid,
    outline_level,
    set_char_spacing,
    set_fonts,
)

__all__ = [
    "LANDSCAPE_MARGINS_MM",
    "add_page_numbers",
    "add_run",
    "block_twips",
    "char_width",
    "grid_values",
    "render_docx",
    "set_defaults",
    "set_grid",
    "set_page",
]

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
H1_FONT = "黑体"
H2_FONT = "楷体_GB2312"
PAGE_FONT = "宋体"
HEADING_FONTS = {1: H1_FONT, 2: H2_FONT, 3: BODY_FONT, 4: BODY_FONT}

SIZE_2 = 22.0  # 2号
SIZE_3 = 16.0  # 3号
SIZE_4 = 14.0  # 4号
TABLE_SIZE = 10.5  # 五号: the standard leaves tables free; 五号 fits the long progress texts
# 发文机关标志: 初号 (42 pt) 小标宋, narrowed (w:w) when the name is too long for the line, and
# made smaller only below half width (§7.2.2 leaves the size to the issuer, "醒目、美观、庄重").
MARK_SIZE = 42.0
MARK_MIN_SCALE = 50
TITLE_LINE_TWIPS = 700

PAGE_MM = (210.0, 297.0)
MARGINS_MM = {"top": 37.0, "bottom": 35.0, "left": 28.0, "right": 26.0}
# Landscape: the portrait page turned a quarter, the binding edge on top (see module doc).
LANDSCAPE_MARGINS_MM = {"top": 28.0, "bottom": 26.0, "left": 35.0, "right": 37.0}
LINES_PER_PAGE = 22
CHARS_PER_LINE = 28
# The page number's dash sits 7 mm under the text block (35 mm margin): its 14 pt line
# (about 5 mm) then ends about 23 mm above the paper's edge.
FOOTER_DISTANCE = Mm(23)
KEEP_WITH_SIGNATURE_LINES = 6

EMU_PER_TWIP = 635
TWIPS_PER_MM = 1440 / 25.4


def render_docx(doc: OfficialDoc, out: str | Path | BinaryIO) -> None:
    """Write `doc` as a .docx file (path or binary stream) laid out per GB/T 9704-2012."""
    word = Document()
    section = word.sections[0]
    set_page(section, landscape=False)
    line, spacing = grid_values(section)
    set_defaults(word, line, spacing)
    word.settings.odd_and_even_pages_header_footer = True
    set_grid(section, line)
    add_page_numbers(section)
    lines = title_lines(doc.title_issuer(), doc.title)
    word.core_properties.title = xml_safe("".join(lines))
    word.core_properties.author = xml_safe(doc.issuer)

    if doc.is_letter():
        _letter_head(word, section, doc)
    else:
        _file_head(word, doc)
    _title(word, lines)
    if doc.recipients_line():
        _blank(word)
        _text_par(word, doc.recipients_line(), BODY_FONT, SIZE_3)
    for block in doc.body:
        if isinstance(block, Heading):
            par = _text_par(word, block.text, HEADING_FONTS[block.level], SIZE_3, indent_chars=2)
            if block.run_in:
                add_run(par, block.run_in, BODY_FONT, SIZE_3)
            outline_level(par, block.level - 1)
        else:
            _text_par(word, block.text, BODY_FONT, SIZE_3, indent_chars=2)
    _closing(word, doc)

    for annex in doc.annexes:
        _add_annex(word, annex)
    if doc.copy_to or doc.printer or doc.print_date:
        if doc.annexes:
            _colophon_page(word, line)
        last = word.sections[-1]
        add_colophon(
            word, doc, block_twips(last)[0], int(last.page_height or 0) - int(last.bottom_margin or 0)
        )
    word.save(str(out) if isinstance(out, Path) else out)


# --- page setup ----------------------------------------------------------------------------


def set_page(section: Section, landscape: bool) -> None:
    """A4 with the standard's margins, portrait or turned a quarter for landscape (module doc)."""
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
    """(line height in twips, character spacing in twentieths of a point) for 22 × 28 (module doc)."""
    width, height = block_twips(section)
    line = height // LINES_PER_PAGE
    spacing = math.floor((width / 20 / CHARS_PER_LINE - font_pt) * 20)
    return line, spacing


def block_twips(section: Section) -> tuple[int, int]:
    """The text block's width and height in twips."""

    def tw(length: Length | None) -> int:
        return round(int(length or 0) / EMU_PER_TWIP)

    width = tw(section.page_width) - tw(section.left_margin) - tw(section.right_margin)
    height = tw(section.page_height) - tw(section.top_margin) - tw(section.bottom_margin)
    return width, height


def set_grid(section: Section, line: int | None) -> None:
    """The section's document grid. Body sections get a lines-only grid of the body's line height; annex sections none
    (tables set their own line heights, and a 29 pt grid line under 五号 cell text breaks rows)."""
    sect_pr = section._sectPr
    grid = sect_pr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        sect_pr.append(grid)
    grid.attrib.clear()
    if line:
        grid.set(qn("w:type"), "lines")
        grid.set(qn("w:linePitch"), str(line))


def set_defaults(word: DocxDocument, line: int | None, spacing: int) -> None:
    """Normal: 仿宋 16 pt, condensed to 28 a line, exact 22-a-page lines, Chinese; no paragraph spacing.

    `line` None keeps single line spacing (a form, whose paragraphs are not on the body grid).
    """
    styles = word.styles.element
    r_pr = styles.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    if r_pr is not None:
        set_fonts(r_pr, BODY_FONT)
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
    normal_rpr = normal.element.get_or_add_rPr()
    set_fonts(normal_rpr, BODY_FONT)
    set_char_spacing(normal_rpr, spacing)
    fmt = normal.paragraph_format
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    if line:
        fmt.line_spacing = Twips(line)
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    else:
        fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    fmt.widow_control = True
    # Chinese line-breaking rules (no 、。 at a line start) in Word; themeFontLang says zh-CN.
    theme_lang = word.settings.element.find(qn("w:themeFontLang"))
    if theme_lang is not None:
        theme_lang.set(qn("w:eastAsia"), "zh-CN")


# --- text ----------------------------------------------------------------------------------


def _text_par(
    word: DocxDocument,
    text: str,
    font: str,
    size: float,
    align: WD_ALIGN_PARAGRAPH | None = None,
    indent_chars: float = 0,
) -> Paragraph:
    par = word.add_paragraph()
    if align is not None:
        par.alignment = align
    if indent_chars:
        indent(par, first=indent_chars, size=size)
    if text:
        add_run(par, text, font, size)
    return par


def _blank(word: DocxDocument) -> Paragraph:
    return word.add_paragraph()


def _mark_run(par: Paragraph, mark: str) -> None:
    """The 发文机关标志 in red 小标宋, narrowed to fit the text block (see MARK_SIZE)."""
    width = char_width(mark) or 1.0
    block_pt = 156 * 72 / 25.4
    scale = min(100, math.floor(block_pt / (width * MARK_SIZE) * 100))
    size = MARK_SIZE
    if scale < MARK_MIN_SCALE:
        size = math.floor(block_pt / (width * MARK_MIN_SCALE / 100))
        scale = MARK_MIN_SCALE
    add_run(par, mark, TITLE_FONT, size, color=RED, spacing=0, scale=scale if scale < 100 else None)


def _file_head(word: DocxDocument, doc: OfficialDoc) -> None:
    """文件格式 版头 (§7.2): 标志 35 mm down, 发文字号 two lines under it, the red line 4 mm under that."""
    mark = doc.mark_text()
    if not mark:
        if doc.number:
            _text_par(word, doc.number, BODY_FONT, SIZE_3, align=WD_ALIGN_PARAGRAPH.CENTER)
        return
    par = _text_par(word, "", TITLE_FONT, MARK_SIZE, align=WD_ALIGN_PARAGRAPH.CENTER)
    # The mark's line is 48 pt: 35 mm (99.2 pt) to its glyphs' top is about 96 pt before it.
    exact_lines(par, twips=960, before=round(96 * 20))
    no_grid(par)  # off the grid: LibreOffice would round its 48 pt line up to two grid lines
    _mark_run(par, mark)
    _blank(word)
    _blank(word)
    number = _text_par(word, doc.number, BODY_FONT, SIZE_3, align=WD_ALIGN_PARAGRAPH.CENTER)
    # 4 mm under the number's glyphs: the line box already ends about 2 mm under them.
    border(number, "bottom", eighths=12, space=6)


def _letter_head(word: DocxDocument, section: Section, doc: OfficialDoc) -> None:
    """信函格式 版头 (§10.1), in the first page's own header and footer (no page number there)."""
    section.different_first_page_header_footer = True
    header = section.first_page_header
    header.is_linked_to_previous = False
    section.header_distance = Mm(30)
    par = header.paragraphs[0]
    par.alignment = WD_ALIGN_PARAGRAPH.CENTER
    exact_lines(par, twips=960)
    no_grid(par)
    if doc.mark_text():
        _mark_run(par, doc.mark_text())
    # A red double line, thick over thin, 170 mm long: 7 mm past each side of the text block.
    border(par, "bottom", val="thickThinSmallGap", eighths=24, space=4)
    par.paragraph_format.left_indent = par.paragraph_format.right_indent = Mm(-7)
    footer = section.first_page_footer
    footer.is_linked_to_previous = False
    foot = footer.paragraphs[0]
    exact_lines(foot, twips=20)  # a hairline paragraph: the line sits on the footer's top
    border(foot, "top", val="thinThickSmallGap", eighths=24, space=0)
    foot.paragraph_format.left_indent = foot.paragraph_format.right_indent = Mm(-7)
    if doc.number:
        _text_par(word, doc.number, BODY_FONT, SIZE_3, align=WD_ALIGN_PARAGRAPH.RIGHT)


def _title(word: DocxDocument, lines: list[str]) -> None:
    """标题 (§7.3.1): two lines under the 版头, 2号 小标宋, centred, one line per meaning-broken line."""
    _blank(word)
    _blank(word)
    par = word.add_paragraph()
    par.alignment = WD_ALIGN_PARAGRAPH.CENTER
    # 2号 lines at the customary exact 35 pt: closer than two body lines, so the title reads as one.
    exact_lines(par, twips=TITLE_LINE_TWIPS)
    no_grid(par)
    for i, text in enumerate(lines):
        run = add_run(par, text, TITLE_FONT, SIZE_2, spacing=0)
        if i < len(lines) - 1:
            run.add_break()


def _attachment_note(word: DocxDocument, names: list[str]) -> list[Paragraph]:
    """附件说明 (§7.3.4): "附件：1.…" two characters in; a long name wraps under its own first character."""
    lead = "附件："
    pars = []
    for i, name in enumerate(names):
        label = f"{i + 1}." if len(names) > 1 else ""
        # First line starts 2 characters in; the name starts after "附件：" and the number.
        text_at = 2 + char_width(lead) + char_width(label)
        first_at = 2 if i == 0 else 2 + char_width(lead)
        par = word.add_paragraph()
        indent(par, size=SIZE_3, left=text_at, hanging=text_at - first_at)
        add_run(par, (lead if i == 0 else "") + label + name, BODY_FONT, SIZE_3)
        pars.append(par)
    return pars


def _closing(word: DocxDocument, doc: OfficialDoc) -> None:
    """附件说明, 署名 and 成文日期 (§7.3.4–7.3.5), kept on one page with the end of the body.

    Unsealed (§7.3.5.2): one line under the text, the name two characters from the right, the
    date under it starting two characters right of the name (or the date two from the right and
    the name moved left when the date is longer). Sealed (§7.3.5.1): room for the seal, the date
    four characters from the right and the name centred over it.
    """
    kept: list[Paragraph] = list(word.paragraphs[-1:])
    if doc.attachments:
        kept.append(_blank(word))
        kept += _attachment_note(word, doc.attachments)
    date = date_text(doc.date) if doc.date else "".join(DATE_BLANK)
    if doc.signature or doc.date:
        sig_w, date_w = char_width(doc.signature), char_width(date)
        if doc.sealed:
            kept += [_blank(word), _blank(word)]
            date_right = 4.0
            sig_right = max(date_right + (date_w - sig_w) / 2, 0.0)
        else:
            kept.append(_blank(word))
            sig_right = 2.0
            date_right = sig_right + sig_w - 2 - date_w
            if date_right < 2:
                date_right = 2.0
                sig_right = date_right + date_w + 2 - sig_w
        if doc.signature:
            par = word.add_paragraph()
            par.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            indent(par, size=SIZE_3, right=sig_right)
            add_run(par, doc.signature, BODY_FONT, SIZE_3)
            kept.append(par)
        par = word.add_paragraph()
        par.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        indent(par, size=SIZE_3, right=date_right)
        if doc.date:
            add_run(par, date, BODY_FONT, SIZE_3)
        else:  # a visible blank to fill in: the figures' places underlined
            for i, part in enumerate(DATE_BLANK):
                add_run(par, part, BODY_FONT, SIZE_3, underline=i % 2 == 0)
        kept.append(par)
    # "此页无正文" is not allowed (§7.3.5.1): the signature never stands alone on a page. The
    # last body paragraph joins the chain only when short: LibreOffice moves a keep-with-next
    # paragraph to the next page whole, and a long one would leave most of a page empty.
    if kept and kept[0].text and char_width(kept[0].text) > KEEP_WITH_SIGNATURE_LINES * CHARS_PER_LINE:
        kept = kept[1:]
    for par in kept[:-1]:
        par.paragraph_format.keep_with_next = True


def _colophon_page(word: DocxDocument, line: int) -> None:
    """A page of its own for the 版记 after the annexes (§8: the annexes come before it), on an
    even page, the back of the last sheet; neither it nor a blank page before it is numbered (§7.5)."""
    section = word.add_section(WD_SECTION.EVEN_PAGE)
    set_page(section, landscape=False)
    set_grid(section, line)
    section.different_first_page_header_footer = False
    for footer in (section.footer, section.even_page_footer):
        footer.is_linked_to_previous = False
        for par in footer.paragraphs:
            for child in list(par._p):
                if child.tag != qn("w:pPr"):
                    par._p.remove(child)


# --- page numbers --------------------------------------------------------------------------


def add_page_numbers(section: Section) -> None:
    """Page numbers (§7.5). Odd pages: "— n —" right, one character in; even pages: left, one character in."""
    for footer, odd in ((section.footer, True), (section.even_page_footer, False)):
        footer.is_linked_to_previous = False
        par = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
        par.alignment = WD_ALIGN_PARAGRAPH.RIGHT if odd else WD_ALIGN_PARAGRAPH.LEFT
        no_grid(par)
        par.paragraph_format.line_spacing = 1.0
        if odd:
            indent(par, size=SIZE_4, right=1)
        else:
            indent(par, size=SIZE_4, left=1)
        add_run(par, "— ", PAGE_FONT, SIZE_4, spacing=0)
        _field(par, "PAGE", "1")
        add_run(par, " —", PAGE_FONT, SIZE_4, spacing=0)


def _field(par: Paragraph, instruction: str, placeholder: str) -> None:
    """A complex field (begin, instruction, separate, cached result, end), every run in 宋体."""

    def fld(kind: str) -> None:
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), kind)
        add_run(par, "", PAGE_FONT, SIZE_4, spacing=0)._r.append(el)

    fld("begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    add_run(par, "", PAGE_FONT, SIZE_4, spacing=0)._r.append(instr)
    fld("separate")
    add_run(par, placeholder, PAGE_FONT, SIZE_4, spacing=0)
    fld("end")


# --- annexes -------------------------------------------------------------------------------


def _add_annex(word: DocxDocument, annex: Annex) -> None:
    """A new section (page) with "附件N" top left, the title on line 3, then the table and notes."""
    section = word.add_section(WD_SECTION.NEW_PAGE)
    set_page(section, landscape=annex.landscape)
    set_grid(section, None)
    section.different_first_page_header_footer = False
    _text_par(word, annex.label, H1_FONT, SIZE_3)
    _blank(word)
    title = word.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    exact_lines(title, twips=TITLE_LINE_TWIPS)
    no_grid(title)
    width, _ = block_twips(section)
    lines = title_lines("", annex.title, width=math.floor(width / 20 / SIZE_2))
    for i, text in enumerate(lines):
        run = add_run(title, text, TITLE_FONT, SIZE_2, spacing=0)
        if i < len(lines) - 1:
            run.add_break()
    _blank(word)
    tbl = table_element(annex.table, width, H1_FONT, BODY_FONT, TABLE_SIZE)
    # The table goes before the body's final w:sectPr, where python-docx adds paragraphs.
    word.element.body.sectPr.addprevious(tbl)
    for note in annex.notes:
        par = _text_par(word, note, BODY_FONT, TABLE_SIZE)
        no_grid(par)
        par.paragraph_format.line_spacing = 1.0
