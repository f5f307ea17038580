"""Return forms (回执表): per-unit Excel and Word forms of a round, and importing them back filled in.

Offices that still collect progress by file get the same round as those online: `write_forms`
writes each lead unit a form pre-filled with its items, targets and last round's entries;
`read_filled_form` reads a filled form; `plan_import` lists every value it would change, and
`apply_import` writes them in one transaction.

A form carries its own key so that import does not depend on row order or sheet layout:

* Excel: a very hidden sheet holds the round id and list kind, and a hidden, locked column
  "事项编号" holds each row's Item.pk; columns are found by their header text.
* Word: the round id is the document's `identifier` property and also hidden text after the
  heading; each 序号 cell ends with hidden text "#<Item.pk>" (Word and WPS keep hidden runs
  when users type into other cells).

Empty cells change nothing: a form never clears what was reported online or by an earlier form.
"""

from __future__ import annotations

import re
import unicodedata
from contextlib import nullcontext
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import docx
import openpyxl
from auditlog.context import set_actor
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.shared import Mm
from docx.table import _Cell
from docx.text.paragraph import Paragraph
from openpyxl.styles import Alignment, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from duban.commands import UserError
from duban.core.errors import ParseError
from duban.core.model import INDICATOR_LABELS, TASK_LABELS, decimal_str
from duban.core.model import Status as CoreStatus
from duban.core.render.docx import LANDSCAPE_MARGINS_MM, add_run
from duban.core.render.spec import xml_safe
from duban.core.render.xlsx import BODY_FONT, BORDER, HEADER_FONT, TITLE_FONT
from duban.supervision.entries import suggested_status
from duban.supervision.models import Entry, Item, ItemUnit, ListKind, Role, Round, RoundState, label_for
from duban.supervision.services import link_units
from duban.units.models import Unit

FORMAT = "duban-回执表-1"
KEY_SHEET = "duban"
ID_HEADER = "事项编号"
SEQ, ITEM, TARGET = "序号", "事项", "目标"
PREV_PROGRESS, PREV_STATUS = "上期进展", "上期进度"
PROGRESS, PERCENT, STATUS, REMARK = "本期进展情况", "完成比例（%）", "自评进度", "备注"
COLUMNS = [ID_HEADER, SEQ, ITEM, TARGET, PREV_PROGRESS, PREV_STATUS, PROGRESS, PERCENT, STATUS, REMARK]
FILL_COLUMNS = {PROGRESS, PERCENT, STATUS, REMARK}
# Excel widths, in character units.
WIDTHS = {
    ID_HEADER: 8,
    SEQ: 6,
    ITEM: 38,
    TARGET: 12,
    PREV_PROGRESS: 36,
    PREV_STATUS: 12,
    PROGRESS: 42,
    PERCENT: 10,
    STATUS: 14,
    REMARK: 14,
}
# Word widths in mm over the 225 mm landscape text block.
WORD_WIDTHS_MM = {
    SEQ: 11,
    ITEM: 42,
    TARGET: 18,
    PREV_PROGRESS: 42,
    PREV_STATUS: 18,
    PROGRESS: 46,
    PERCENT: 16,
    STATUS: 16,
    REMARK: 16,
}
WORD_ROW_MM = 14  # room to write by hand on a printed form
SHORT_TEXT = 24  # characters of an item's text shown in the list of changes
MAX_PERCENT = Decimal(10000)
PERCENT_STEP = Decimal("0.001")  # Entry.percent keeps three decimals
FIELD_LABELS = {"progress": "进展情况", "percent": "完成比例", "self_status": "自评进度"}
_FORBIDDEN_IN_NAMES = re.compile(r'[\\/:*?"<>|\s]+')
_HIDDEN_ITEM = re.compile(r"#(\d+)")
_ROUND_KEY = re.compile(r"duban-round:(\d+)")
TO_FILL = PatternFill("solid", fgColor="FFF9E5")  # pale yellow: the cells the unit fills in
NOT_APPLICABLE = PatternFill("solid", fgColor="E7E6E6")  # grey: no quantified target


@dataclass(frozen=True)
class FilledRow:
    """One filled-in row: the item and what the unit wrote (empty/None = left blank)."""

    item_id: int
    row: int
    progress: str
    percent: Decimal | None
    self_status: str
    remark: str


