"""Annex tables → records: tasks (附件1), livelihood indicators (附件2), incentive measures.

Rows are read from the right: the last columns (status, percent, progress, lead unit) are
stable, while cells on the left merge horizontally and so vary in number from row to row.
Where a column means "same as above" (类别, 序号, project names, 牵头单位), an empty or
vertically merged cell takes the value of the row above. Header rows are recognised by their
words wherever they occur, because Word repeats them after a page break.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from duban.core.errors import ParseError
from duban.core.model import Cell, Indicator, Measure, Status, Table, Task
from duban.core.quantities import parse_quantity
from duban.core.table_header import (
    HEADER_WORDS,
    MARKS,
    NO_PERCENT,
    PROGRESS_ROLES,
    STATUS_LABELS,
    TASK_ROLES,
    UNMARKED,
    Header,
    classify_table,
    data_rows,
    is_header_row,
    join_lines,
    norm,
    read_header,
    read_seq,
    row_error,
    seq_number,
    split_units,
    status_label,
)
from duban.core.vocabulary import is_status_label, status_of

__all__ = [
    "HEADER_WORDS",
    "PROGRESS_ROLES",
    "STATUS_LABELS",
    "category_ranges",
    "classify_table",
    "is_header_row",
    "livelihood_seqs",
    "parse_indicator_table",
    "parse_measure_table",
    "parse_task_table",
    "seq_number",
    "task_table_has_progress",
]

# --- 附件1: tasks -------------------------------------------------------------------------------


def _require_complete(header: Header, row: list[Cell], number: int) -> None:
    """A row that starts with its 序号 but has fewer cells than the header was cut off mid-way.

    Rows are read from the right, so a short row would put its first cells under the wrong
    columns (the 序号 under a √ column); say what is wrong instead.
    """
    needed = max(header.offsets.values(), default=0) + 1
    if len(row) < needed and row and (seq := seq_number(row[0].text)) is not None:
        raise row_error(
            f"第{seq}项这一行不完整：应有{needed}栏，只有{len(row)}栏（表格可能被截断或缺少单元格）",
            f"row has {len(row)} cells, the header needs {needed}",
            number,
        )


def parse_task_table(table: Table, warnings: list[str] | None = None) -> list[Task]:
    """Read a 目标任务 table: 序号, 目标任务, 牵头单位, 进展情况, then √ columns or a 工作进度 label.

    Other offices' columns are read by meaning (确定事项, 责任单位 beside 牵头单位, 牵头县领导,
    完成时限, 落实情况, 类别); a table without progress columns is a task list without a round.
    Row warnings (an unknown progress word, a doubtful tick) go to `warnings`."""
    out = warnings if warnings is not None else []
    header = _task_header(table)
    tasks: list[Task] = []
    category = ""
    for number, row, heading in data_rows(table.rows):
        if heading is not None:
            category = re.sub(r"^[一二三四五六七八九十\d]+[、.．]\s*", "", heading)  # "一、经济发展"
            continue
        _require_complete(header, row, number)
        seq = read_seq(header.text(row, "seq"), number)
        text = header.text(row, "task")
        leads = split_units(header.text(row, "lead"))
        related = split_units(header.text(row, "related"))
        progress = header.text(row, "progress")
        status, status_text = _task_status(header, row, number, out)
        if seq is None:
            # An empty 序号 means "same as above": the row continues the previous task.
            if not tasks:
                raise row_error("第一行任务缺少序号", "first task row has no row number", number)
            _continue_task(tasks[-1], text, leads, progress, status, status_text)
            tasks[-1].related_units.extend(u for u in related if u not in tasks[-1].related_units)
            continue
        if not text:
            raise row_error(f"第{seq}项的目标任务为空", f"task {seq} has no text", number)
        if not leads and tasks and header.cell(row, "lead") is not None:
            leads = list(tasks[-1].lead_units)  # a lead cell merged with the one above
        if header.text(row, "category"):
            category = join_lines(header.text(row, "category"))
        tasks.append(
            Task(
                seq=seq,
                text=text,
                lead_units=leads,
                progress=progress,
                status=status,
                row=number,
                related_units=related,
                status_text=status_text,
                leader=_carried(header, row, "leader", tasks[-1].leader if tasks else ""),
                deadline=_carried(header, row, "deadline", tasks[-1].deadline if tasks else ""),
                category=category,
            )
        )
    return tasks


def _carried(header: Header, row: list[Cell], role: str, above: str) -> str:
    """A cell's text, or the value above where the cell is merged with it."""
    cell = header.cell(row, role)
    if cell is None:
        return ""
    if not cell.text.strip() and cell.merged:
        return above
    return "、".join(split_units(cell.text)) if role == "leader" else cell.text.strip()


