"""WordprocessingML details the renderers share: fonts, runs, indents, spacing, borders.

python-docx covers the common properties; the rest (character spacing and scale, paragraph
borders, East Asian fonts) are set on the XML here, each child inserted at its place in the
schema's sequence — Word refuses a file whose property elements are out of order.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from docx.enum.text import WD_LINE_SPACING, WD_UNDERLINE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Pt, RGBColor, Twips
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from duban.core.render.spec import xml_safe

RED = RGBColor(0xFF, 0x00, 0x00)

# The w:rPr children after w:spacing / w:w, and the w:pPr children after w:pBdr, in schema order.
_AFTER_SPACING = (
    "w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect", "w:bdr", "w:shd",
    "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang", "w:eastAsianLayout", "w:specVanish",
    "w:oMath",
)  # fmt: skip
_AFTER_PBDR = (
    "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
    "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid",
    "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
    "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle",
    "w:rPr", "w:sectPr", "w:pPrChange",
)  # fmt: skip


def set_fonts(r_pr: BaseOxmlElement, name: str) -> None:
    """Set every script's font, East Asian included, on a w:rPr element."""
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        r_pr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), name)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)


def set_char_spacing(r_pr: BaseOxmlElement, twentieths: int | None = None, scale: int | None = None) -> None:
    """Character spacing (w:spacing, twentieths of a point) and horizontal scale (w:w, percent)."""
    for tag, value, successors in (
        ("w:spacing", twentieths, ("w:w", *_AFTER_SPACING)),
        ("w:w", scale, _AFTER_SPACING[1:]),
    ):
        if value is None:
            continue
        el = r_pr.find(qn(tag))
        if el is None:
            el = OxmlElement(tag)
            r_pr.insert_element_before(el, *successors)
        el.set(qn("w:val"), str(value))


def add_run(
    par: Paragraph,
    text: str,
    font: str,
    size: float,
    bold: bool = False,
    *,
    color: RGBColor | None = None,
    spacing: int | None = None,
    scale: int | None = None,
    underline: bool = False,
) -> Run:
    """A run in `font` for every script (python-docx sets only the Latin one by itself)."""
    run = par.add_run(xml_safe(text))
    run.font.size = Pt(size)
    run.font.bold = bold or None
    if color is not None:
        run.font.color.rgb = color
    if underline:
        run.font.underline = WD_UNDERLINE.SINGLE
    r_pr = run._r.get_or_add_rPr()
    set_fonts(r_pr, font)
    set_char_spacing(r_pr, spacing, scale)
    return run


def indent(
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
    if ind is None:
        return
    for attr, chars in (("leftChars", left), ("rightChars", right), ("firstLineChars", first)):
        if chars:
            ind.set(qn(f"w:{attr}"), str(round(chars * 100)))
    if hanging:
        ind.set(qn("w:hangingChars"), str(round(hanging * 100)))


def exact_lines(par: Paragraph, twips: int, before: int = 0, after: int = 0) -> None:
    """Exact line height (twips) and space before/after: the same in Word, WPS and LibreOffice."""
    fmt = par.paragraph_format
    fmt.line_spacing = Twips(twips)
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.space_before = Twips(before)
    fmt.space_after = Twips(after)


def border(
    par: Paragraph,
    side: str,
    *,
    val: str = "single",
    eighths: int = 12,
    space: int = 0,
    color: str = "FF0000",
) -> None:
    """A paragraph border line (`side`: top/bottom), `eighths` of a point thick, `space` pt off the text."""
    p_pr = par._p.get_or_add_pPr()
    bdr = p_pr.find(qn("w:pBdr"))
    if bdr is None:
        bdr = OxmlElement("w:pBdr")
        p_pr.insert_element_before(bdr, *_AFTER_PBDR)
    el = OxmlElement(f"w:{side}")
    el.set(qn("w:val"), val)
    el.set(qn("w:sz"), str(eighths))
    el.set(qn("w:space"), str(space))
    el.set(qn("w:color"), color)
    order = ["top", "left", "bottom", "right", "between", "bar"]
    later = [bdr.find(qn(f"w:{s}")) for s in order[order.index(side) + 1 :]]
    following = next((e for e in later if e is not None), None)
    if following is not None:
        following.addprevious(el)
    else:
        bdr.append(el)


def outline_level(par: Paragraph, level: int) -> None:
    """The heading's level in Word's navigation pane (0 for 一、, 1 for （一） …)."""
    el = OxmlElement("w:outlineLvl")
    el.set(qn("w:val"), str(level))
    par._p.get_or_add_pPr().insert_element_before(el, *_AFTER_PBDR[_AFTER_PBDR.index("w:divId") :])


def no_grid(par: Paragraph) -> None:
    """Let a paragraph keep its font's own line height instead of the page's grid line."""
    el = OxmlElement("w:snapToGrid")
    el.set(qn("w:val"), "0")
    par._p.get_or_add_pPr().insert_element_before(el, *_AFTER_PBDR[_AFTER_PBDR.index("w:spacing") :])


# --- raw XML for bulk content (table cells) -------------------------------------------------


def run_xml(text: str, font: str, half_points: int, bold: bool = False, hidden: bool = False) -> str:
    """A w:r element as XML text: the properties `add_run` writes, at normal character spacing.

    `hidden` (w:vanish) text is not printed but stays in the file when users edit around it.
    """
    safe = escape(xml_safe(text))
    props = (
        f'<w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:eastAsia="{font}" w:cs="{font}"/>'
        + ("<w:b/>" if bold else "")
        + ("<w:vanish/>" if hidden else "")
        + f'<w:spacing w:val="0"/><w:sz w:val="{half_points}"/>'
    )
    return f'<w:r><w:rPr>{props}</w:rPr><w:t xml:space="preserve">{safe}</w:t></w:r>'