@dataclass(frozen=True)
class FilledForm:
    """A filled-in return form as read from its file."""

    path: str
    round_id: int
    kind: str
    unit: str
    rows: list[FilledRow]
    is_table: bool = False  # Word: rows are table rows, not sheet rows

    def where(self, row: int) -> str:
        """第5行 (a sheet row) or 表格第3行 (a Word table row)."""
        return f"表格第{row}行" if self.is_table else f"第{row}行"

    def error(self, row: int, message: str, english: str) -> ParseError:
        """A ParseError naming this form and the row (sheet row for Excel, table row for Word)."""
        return ParseError(
            message,
            english=english,
            path=Path(self.path).name,
            line=None if self.is_table else row,
            row=row if self.is_table else None,
        )


@dataclass(frozen=True)
class Change:
    """One value an import would change."""

    item_id: int
    seq: int
    item: str  # a short description: indicators share a 序号, so the number alone is ambiguous
    field: str
    old: str
    new: str

    @property
    def label(self) -> str:
        """The field's Chinese name."""
        return FIELD_LABELS[self.field]

    def as_json(self) -> dict[str, object]:
        """The change as `round import-entries --json` gives it."""
        return {
            "item_id": self.item_id,
            "seq": self.seq,
            "item": self.item,
            "field": self.field,
            "old": self.old,
            "new": self.new,
        }


# --- who gets which items -------------------------------------------------------------------


def unit_items(rnd: Round) -> dict[Unit, list[Item]]:
    """The lead units of the round's items, each with the items it leads, in list order.

    An item with two lead units is on both forms; a group reference (各镇（街道）) gives the item
    to every member; a merged unit's items go to the unit it was merged into.
    """
    links = (
        ItemUnit.objects.filter(item__task_list_id=rnd.task_list_id, role=Role.LEAD)
        .select_related("item", "unit", "group")
        .order_by("item__order", "pk")
    )
    found: dict[int, tuple[Unit, list[Item]]] = {}
    for link in links:
        for unit in link_units(link):
            _, items = found.setdefault(unit.pk, (unit, []))
            if not items or items[-1].pk != link.item.pk:
                items.append(link.item)
    ordered = sorted(found.values(), key=lambda pair: pair[0].full_name)
    return {unit: items for unit, items in ordered}


def previous_entries(rnd: Round) -> dict[int, Entry]:
    """Last round's entries by item id (empty for a list's first round)."""
    prev = rnd.previous()
    return {} if prev is None else {e.item_id: e for e in prev.entries.all()}


# --- writing --------------------------------------------------------------------------------


def kind_label(kind: str) -> str:
    """目标任务 / 民生实事指标 / 激励措施."""
    return str(ListKind(kind).label)


def status_labels(kind: str) -> list[str]:
    """The three self-assessment labels in the list kind's vocabulary."""
    labels = TASK_LABELS if kind == ListKind.TASKS else INDICATOR_LABELS
    return [labels[s] for s in CoreStatus]


def form_stem(unit: Unit, rnd: Round) -> str:
    """区卫生健康局-2024年1-7月-目标任务: the list kind keeps two rounds of one period apart."""
    parts = [unit.full_name, rnd.period, kind_label(rnd.task_list.kind)]
    return "-".join(_FORBIDDEN_IN_NAMES.sub("_", xml_safe(p)) for p in parts)