def _task_header(table: Table) -> Header:
    header = read_header(table.rows, TASK_ROLES)
    if "status" not in header.offsets and "evaluation" in header.offsets:
        header.offsets["status"] = header.offsets["evaluation"]  # "进度评价" over a task list
    if not header.found or "task" not in header.offsets:
        raise ParseError("任务表缺少表头（序号、目标任务、牵头单位……）", english="task table without header")
    if "status" not in header.offsets and not header.status_columns and "progress" in header.offsets:
        # A 办理情况 column holding only words such as 已办结 / 正在办理 is the status column.
        values = [
            header.text(row, "progress") for _, row, heading in data_rows(table.rows) if heading is None
        ]
        # Short words, most of them placed: the unplaced rest are words of the same kind.
        words = [v for v in values if v]
        short = all(len(norm(v)) <= 8 and not re.search(r"[，。；,;]", v) for v in words)
        if words and short and sum(is_status_label(v) for v in words) * 2 > len(words):
            header.offsets["status"] = header.offsets.pop("progress")
    return header


def task_table_has_progress(table: Table) -> bool:
    """Whether a task table reports progress (a round) or only lists the tasks (a 分工方案)."""
    try:
        return _task_header(table).has_progress()
    except ParseError:
        return False


def _task_status(
    header: Header, row: list[Cell], number: int, warnings: list[str]
) -> tuple[Status | None, str]:
    if not header.status_columns:
        return status_label(header.text(row, "status"), number, "工作进度", warnings)
    marked: list[str] = []
    for offset, label in sorted(header.status_columns.items(), reverse=True):
        if offset >= len(row):
            continue
        word = norm(row[len(row) - 1 - offset].text)
        if (
            word in MARKS
            or (word and word == label)
            or (word and status_of(word) == status_of(label) is not None)
        ):
            marked.append(label)
        elif word not in UNMARKED:
            warnings.append(f"表格第{number}行：工作进度栏的“{word}”不是“√”，未计入")
    if len(marked) > 1:
        warnings.append(f"表格第{number}行：同时勾选了多个工作进度（{'、'.join(marked)}），按第一个计")
    if not marked:
        return None, ""
    return status_of(marked[0]), marked[0]


def _continue_task(
    task: Task, text: str, leads: list[str], progress: str, status: Status | None, status_text: str
) -> None:
    if text:
        task.text = f"{task.text}\n{text}"
    task.lead_units.extend(u for u in leads if u not in task.lead_units)
    if progress:
        task.progress = f"{task.progress}\n{progress}" if task.progress else progress
    if task.status is None and not task.status_text:
        task.status, task.status_text = status, status_text


# --- notes under the tables -------------------------------------------------------------------

_CLAUSE = re.compile(r"([\d、,，\s\-—–~～至到和及第项]+?)项(?:为|是|属于|系)\s*([^，,；;。]*)")
_LEVEL = re.compile(r"(国家|省|市|州|区|县)级")


def _seq_list(text: str) -> list[int]:
    """ "48、49、57" → [48, 49, 57]; "1-10", "1—10", "1至10", "第1-10项" → 1 … 10."""
    numbers: list[int] = []
    for part in re.split(r"[、,，\s和及项]+", text.replace("第", "")):
        bounds = [int(n) for n in re.split(r"[\-—–~～至到]+", part) if n.isdecimal() and len(n) <= 6]
        if len(bounds) == 1:
            numbers.append(bounds[0])
        elif len(bounds) == 2 and 0 <= bounds[1] - bounds[0] <= 1000:
            numbers.extend(range(bounds[0], bounds[1] + 1))
    return numbers


def _note_clauses(note: str) -> list[tuple[list[int], str, str]]:
    """(row numbers, level such as "省级", rest of the clause) for each "…项为X级…" clause."""
    clauses = []
    for m in _CLAUSE.finditer(note):
        level = _LEVEL.search(m.group(2))
        if level:
            clauses.append((_seq_list(m.group(1)), f"{level.group(1)}级", m.group(2)))
    return clauses


