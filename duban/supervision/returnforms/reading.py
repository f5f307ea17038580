"""Reading a filled-in return form back: rows keyed by hidden item ids, values as units type them."""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import replace
from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import docx
import openpyxl
from docx.table import _Cell
from openpyxl.worksheet.worksheet import Worksheet

from duban.core.errors import ParseError
from duban.core.model import decimal_str
from duban.supervision.models import MAX_PERCENT, PERCENT_PLACES
from duban.supervision.returnforms.layout import (
    COLUMNS,
    FORMATS,
    HIDDEN_ITEM,
    ID_HEADER,
    KEY_SHEET,
    PERCENT,
    PROGRESS,
    REMARK,
    ROUND_KEY,
    SEQ,
    STATUS,
    STATUS_BY_LABEL,
    FilledForm,
    FilledRow,
    status_labels,
)

FILLED = (PROGRESS, PERCENT, STATUS, REMARK)


def read_form_file(path: str | Path) -> FilledForm:
    """Read a filled-in return form from disk."""
    path = Path(path)
    if not path.is_file():
        raise ParseError("文件不存在", english="no such file", path=str(path))
    return read_form(path.read_bytes(), str(path))


def read_form(data: bytes, name: str) -> FilledForm:
    """Read a filled-in return form (.xlsx or .docx as written by this system) from its bytes."""
    suffix = Path(name).suffix.lower()
    if suffix not in (".xlsx", ".docx"):
        raise ParseError(
            "回执表应为 .xlsx 或 .docx 文件（请用本系统导出的回执表填写）",
            english=f"not a form: {suffix}",
            path=Path(name).name,
        )
    try:
        return _read_xlsx(data, name) if suffix == ".xlsx" else _read_docx(data, name)
    except ParseError:
        raise
    except Exception as exc:  # corrupt or foreign files raise whatever the libraries raise
        raise ParseError(
            "无法读取回执表，文件可能已损坏", english=f"cannot read form: {exc!r}", path=Path(name).name
        ) from exc


def _not_a_form(name: str) -> ParseError:
    return ParseError(
        "不是本系统导出的回执表（缺少轮次或事项编号），请用本系统导出的回执表填写",
        english="no form key",
        path=Path(name).name,
    )


def _digits(value: Any) -> int | None:
    text = str(value if value is not None else "").strip()
    return int(text) if text.isascii() and text.isdigit() else None


def _read_xlsx(data: bytes, name: str) -> FilledForm:
    values = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    # The same file read for its formulas: a formula typed into a cell has no value until
    # Excel calculates and saves it, and then only its cached result is what the unit saw.
    formulas = openpyxl.load_workbook(io.BytesIO(data), data_only=False)
    if KEY_SHEET not in values.sheetnames:
        raise _not_a_form(name)
    key = {str(r[0].value): r[1].value for r in values[KEY_SHEET].iter_rows(max_col=2) if r[0].value}
    round_id = _digits(key.get("round"))
    if key.get("format") not in FORMATS or round_id is None:
        raise _not_a_form(name)
    form = FilledForm(
        name,
        round_id,
        str(key.get("kind", "")),
        str(key.get("unit", "")),
        [],
        unit_id=_digits(key.get("unit_id")),
    )
    for ws in values.worksheets:
        if ws.title == KEY_SHEET:
            continue
        found = _header(ws)
        if found is not None:
            header_row, col = found
            return replace(form, rows=_xlsx_rows(form, ws, formulas[ws.title], header_row, col))
    raise _not_a_form(name)


def _header(ws: Worksheet) -> tuple[int, dict[str, int]] | None:
    """The header row and the column of each known header (users may move columns)."""
    for r, row in enumerate(ws.iter_rows(max_row=20), start=1):
        names = {str(c.value).strip(): c.column for c in row if c.value is not None}
        if ID_HEADER in names and PROGRESS in names:
            return r, {n: int(c) for n, c in names.items() if n in COLUMNS}
    return None


def _xlsx_rows(
    form: FilledForm, ws: Worksheet, formulas: Worksheet, header_row: int, col: dict[str, int]
) -> list[FilledRow]:
    rows: list[FilledRow] = []
    for r in range(header_row + 1, ws.max_row + 1):
        filled: list[Any] = []
        for name in FILLED:
            if name not in col:
                filled.append(None)
                continue
            filled.append(_cell_value(form, r, name, ws.cell(r, col[name]), formulas.cell(r, col[name])))
        fraction = PERCENT in col and _percent_format(str(ws.cell(r, col[PERCENT]).number_format))
        rows += _row(form, r, ws.cell(r, col[ID_HEADER]).value, filled, percent_is_fraction=fraction)
    return rows


def _cell_value(form: FilledForm, r: int, name: str, cell: Any, formula: Any) -> Any:
    """A filled cell's value as the unit saw it; dates and yes/no cells as text, with a warning."""
    value = cell.value
    if formula.data_type == "f":
        if value is None:
            raise form.error(
                r,
                f"{name}是公式且没有计算结果，请直接填写内容（或在 Excel 中保存后再导入）",
                f"formula without cached value in {name}",
            )
        form.warnings.append(f"{form.where(r)}{name}为公式，已按其计算结果“{_text(value)}”读取")
    if isinstance(value, bool):
        text = "是" if value else "否"
        form.warnings.append(f"{form.where(r)}{name}是“是/否”格式，已按文字“{text}”读取")
        return text
    if isinstance(value, datetime | date | time):
        text = value.isoformat() if not isinstance(value, datetime) else value.date().isoformat()
        form.warnings.append(f"{form.where(r)}{name}是日期格式，已按文字“{text}”读取")
        return text
    return value


