"""版记 (GB/T 9704-2012 §7.4): 抄送 and 印发机关/印发日期 between rules at the foot of the last page.

"末条分隔线与公文最后一面的版心下边缘重合": the 版记 sits at the bottom of the text block wherever
the text ends. It is written as a text box anchored to the last paragraph, wrapping
top-and-bottom, placed so that its lower edge is the text block's, so that Word, WPS and
LibreOffice all put it there and push text that would run into it onto the next page. The
place is an offset from the top of the page: LibreOffice 7.4 ignores the bottom alignment of
floating tables and framed paragraphs, and aligns a drawing's to the top of the footer.

Inside: a thick rule (0.35 mm) above the first element and under the last, a thin one (0.25 mm)
between 抄送 and 印发, all the width of the text block; both lines in 4号 仿宋; 抄送 one character
in from each side, continued lines under the first name; the 印发机关 one character from the left
and the 印发日期 (with 印发) one character from the right. A letter's 版记 (§10.1) is the 抄送
line alone, without rules.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from duban.core.render.spec import OfficialDoc
from duban.core.render.titles import char_width

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument
# python-docx is imported where the Word 版记 is written: the text renderer reads
# colophon_lines from here, and commands that write text should not load python-docx.

FONT = "仿宋_GB2312"
SIZE = 14.0  # 4号
THICK = 8  # eighths of a point: 1 pt ≈ 0.35 mm
THIN = 6  # 0.75 pt ≈ 0.26 mm
CHAR_TWIPS = int(SIZE * 20)
LINE_TWIPS = 440  # 22 pt lines: 4号 with air above and below its rules
EMU_PER_TWIP = 635
_WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_WPS = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"


def copy_to_text(names: list[str]) -> str:
    """抄送：A，B，C。 — names separated by full-width commas, a full stop after the last."""
    return "抄送：" + "，".join(n.strip().rstrip("，。,.") for n in names if n.strip()) + "。"


def print_text(doc: OfficialDoc) -> tuple[str, str]:
    """(印发机关, "2024年8月9日印发"): the year in full, months and days without a leading zero."""
    day = doc.print_date
    return doc.printer, (f"{day.year}年{day.month}月{day.day}日印发" if day else "")


def colophon_lines(doc: OfficialDoc) -> list[str]:
    """The 版记's lines as text (抄送, then 印发机关 and 印发日期), for the text renderer and tests."""
    lines = [copy_to_text(doc.copy_to)] if doc.copy_to else []
    printer, printed = print_text(doc)
    if not doc.is_letter() and (printer or printed):
        lines.append(f"{printer}　　{printed}".strip())
    return lines


def add_colophon(word: DocxDocument, doc: OfficialDoc, block_twips: int, bottom_emu: int) -> None:
    """Append the 版记 after the document's last paragraph, floating with its lower edge at
    `bottom_emu` from the top of the page (the bottom of the text block)."""
    from docx.oxml import parse_xml

    from duban.core.render.wordml import run_xml

    rules = not doc.is_letter()
    parts: list[str] = []
    height = 0
    inner = block_twips - 2 * CHAR_TWIPS  # the text runs one character in from each side (§7.4.2)
    if doc.copy_to:
        if rules:
            parts.append(_rule(THICK))
        text = copy_to_text(doc.copy_to)
        hang = round(char_width("抄送：") * CHAR_TWIPS)
        first, rest = inner // CHAR_TWIPS, (inner - hang) // CHAR_TWIPS
        lines = 1 + max(0, math.ceil((char_width(text) - first) / rest))
        ind = f'<w:ind w:left="{CHAR_TWIPS + hang}" w:right="{CHAR_TWIPS}" w:hanging="{hang}"/>'
        parts.append(_paragraph("", ind, "both", run_xml(text, FONT, 28)))
        height += lines * LINE_TWIPS
    printer, printed = print_text(doc)
    if rules and (printer or printed):
        parts.append(_rule(THIN if doc.copy_to else THICK))
        # Tab stops count from the text block's left edge, not from the indent.
        tabs = f'<w:tabs><w:tab w:val="right" w:pos="{block_twips - CHAR_TWIPS}"/></w:tabs>'
        ind = f'<w:ind w:left="{CHAR_TWIPS}" w:right="{CHAR_TWIPS}"/>'
        content = run_xml(printer, FONT, 28) + "<w:r><w:tab/></w:r>" + run_xml(printed, FONT, 28)
        parts.append(_paragraph(tabs, ind, "left", content))
        height += LINE_TWIPS
    if not parts:
        return
    if rules:
        parts.append(_rule(THICK))
    height += sum(RULE_TWIPS for part in parts if "w:pBdr" in part)
    # The content sits on the box's bottom (bodyPr anchor="b"); the box is a little taller
    # than the lines add up to, so that no reader's rounding clips the last rule.
    par = word.add_paragraph()
    cy = (height + SLACK_TWIPS) * EMU_PER_TWIP
    par._p.append(parse_xml(_anchor(block_twips * EMU_PER_TWIP, cy, bottom_emu - cy, "".join(parts))))