def livelihood_seqs(note: str) -> set[int]:
    """Task numbers named by "注：第48、49、57项为区级民生实事。" (district or county level)."""
    return {
        seq
        for seqs, level, rest in _note_clauses(note)
        if level in ("区级", "县级") and "民生实事" in rest
        for seq in seqs
    }


def category_ranges(note: str) -> dict[int, str]:
    """ "注：1-10项为省级重点民生实事，11-18项为市级重点民生实事。" → {1: "省级", …, 18: "市级"}."""
    return {seq: level for seqs, level, _ in _note_clauses(note) for seq in seqs}


# --- 附件2: indicators ------------------------------------------------------------------------


def _category(text: str) -> str:
    """ "省级\\n重点\\n民生\\n实事" → "省级"; other labels as written (without line breaks)."""
    word = norm(text)
    m = re.match(r"(国家|省|市|州|区|县|乡镇|镇)级?", word)
    return f"{m.group(1)}级" if m else word


def _percent(text: str, row: int) -> Decimal | None:
    word = norm(text).replace("％", "%")
    if word in NO_PERCENT:
        return None
    m = re.fullmatch(r"约?(-?\d+(?:\.\d+)?)%?", word)
    if not m:
        raise row_error(
            f"量化数据“{text.strip()}”不是百分数",
            f"quantified value {text.strip()!r} is not a percentage",
            row,
        )
    try:
        return Decimal(m.group(1))
    except InvalidOperation as exc:  # pragma: no cover - the pattern admits only decimals
        raise row_error("量化数据无法识别", "bad decimal", row) from exc


@dataclass
class _Carry:
    """What an empty cell means in the indicator table: the value of the row above."""

    category: str = ""
    seq: int | None = None
    project: str = ""
    subs: list[str] = field(default_factory=list)
    lead: str = ""


def parse_indicator_table(
    table: Table, categories: dict[int, str] | None = None, warnings: list[str] | None = None
) -> list[Indicator]:
    """Read a 民生实事 table: 类别, 序号, names …, 目标任务, 牵头单位, 进展情况, 量化数据, 进度评价."""
    out = warnings if warnings is not None else []
    roles = ("category", "target", "lead", "progress", "percent", "evaluation", "status")
    header = read_header(table.rows, roles)
    if not header.found or "target" not in header.offsets:
        raise ParseError(
            "指标表缺少表头（序号、项目名称、目标任务……）", english="indicator table without header"
        )
    has_category = "category" in header.offsets
    target_offset = header.offsets["target"]
    evaluation_role = "evaluation" if "evaluation" in header.offsets else "status"
    carry = _Carry()
    indicators: list[Indicator] = []
    for number, row, heading in data_rows(table.rows):
        if heading is not None:
            # A group row such as "一、省级重点民生实事" gives the category of the rows below.
            if _LEVEL.search(heading):
                carry.category = _category(re.sub(r"^[一二三四五六七八九十\d]+[、.．]\s*", "", heading))
            continue
        left = [c.text for c in row[: max(len(row) - 1 - target_offset, 0)]]
        category_text = left.pop(0) if has_category and left else ""
        seq = read_seq(left.pop(0) if left else "", number)
        names = [join_lines(t) for t in left]
        target = header.text(row, "target")
        progress = header.text(row, "progress")
        percent = _percent(header.text(row, "percent"), number)
        evaluation, evaluation_text = status_label(header.text(row, evaluation_role), number, "进度评价", out)

        if seq is None and not target and not any(names) and indicators:
            _continue_indicator(indicators[-1], progress, percent, evaluation, evaluation_text)
            continue
        if seq is not None and seq != carry.seq:
            carry.seq, carry.project, carry.subs = seq, "", []  # names carry only within an item
        if carry.seq is None:
            raise row_error("第一行指标缺少序号", "first indicator row has no row number", number)
        if category_text.strip():
            carry.category = _category(category_text)
        lead = "、".join(split_units(header.text(row, "lead")))
        if lead:
            carry.lead = lead
        item_names, indicator = _names(names, carry)
        if not indicator:
            raise row_error(f"第{carry.seq}项缺少项目或指标名称", f"item {carry.seq} has no name", number)
        category = carry.category or (categories or {}).get(carry.seq, "")
        record = Indicator(
            category=category,
            seq=carry.seq,
            names=item_names,
            indicator=indicator,
            target=parse_quantity(target),
            lead_unit=carry.lead,
            progress=progress,
            percent=percent,
            evaluation=evaluation,
            row=number,
            status_text=evaluation_text,
        )
        if indicators and _same_indicator(indicators[-1], record):
            # A row split by a page break repeats its names: one indicator, not two.
            _continue_indicator(indicators[-1], progress, percent, evaluation, evaluation_text)
            continue
        indicators.append(record)
    return indicators


