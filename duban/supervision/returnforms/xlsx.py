"""The Excel return form: a locked sheet with the cells to fill in pale yellow, keyed by hidden ids."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.styles import Alignment, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.properties import PageSetupProperties

from duban.core.render.spec import xml_safe
from duban.core.render.xlsx import BODY_FONT, BORDER, HEADER_FONT, TITLE_FONT
from duban.supervision.models import MAX_PERCENT, Round
from duban.supervision.returnforms import texts
from duban.supervision.returnforms.layout import (
    COLUMNS,
    FILL_COLUMNS,
    FORMAT,
    KEY_SHEET,
    PERCENT,
    PREV_STATUS,
    SEQ,
    STATUS,
    TARGET,
    WIDTHS,
    status_labels,
)
from duban.units.models import Unit

TO_FILL = PatternFill("solid", fgColor="FFF9E5")  # pale yellow: the cells the unit fills in
NOT_APPLICABLE = PatternFill("solid", fgColor="E7E6E6")  # grey: no quantified target


def write_xlsx(rnd: Round, unit: Unit, rows: list[dict[str, Any]], path: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "回执表"
    n_cols = len(COLUMNS)
    col = {name: i for i, name in enumerate(COLUMNS, start=1)}
    last = get_column_letter(n_cols)
    header_row, body_top = 4, 5

    for r, text, font, height in (
        (1, texts.title(rnd), TITLE_FONT, 48),
        (2, texts.info(rnd, unit), BODY_FONT, 20),
        (3, texts.instructions(rnd.task_list.kind, excel=True), BODY_FONT, 36),
    ):
        cell = ws.cell(r, 2, xml_safe(text))
        cell.font = font
        cell.alignment = Alignment(
            horizontal="center" if r == 1 else "left", vertical="center", wrap_text=True
        )
        ws.merge_cells(start_row=r, start_column=2, end_row=r, end_column=n_cols)
        ws.row_dimensions[r].height = height
    for name, c in col.items():
        cell = ws.cell(header_row, c, name)
        cell.font = HEADER_FONT
        cell.border = BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.column_dimensions[get_column_letter(c)].width = WIDTHS[name]
    ws.column_dimensions["A"].hidden = True

    for i, values in enumerate(rows):
        r = body_top + i
        for name, c in col.items():
            value = values[name]
            cell = ws.cell(r, c, xml_safe(value) if isinstance(value, str) else value)
            cell.font = BODY_FONT
            cell.border = BORDER
            centred = name in (SEQ, TARGET, PREV_STATUS, PERCENT, STATUS)
            cell.alignment = Alignment(
                horizontal="center" if centred else "left", vertical="center", wrap_text=True
            )
            if name in FILL_COLUMNS and (name != PERCENT or values["has_target"]):
                cell.protection = Protection(locked=False)
                cell.fill = TO_FILL
            elif name == PERCENT:
                cell.fill = NOT_APPLICABLE

    end = body_top + max(len(rows), 1) - 1
    status_list = DataValidation(
        type="list",
        formula1='"' + ",".join(status_labels(rnd.task_list.kind)) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=STATUS,
        error="请从下拉列表中选择：" + "、".join(status_labels(rnd.task_list.kind)),
    )
    status_list.add(f"{get_column_letter(col[STATUS])}{body_top}:{get_column_letter(col[STATUS])}{end}")
    number = DataValidation(
        type="decimal",
        operator="between",
        formula1="0",
        formula2=str(MAX_PERCENT),
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=PERCENT,
        error="完成比例请填写数字，如 85 或 85.5",
    )
    for i, values in enumerate(rows):
        if values["has_target"]:
            number.add(f"{get_column_letter(col[PERCENT])}{body_top + i}")
    ws.add_data_validation(status_list)
    if number.sqref:  # an empty range would make Excel repair the file
        ws.add_data_validation(number)

    # Locked but not password-protected: a guard against accidental edits of the key and the
    # pre-filled columns; rows may still be resized for long texts.
    ws.protection.sheet = True
    ws.protection.formatRows = False
    ws.protection.formatColumns = False
    ws.freeze_panes = f"C{body_top}"
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.print_area = f"B1:{last}{end}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)

    key = wb.create_sheet(KEY_SHEET)
    for r, (name, value) in enumerate(
        (
            ("format", FORMAT),
            ("round", rnd.pk),
            ("kind", rnd.task_list.kind),
            ("unit", unit.full_name),
            ("unit_id", unit.pk),
        ),
        start=1,
    ):
        key.cell(r, 1, name)
        key.cell(r, 2, value)
    key.sheet_state = "veryHidden"
    key.protection.sheet = True
    wb.save(path)
    return path