def write_forms(rnd: Round, out_dir: str | Path) -> list[Path]:
    """Write one .xlsx and one .docx return form per lead unit; returns the paths written."""
    out = Path(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(
            f"无法创建目录 {out}（{exc.strerror or exc}）", f"cannot create {out}: {exc}"
        ) from exc
    prev = previous_entries(rnd)
    current = {e.item_id: e for e in rnd.entries.all()}
    paths: list[Path] = []
    for unit, items in unit_items(rnd).items():
        rows = [_row_values(rnd, item, prev.get(item.pk), current.get(item.pk)) for item in items]
        stem = form_stem(unit, rnd)
        paths.append(_write_xlsx(rnd, unit, rows, out / f"{stem}.xlsx"))
        paths.append(_write_docx(rnd, unit, rows, out / f"{stem}.docx"))
    return paths


def _row_values(rnd: Round, item: Item, prev: Entry | None, cur: Entry | None) -> dict[str, Any]:
    """One item's cells, by column header; PERCENT is None where the item has no target."""
    kind = rnd.task_list.kind
    names = [n for n in item.names if n != item.text]  # a one-level project repeats its name
    what = "—".join(names) + "：" + item.text if names else item.text
    prev_status = ""
    if prev is not None:
        prev_status = label_for(kind, prev.status or prev.self_status)
        if prev.percent is not None:
            prev_status += f"\n{decimal_str(prev.percent)}%"
    return {
        ID_HEADER: item.pk,
        SEQ: item.seq,
        ITEM: what,
        TARGET: item.target_text,
        PREV_PROGRESS: prev.progress if prev else "",
        PREV_STATUS: prev_status.strip(),
        PROGRESS: cur.progress if cur else "",
        PERCENT: cur.percent.normalize() if cur and cur.percent is not None else None,
        STATUS: label_for(kind, cur.self_status) if cur else "",
        REMARK: "",
        "has_target": bool(item.target_text) or item.target_value is not None,
    }


def _title(rnd: Round) -> str:
    return f"{rnd.task_list.title}\n{rnd.period}进展情况回执表"


def _info(rnd: Round, unit: Unit) -> str:
    parts = [f"填报单位：{unit.full_name}", f"截至日期：{rnd.as_of:%Y年%-m月%-d日}"]
    if rnd.deadline:
        parts.append(f"报送截止：{rnd.deadline:%Y年%-m月%-d日}")
    return "　　".join(parts)


def _instructions(kind: str, excel: bool) -> str:
    choose = "从下拉列表选择" if excel else "填写"
    return (
        f"填表说明：请在“{PROGRESS}”“{PERCENT}”“{STATUS}”“{REMARK}”栏填写；{STATUS}请{choose}"
        f"“{'”“'.join(status_labels(kind))}”之一；完成比例填数字，如 85 或 85.5（无量化目标的事项不填）；"
        "请勿增删行、改动其他栏。"
    )


def _write_xlsx(rnd: Round, unit: Unit, rows: list[dict[str, Any]], path: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "回执表"
    n_cols = len(COLUMNS)
    col = {name: i for i, name in enumerate(COLUMNS, start=1)}
    last = get_column_letter(n_cols)
    header_row, body_top = 4, 5

    for r, text, font, height in (
        (1, _title(rnd), TITLE_FONT, 48),
        (2, _info(rnd, unit), BODY_FONT, 20),
        (3, _instructions(rnd.task_list.kind, excel=True), BODY_FONT, 36),
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
        (("format", FORMAT), ("round", rnd.pk), ("kind", rnd.task_list.kind), ("unit", unit.full_name)),
        start=1,
    ):
        key.cell(r, 1, name)
        key.cell(r, 2, value)
    key.sheet_state = "veryHidden"
    key.protection.sheet = True
    wb.save(path)
    return path


def _write_docx(rnd: Round, unit: Unit, rows: list[dict[str, Any]], path: Path) -> Path:
    word = docx.Document()
    section = word.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.top_margin = Mm(LANDSCAPE_MARGINS_MM["top"])
    section.bottom_margin = Mm(LANDSCAPE_MARGINS_MM["bottom"])
    section.left_margin = Mm(LANDSCAPE_MARGINS_MM["left"])
    section.right_margin = Mm(LANDSCAPE_MARGINS_MM["right"])
    word.core_properties.title = xml_safe(_title(rnd).replace("\n", " "))
    word.core_properties.identifier = f"duban-round:{rnd.pk}"
    word.core_properties.subject = FORMAT

    title = word.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for i, line in enumerate(_title(rnd).split("\n")):
        run = add_run(title, line, "方正小标宋简体", 18)
        if i == 0:
            run.add_break()
    info = word.add_paragraph()
    add_run(info, _info(rnd, unit), "仿宋_GB2312", 14)
    add_run(info, f"duban-round:{rnd.pk}", "仿宋_GB2312", 14).font.hidden = True
    add_run(word.add_paragraph(), _instructions(rnd.task_list.kind, excel=False), "仿宋_GB2312", 12)

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


# --- reading --------------------------------------------------------------------------------


def read_filled_form(path: str | Path) -> FilledForm:
    """Read a filled-in return form (.xlsx or .docx written by `write_forms`)."""
    path = Path(path)
    name = path.name
    if not path.is_file():
        raise ParseError("文件不存在", english="no such file", path=str(path))
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".docx"):
        raise ParseError(
            "回执表应为 .xlsx 或 .docx 文件（请用 duban round forms 导出的表格填写）",
            english=f"not a form: {suffix}",
            path=name,
        )
    try:
        return _read_xlsx(path) if suffix == ".xlsx" else _read_docx(path)
    except ParseError:
        raise
    except Exception as exc:  # corrupt or foreign files raise whatever the libraries raise
        raise ParseError(
            "无法读取回执表，文件可能已损坏", english=f"cannot read form: {exc!r}", path=name
        ) from exc


def _not_a_form(path: Path) -> ParseError:
    return ParseError(
        "不是 duban 导出的回执表（缺少轮次或事项编号），请用 duban round forms 导出的表格填写",
        english="no form key",
        path=path.name,
    )


def _read_xlsx(path: Path) -> FilledForm:
    wb = openpyxl.load_workbook(path, data_only=True)
    if KEY_SHEET not in wb.sheetnames:
        raise _not_a_form(path)
    key = {str(r[0].value): r[1].value for r in wb[KEY_SHEET].iter_rows(max_col=2) if r[0].value}
    if key.get("format") != FORMAT or not str(key.get("round", "")).isdigit():
        raise _not_a_form(path)
    form = FilledForm(
        str(path), int(str(key["round"])), str(key.get("kind", "")), str(key.get("unit", "")), []
    )
    for ws in wb.worksheets:
        if ws.title == KEY_SHEET:
            continue
        found = _header(ws)
        if found is not None:
            header_row, col = found
            return replace(form, rows=_xlsx_rows(form, ws, header_row, col))
    raise _not_a_form(path)


def _header(ws: Worksheet) -> tuple[int, dict[str, int]] | None:
    """The header row and the column of each known header (users may move columns)."""
    for r, row in enumerate(ws.iter_rows(max_row=20), start=1):
        names = {str(c.value).strip(): c.column for c in row if c.value is not None}
        if ID_HEADER in names and PROGRESS in names:
            return r, {n: int(c) for n, c in names.items() if n in COLUMNS}
    return None


def _xlsx_rows(form: FilledForm, ws: Worksheet, header_row: int, col: dict[str, int]) -> list[FilledRow]:
    rows: list[FilledRow] = []
    for r in range(header_row + 1, ws.max_row + 1):
        cells = {name: ws.cell(r, c) for name, c in col.items()}
        filled = [cells[n].value if n in cells else None for n in (PROGRESS, PERCENT, STATUS, REMARK)]
        fraction = PERCENT in cells and _percent_format(str(cells[PERCENT].number_format))
        rows += _row(form, r, cells[ID_HEADER].value, filled, percent_is_fraction=fraction)
    return rows


def _percent_format(number_format: str) -> bool:
    """Whether Excel shows the cell ×100 with a % sign (not a quoted or escaped literal "%")."""
    return "%" in re.sub(r'"[^"]*"|\\.', "", number_format)


def _read_docx(path: Path) -> FilledForm:
    word = docx.Document(str(path))
    found = _ROUND_KEY.search(word.core_properties.identifier or "")
    if found is None:
        hidden = "".join(run.text for p in word.paragraphs for run in p.runs if run.font.hidden)
        found = _ROUND_KEY.search(hidden)
    if found is None:
        raise _not_a_form(path)
    form = FilledForm(str(path), int(found.group(1)), "", "", [], is_table=True)
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
            item = _HIDDEN_ITEM.search(hidden)
            filled = [
                _cell_plain(cells[col[n]]) if n in col else None for n in (PROGRESS, PERCENT, STATUS, REMARK)
            ]
            if filled[1] == "—":  # the mark of an item without a quantified target
                filled[1] = None
            rows += _row(form, r, item.group(1) if item else None, filled, percent_is_fraction=False)
        return replace(form, rows=rows)
    raise _not_a_form(path)


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
    if not str(item_id).strip().isdigit():
        raise form.error(r, f"{ID_HEADER}“{item_id}”无效（请勿改动隐藏的编号）", f"bad item id {item_id!r}")
    return [
        FilledRow(
            item_id=int(str(item_id).strip()),
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
    if isinstance(value, bool):
        number = None
    elif isinstance(value, int | float | Decimal):
        # 15 significant digits is what Excel shows: 0.853 × 100 reads back as 85.3.
        number = Decimal(format(value, ".15g")) * (100 if is_fraction else 1)
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
    return number.quantize(PERCENT_STEP, rounding=ROUND_HALF_UP)


_STATUS_BY_LABEL = {
    **{label: str(s) for s, label in TASK_LABELS.items()},
    **{label: str(s) for s, label in INDICATOR_LABELS.items()},
}


def _status(form: FilledForm, r: int, value: Any) -> str:
    """A status key from its label; both vocabularies name the same three levels."""
    if _blank(value):
        return ""
    text = re.sub(r"\s+", "", str(value))
    if text in _STATUS_BY_LABEL:
        return _STATUS_BY_LABEL[text]
    allowed = status_labels(form.kind) if form.kind else list(_STATUS_BY_LABEL)
    raise form.error(
        r, f"{STATUS}“{text}”无法识别，应为“{'”“'.join(allowed)}”之一", f"unknown status {text!r}"
    )


# --- importing ------------------------------------------------------------------------------


def ensure_open(rnd: Round) -> None:
    """Refuse a round that no longer collects progress (closed or published)."""
    if rnd.state != RoundState.OPEN:
        raise UserError(
            f"调度轮次[{rnd.pk}]{rnd.period}{RoundState(rnd.state).label}，不能再导入填报数据",
            f"round {rnd.pk} is {rnd.state}",
        )


def _checked_entries(rnd: Round, filled: FilledForm) -> dict[int, Entry]:
    """The round's entries by item id, after checking the form belongs to the round."""
    if filled.round_id != rnd.pk:
        raise UserError(
            f"{Path(filled.path).name} 是调度轮次[{filled.round_id}]的回执表，不是轮次[{rnd.pk}]的",
            f"form of round {filled.round_id}, not {rnd.pk}",
        )
    items = {i.pk: i for i in Item.objects.filter(task_list_id=rnd.task_list_id)}
    entries = {e.item_id: e for e in rnd.entries.select_related("item")}
    seen: dict[int, int] = {}
    for row in filled.rows:
        if row.item_id not in items:
            raise filled.error(
                row.row, f"{ID_HEADER}{row.item_id}不属于本轮次的任务清单", f"item {row.item_id} not in round"
            )
        if row.item_id in seen:
            raise filled.error(
                row.row,
                f"与第{seen[row.item_id]}行是同一事项（第{items[row.item_id].seq}项），请删去重复的行",
                f"item {row.item_id} twice",
            )
        seen[row.item_id] = row.row
        if row.item_id not in entries:
            entries[row.item_id] = Entry(round=rnd, item=items[row.item_id])
    return entries


def _row_changes(entry: Entry, row: FilledRow, kind: str) -> list[Change]:
    """What the row changes in the entry; blank cells change nothing."""
    out: list[Change] = []
    item = entry.item
    short = item.text if len(item.text) <= SHORT_TEXT else item.text[: SHORT_TEXT - 1] + "…"

    def add(field: str, old: str, new: str) -> None:
        out.append(Change(row.item_id, item.seq, short, field, old, new))

    if row.progress and row.progress != entry.progress:
        add("progress", entry.progress, row.progress)
    if row.percent is not None and row.percent != entry.percent:
        old = "" if entry.percent is None else f"{decimal_str(entry.percent)}%"
        add("percent", old, f"{decimal_str(row.percent)}%")
    if row.self_status and row.self_status != entry.self_status:
        add("self_status", label_for(kind, entry.self_status), label_for(kind, row.self_status))
    return out


def plan_import(rnd: Round, filled: FilledForm) -> list[Change]:
    """Every value importing the form would change, in form order (nothing is written)."""
    entries = _checked_entries(rnd, filled)
    kind = rnd.task_list.kind
    return [c for row in filled.rows for c in _row_changes(entries[row.item_id], row, kind)]


def apply_import(rnd: Round, filled: FilledForm, user: AbstractBaseUser | None = None) -> int:
    """Write the form into the round in one transaction; returns the number of entries changed."""
    with set_actor(user) if user is not None else nullcontext(), transaction.atomic():
        locked = Round.objects.select_for_update().select_related("task_list").get(pk=rnd.pk)
        ensure_open(locked)  # checked under the lock: the round may have been closed meanwhile
        entries = _checked_entries(locked, filled)
        now = timezone.now()
        count = 0
        for row in filled.rows:
            entry = entries[row.item_id]
            if not _row_changes(entry, row, locked.task_list.kind):
                continue
            if row.progress:
                entry.progress = row.progress
            if row.percent is not None:
                entry.percent = row.percent
            if row.self_status:
                entry.self_status = row.self_status
            if row.remark:
                entry.remark = row.remark
            if not entry.override_reason:
                # As for online submissions: until the office reviews, the figures decide.
                entry.round = locked
                entry.status = suggested_status(entry)[0]
            entry.submitted_at = now
            if user is not None:
                entry.submitted_by_id = user.pk
            entry.save()  # one save per entry so that the audit log records each change
            count += 1
    return count