def _percent_format(number_format: str) -> bool:
    """Whether Excel shows the cell ×100 with a % sign (not a quoted or escaped literal "%")."""
    return "%" in re.sub(r'"[^"]*"|\\.', "", number_format)


def _read_docx(data: bytes, name: str) -> FilledForm:
    word = docx.Document(io.BytesIO(data))
    found = ROUND_KEY.search(word.core_properties.identifier or "")
    if found is None:
        hidden = "".join(run.text for p in word.paragraphs for run in p.runs if run.font.hidden)
        found = ROUND_KEY.search(hidden)
    if found is None:
        raise _not_a_form(name)
    unit_id = int(found.group(2)) if found.group(2) else None
    form = FilledForm(name, int(found.group(1)), "", "", [], unit_id=unit_id, is_table=True)
    for table in word.tables:
        if not table.rows:
            continue
        names = [c.text.strip() for c in table.rows[0].cells]
        if PROGRESS not in names or SEQ not in names:
            continue
        col = {n: names.index(n) for n in COLUMNS if n in names}
        rows: list[FilledRow] = []
        for r, tr in enumerate(table.rows[1:], start=2):
            cells = tr.cells
            seq_cell = cells[col[SEQ]]
            hidden = "".join(run.text for p in seq_cell.paragraphs for run in p.runs if run.font.hidden)
            item = HIDDEN_ITEM.search(hidden)
            filled: list[Any] = [_cell_plain(cells[col[n]]) if n in col else None for n in FILLED]
            if filled[1] == "—":  # the mark of an item without a quantified target
                filled[1] = None
            rows += _row(form, r, item.group(1) if item else None, filled, percent_is_fraction=False)
        return replace(form, rows=rows)
    raise _not_a_form(name)


def _cell_plain(cell: _Cell) -> str:
    """A Word cell's visible text, one line per paragraph."""
    return "\n".join(
        "".join(run.text for run in p.runs if not run.font.hidden) for p in cell.paragraphs
    ).strip()


def _row(
    form: FilledForm, r: int, item_id: Any, filled: list[Any], percent_is_fraction: bool
) -> list[FilledRow]:
    """The row as a FilledRow, nothing for a blank row, or a ParseError naming the row."""
    progress_v, percent_v, status_v, remark_v = filled
    if all(_blank(v) for v in filled):
        return []
    if _blank(item_id):
        raise form.error(
            r,
            f"这一行没有{ID_HEADER}，无法对应事项（请勿增加行或改动隐藏的编号）",
            "row without item id",
        )
    number = _digits(item_id)
    if number is None:
        raise form.error(r, f"{ID_HEADER}“{item_id}”无效（请勿改动隐藏的编号）", f"bad item id {item_id!r}")
    return [
        FilledRow(
            item_id=number,
            row=r,
            progress=_text(progress_v),
            percent=_percent(form, r, percent_v, percent_is_fraction),
            self_status=_status(form, r, status_v),
            remark=_text(remark_v),
        )
    ]


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float | Decimal | int):
        return decimal_str(Decimal(str(value)))
    lines = str(value).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(line.strip() for line in lines if line.strip())


def _percent(form: FilledForm, r: int, value: Any, is_fraction: bool) -> Decimal | None:
    """A percentage: 85, "85", "85%", "８５．５％"; a cell Excel turned into 0.85 with a % format."""
    if _blank(value):
        return None
    if isinstance(value, int | float | Decimal):
        # 15 significant digits is what Excel shows: 0.853 × 100 reads back as 85.3.
        number: Decimal | None = Decimal(format(value, ".15g")) * (100 if is_fraction else 1)
    else:
        text = unicodedata.normalize("NFKC", str(value)).strip().replace(",", "")
        text = text.removesuffix("%").strip()
        try:
            number = Decimal(text)
        except InvalidOperation:
            number = None
    if number is None or not number.is_finite():
        raise form.error(
            r, f"{PERCENT}“{_text(value)}”不是数字，请填写如 85 或 85.5 的数字", f"bad percent {value!r}"
        )
    if not 0 <= number <= MAX_PERCENT:
        raise form.error(
            r,
            f"{PERCENT}“{_text(value)}”超出范围（应在0到{MAX_PERCENT}之间）",
            f"percent out of range {value!r}",
        )
    return number.quantize(PERCENT_PLACES, rounding=ROUND_HALF_UP)


def _status(form: FilledForm, r: int, value: Any) -> str:
    """A status key from its label; both vocabularies name the same three levels."""
    if _blank(value):
        return ""
    text = re.sub(r"\s+", "", str(value))
    if text in STATUS_BY_LABEL:
        return STATUS_BY_LABEL[text]
    allowed = status_labels(form.kind) if form.kind else list(STATUS_BY_LABEL)
    raise form.error(
        r, f"{STATUS}“{text}”无法识别，应为“{'”“'.join(allowed)}”之一", f"unknown status {text!r}"
    )
