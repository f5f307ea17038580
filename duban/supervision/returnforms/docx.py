"""The Word return form: a landscape table to fill in by hand or in Word, keyed by hidden text."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.shared import Mm
from docx.table import _Cell
from docx.text.paragraph import Paragraph

from duban.core.model import decimal_str
from duban.core.render.docx import LANDSCAPE_MARGINS_MM, add_run
from duban.core.render.spec import xml_safe
from duban.supervision.models import Round
from duban.supervision.returnforms import texts
from duban.supervision.returnforms.layout import (
    COLUMNS,
    FORMAT,
    ID_HEADER,
    ITEM,
    PERCENT,
    PREV_PROGRESS,
    PROGRESS,
    SEQ,
    WORD_ROW_MM,
    WORD_WIDTHS_MM,
    round_key,
)
from duban.units.models import Unit


def write_docx(rnd: Round, unit: Unit, rows: list[dict[str, Any]], path: Path) -> Path:
    word = docx.Document()
    section = word.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.top_margin = Mm(LANDSCAPE_MARGINS_MM["top"])
    section.bottom_margin = Mm(LANDSCAPE_MARGINS_MM["bottom"])
    section.left_margin = Mm(LANDSCAPE_MARGINS_MM["left"])
    section.right_margin = Mm(LANDSCAPE_MARGINS_MM["right"])
    word.core_properties.title = xml_safe(texts.title(rnd).replace("\n", " "))
    word.core_properties.identifier = round_key(rnd.pk, unit.pk)
    word.core_properties.subject = FORMAT

    title = word.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for i, line in enumerate(texts.title(rnd).split("\n")):
        run = add_run(title, line, "方正小标宋简体", 18)
        if i == 0:
            run.add_break()
    info = word.add_paragraph()
    add_run(info, texts.info(rnd, unit), "仿宋_GB2312", 14)
    add_run(info, round_key(rnd.pk, unit.pk), "仿宋_GB2312", 14).font.hidden = True
    add_run(word.add_paragraph(), texts.instructions(rnd.task_list.kind, excel=False), "仿宋_GB2312", 12)

    shown = COLUMNS[1:]
    table = word.add_table(rows=1 + len(rows), cols=len(shown))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    block = Mm(297 - LANDSCAPE_MARGINS_MM["left"] - LANDSCAPE_MARGINS_MM["right"])
    total = sum(WORD_WIDTHS_MM.values())
    for c, name in enumerate(shown):
        width = int(block * WORD_WIDTHS_MM[name] / total)
        table.columns[c].width = width
        for cell in table.columns[c].cells:
            cell.width = width
    header = table.rows[0]
    header._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))  # repeat on every page
    for c, name in enumerate(shown):
        _cell_text(header.cells[c], name, "黑体", centre=True)
    for r, values in enumerate(rows, start=1):
        table.rows[r].height = Mm(WORD_ROW_MM)
        table.rows[r].height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
        cells = table.rows[r].cells
        for c, name in enumerate(shown):
            value = values[name]
            text = "—" if name == PERCENT and not values["has_target"] else _display(value)
            par = _cell_text(
                cells[c], text, "仿宋_GB2312", centre=name not in (ITEM, PREV_PROGRESS, PROGRESS)
            )
            if name == SEQ:
                add_run(par, f"#{values[ID_HEADER]}", "仿宋_GB2312", 10.5).font.hidden = True
    word.save(str(path))
    return path


def _display(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return decimal_str(value)
    return str(value)


def _cell_text(cell: _Cell, text: str, font: str, centre: bool) -> Paragraph:
    lines = text.split("\n")
    par = cell.paragraphs[0]
    for i, line in enumerate(lines):
        p = par if i == 0 else cell.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER if centre else WD_ALIGN_PARAGRAPH.LEFT
        if line:
            add_run(p, line, font, 10.5)
    return cell.paragraphs[0]