# The rules are empty 1 pt paragraphs with a bottom border and no indent, so that they run the
# full width of the text block while the text between them is indented.
RULE_TWIPS = 20
SLACK_TWIPS = 200


def _rule(eighths: int) -> str:
    spacing = f'<w:spacing w:before="0" w:after="0" w:line="{RULE_TWIPS}" w:lineRule="exact"/>'
    border = f'<w:pBdr><w:bottom w:val="single" w:sz="{eighths}" w:space="0" w:color="auto"/></w:pBdr>'
    return f'<w:p><w:pPr>{border}<w:snapToGrid w:val="0"/>{spacing}<w:rPr><w:sz w:val="2"/></w:rPr></w:pPr></w:p>'


def _paragraph(tabs: str, ind: str, align: str, content: str) -> str:
    spacing = f'<w:spacing w:before="0" w:after="0" w:line="{LINE_TWIPS}" w:lineRule="exact"/>'
    return f'<w:p><w:pPr>{tabs}<w:snapToGrid w:val="0"/>{spacing}{ind}<w:jc w:val="{align}"/></w:pPr>{content}</w:p>'


def _anchor(cx: int, cy: int, top: int, content: str) -> str:
    """A w:r holding a borderless text box, centred on the text block, `top` EMU from the page's top."""
    from docx.oxml.ns import nsdecls

    return (
        f'<w:r {nsdecls("w")} xmlns:wp="{_WP}" xmlns:a="{_A}" xmlns:wps="{_WPS}"><w:drawing>'
        '<wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="1" '
        'behindDoc="0" locked="0" layoutInCell="1" allowOverlap="0"><wp:simplePos x="0" y="0"/>'
        '<wp:positionH relativeFrom="margin"><wp:align>center</wp:align></wp:positionH>'
        f'<wp:positionV relativeFrom="page"><wp:posOffset>{top}</wp:posOffset></wp:positionV>'
        f'<wp:extent cx="{cx}" cy="{cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapTopAndBottom/>'
        '<wp:docPr id="9704" name="版记"/><wp:cNvGraphicFramePr/>'
        f'<a:graphic><a:graphicData uri="{_WPS}"><wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr>'
        f'<a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/><a:ln><a:noFill/></a:ln></wps:spPr>'
        f"<wps:txbx><w:txbxContent>{content}</w:txbxContent></wps:txbx>"
        '<wps:bodyPr rot="0" vert="horz" wrap="square" lIns="0" tIns="0" rIns="0" bIns="0" anchor="b" '
        'anchorCtr="0"><a:noAutofit/></wps:bodyPr></wps:wsp></a:graphicData></a:graphic>'
        "</wp:anchor></w:drawing></w:r>"
    )