def _names(cells: list[str], carry: _Carry) -> tuple[list[str], str]:
    """Project, sub-projects and the indicator name of a row, carrying empty ones down.

    One name cell: the project is the indicator. Two: project and indicator. Three or more:
    project, sub-projects, indicator; an empty sub-project cell means the one above."""
    if not cells:
        return ([carry.project] if carry.project else []), carry.project
    if cells[0]:
        carry.project = cells[0]
    if len(cells) <= 2:
        carry.subs = []
        indicator = cells[1] if len(cells) == 2 and cells[1] else carry.project
    else:
        middle = cells[1:-1]
        carry.subs = [t or (carry.subs[i] if i < len(carry.subs) else "") for i, t in enumerate(middle)]
        specific = [n for n in carry.subs if n]
        indicator = cells[-1] or (specific[-1] if specific else carry.project)
    return [n for n in [carry.project, *carry.subs] if n], indicator


def _same_indicator(a: Indicator, b: Indicator) -> bool:
    return (a.seq, a.names, a.indicator, a.target.text) == (b.seq, b.names, b.indicator, b.target.text)


def _continue_indicator(
    indicator: Indicator, progress: str, percent: Decimal | None, evaluation: Status | None, text: str
) -> None:
    if progress and progress not in indicator.progress:
        indicator.progress = f"{indicator.progress}\n{progress}" if indicator.progress else progress
    if indicator.percent is None:
        indicator.percent = percent
    if indicator.evaluation is None and not indicator.status_text:
        indicator.evaluation, indicator.status_text = evaluation, text


# --- incentive measures -----------------------------------------------------------------------

_PROVINCIAL_LEAD = re.compile(r"\s*[（(]\s*牵头单位\s*[：:]\s*([^）)]+?)\s*[）)]\s*$")


def parse_measure_table(table: Table) -> list[Measure]:
    """Read a 措施 table: 序号, measure text "…（牵头单位：省X厅）", 牵头责任单位, 相关责任单位."""
    header = read_header(table.rows, ("seq", "lead", "related"))
    if not header.found or "lead" not in header.offsets:
        raise ParseError("措施表缺少表头（序号、牵头责任单位……）", english="measure table without header")
    # The measure text has no fixed label ("省政府大抓落实工作激励措施"): it sits left of the lead.
    header.offsets["text"] = header.offsets["lead"] + 1
    measures: list[Measure] = []
    for number, row, heading in data_rows(table.rows):
        if heading is not None:
            continue
        seq = read_seq(header.text(row, "seq"), number)
        text, provincial = _split_provincial(header.text(row, "text"))
        lead = "、".join(split_units(header.text(row, "lead")))
        related_cell = header.cell(row, "related")
        related = split_units(related_cell.text) if related_cell else []
        if seq is None:
            if not measures:
                raise row_error("第一行措施缺少序号", "first measure row has no row number", number)
            _continue_measure(measures[-1], text, provincial, related)
            continue
        if not text:
            raise row_error(f"第{seq}项措施内容为空", f"measure {seq} has no text", number)
        if measures and not lead:
            lead = measures[-1].lead_unit  # a lead cell merged with the one above
        if measures and not related and related_cell is not None and related_cell.merged:
            # Only a real merge means "same as above": an empty cell may mean no related unit.
            related = list(measures[-1].related_units)
        measures.append(
            Measure(
                seq=seq,
                text=text,
                provincial_lead=provincial,
                lead_unit=lead,
                related_units=related,
                row=number,
            )
        )
    return measures


def _split_provincial(text: str) -> tuple[str, str | None]:
    """ "…予以资金奖励。（牵头单位：省发展改革委）" → ("…予以资金奖励。", "省发展改革委")."""
    m = _PROVINCIAL_LEAD.search(text)
    if not m:
        return text, None
    return text[: m.start()].strip(), m.group(1).strip()


def _continue_measure(measure: Measure, text: str, provincial: str | None, related: list[str]) -> None:
    if text:
        measure.text = f"{measure.text}\n{text}"
    measure.provincial_lead = measure.provincial_lead or provincial
    measure.related_units.extend(u for u in related if u not in measure.related_units)
