"""Annex tables → records: tasks (附件1), livelihood indicators (附件2), incentive measures.

Rows are read from the right: the last columns (status, percent, progress, lead unit) are
stable, while cells on the left merge horizontally and so vary in number from row to row.
Where a column means "same as above" (类别, 序号, project names, 牵头单位), an empty or
vertically merged cell takes the value of the row above. Header rows are recognised by their
words wherever they occur, because Word repeats them after a page break.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from duban.core.errors import ParseError
from duban.core.model import Cell, Indicator, Measure, Status, Table, Task
from duban.core.quantities import parse_quantity

# --- header words ----------------------------------------------------------------------------

STATUS_LABELS: dict[str, Status] = {
    "基本完成": Status.COMPLETED,
    "已完成": Status.COMPLETED,
    "完成": Status.COMPLETED,
    "常态化或按时序推进": Status.ON_SCHEDULE,
    "常态化推进": Status.ON_SCHEDULE,
    "按时序推进": Status.ON_SCHEDULE,
    "正常推进": Status.ON_SCHEDULE,
    "序时推进": Status.ON_SCHEDULE,
    "相对滞后": Status.LAGGING,
    "滞后": Status.LAGGING,
    "进度滞后": Status.LAGGING,
}
_MARKS = {"√", "✓", "✔", "☑", "是", "v", "V"}
_UNMARKED = {"", "×", "✗", "✘", "否", "/", "-", "—", "－", "无"}
_NO_PERCENT = {"", "/", "-", "—", "－", "——", "无", "暂无", "不适用"}

_ROLES: dict[str, set[str]] = {
    "seq": {"序号", "编号", "序"},
    "category": {"类别", "类型", "级别", "实事类别"},
    "names": {"项目名称", "实事项目", "项目", "指标名称", "民生实事", "实事名称"},
    "task": {"目标任务", "任务", "工作任务", "主要任务", "重点任务", "任务内容", "目标任务内容", "工作目标"},
    "target": {"目标任务", "目标", "目标值", "年度目标", "任务目标", "目标任务数", "年度任务"},
    "lead": {"牵头单位", "牵头责任单位", "责任单位", "主责单位", "牵头部门", "责任部门"},
    "related": {"相关责任单位", "配合单位", "协办单位", "相关单位", "参与单位", "配合责任单位"},
    "progress": {"进展情况", "工作进展", "完成情况", "进展", "推进情况", "进展情况说明"},
    "percent": {"量化数据", "完成率", "完成比例", "完成进度（%）", "完成进度(%)", "量化指标"},
    "evaluation": {"进度评价", "评价", "工作评价"},
    "status": {"工作进度", "进度", "完成进度", "进度情况", "推进进度"},
}
HEADER_WORDS: frozenset[str] = frozenset().union(*_ROLES.values(), {"备注", "完成时限", "时限"})


def _norm(text: str) -> str:
    """Header-comparable text: no whitespace or line breaks ("基本\\n完成" → "基本完成")."""
    return re.sub(r"\s+", "", text)


def _join_lines(text: str) -> str:
    """A name wrapped over several lines in its cell: "推进教育\\n高质量发展" → one line."""
    return re.sub(r"\s*\n\s*", "", text).strip()


def is_header_row(row: list[Cell]) -> bool:
    """A row of column labels: two or more header words, or only progress labels (the √ columns)."""
    words = [_norm(c.text) for c in row if c.text.strip()]
    if not words or any(_seq_number(w) is not None for w in words):
        return False
    headers = sum(1 for w in words if w in HEADER_WORDS)
    statuses = [w for w in words if w in STATUS_LABELS]
    # The √ columns' labels name different levels; "已完成 … 已完成" is a data row's progress.
    distinct = len({STATUS_LABELS[w] for w in statuses})
    return headers >= 2 or (distinct >= 2 and headers + len(statuses) == len(words))


def classify_table(table: Table) -> str:
    """ "tasks" | "indicators" | "measures" | "unknown", from the words of the header rows."""
    words: set[str] = set()
    for row in table.rows[:4]:
        if is_header_row(row):
            words.update(_norm(c.text) for c in row)
    if not words:
        return "unknown"
    if words & (_ROLES["percent"] | _ROLES["names"] | _ROLES["category"]):
        return "indicators"
    if any("措施" in w for w in words):
        return "measures"
    # A task list may also name related units; only a table without task words is a measure list.
    others = _ROLES["lead"] | _ROLES["progress"] | _ROLES["status"] | _ROLES["evaluation"] | _ROLES["related"]
    if words & _ROLES["task"] and words & others:
        return "tasks"
    if words & _ROLES["related"]:
        return "measures"
    if words & _ROLES["evaluation"]:
        return "indicators"
    return "unknown"


# --- the header: which column (counted from the right) holds what ------------------------------


@dataclass
class _Header:
    """Column roles as offsets from the right end of a data row (0 = last cell)."""

    offsets: dict[str, int] = field(default_factory=dict)
    status_columns: dict[int, Status] = field(default_factory=dict)  # the √ columns
    found: bool = False

    def cell(self, row: list[Cell], role: str) -> Cell | None:
        offset = self.offsets.get(role)
        if offset is None or offset >= len(row):
            return None
        return row[len(row) - 1 - offset]

    def text(self, row: list[Cell], role: str) -> str:
        cell = self.cell(row, role)
        return cell.text.strip() if cell else ""


def _read_header(rows: list[list[Cell]], roles: Iterable[str]) -> _Header:
    header = _Header()
    header_rows = [row for row in rows if is_header_row(row)]
    if not header_rows:
        return header
    header.found = True
    for row in header_rows:
        for i, cell in enumerate(row):
            status = STATUS_LABELS.get(_norm(cell.text))
            if status is not None:
                header.status_columns[len(row) - 1 - i] = status
    group = len(header.status_columns) or 1  # columns under a "工作进度" label spanning the √ columns
    for row in header_rows:
        has_statuses = any(_norm(c.text) in STATUS_LABELS for c in row)
        offset = 0
        for cell in reversed(row):
            word = _norm(cell.text)
            spans_statuses = word in _ROLES["status"] and not has_statuses
            for role in roles:
                if word in _ROLES[role] and role not in header.offsets:
                    header.offsets[role] = offset
            offset += group if spans_statuses else 1
    return header


def _data_rows(rows: list[list[Cell]]) -> Iterator[tuple[int, list[Cell], str | None]]:
    """(1-based row number, row, heading text or None) for each row after the first header row.

    Rows above the header are the table's own title; header rows repeated after a page break
    and empty rows are skipped. A heading is a row whose only text is in its first cell and
    is not a row number, such as "一、省级重点民生实事" across the whole width."""
    first = next((i for i, row in enumerate(rows) if is_header_row(row)), 0)
    for number, row in enumerate(rows[first:], start=first + 1):
        filled = [c.text.strip() for c in row if c.text.strip()]
        if not filled or is_header_row(row):
            continue
        heading = len(filled) == 1 and row[0].text.strip() == filled[0] and _seq_number(filled[0]) is None
        yield number, row, filled[0] if heading else None


def _error(message: str, english: str, row: int) -> ParseError:
    return ParseError(message, english=english, row=row)


def _require_complete(header: _Header, row: list[Cell], number: int) -> None:
    """A row that starts with its 序号 but has fewer cells than the header was cut off mid-way.

    Rows are read from the right, so a short row would put its first cells under the wrong
    columns (the 序号 under a √ column); say what is wrong instead.
    """
    needed = max(header.offsets.values(), default=0) + 1
    if len(row) < needed and row and _seq_number(row[0].text) is not None:
        raise _error(
            f"第{_seq_number(row[0].text)}项这一行不完整：应有{needed}栏，只有{len(row)}栏（表格可能被截断或缺少单元格）",
            f"row has {len(row)} cells, the header needs {needed}",
            number,
        )


def _seq_number(text: str) -> int | None:
    m = re.fullmatch(r"[（(]?(\d{1,5})[)）.、．]?", _norm(text))
    return int(m.group(1)) if m else None


def _seq(text: str, row: int) -> int | None:
    """The 序号 of a row; None when empty (a continuation); ParseError when not a number."""
    if not text.strip():
        return None
    number = _seq_number(text)
    if number is None:
        raise _error(
            f"序号“{text.strip()}”不是数字",
            f"row number {text.strip()!r} is not a number",
            row,
        )
    return number


def _units(text: str) -> list[str]:
    """Units written one per line (or separated by 、/，/；) → a list, group references as written."""
    return [u for u in (part.strip() for part in re.split(r"[\n、，,；;]+", text)) if u]


def _status_label(text: str, row: int, column: str) -> Status | None:
    word = _norm(text)
    if not word:
        return None
    if word in STATUS_LABELS:
        return STATUS_LABELS[word]
    raise _error(
        f"“{column}”栏的内容“{text.strip()}”无法识别，应为“已完成”“正常推进”或“滞后”之类",
        f"unknown status label {text.strip()!r} in column {column}",
        row,
    )


# --- 附件1: tasks -------------------------------------------------------------------------------


def parse_task_table(table: Table) -> list[Task]:
    """Read a 目标任务 table: 序号, 目标任务, 牵头单位, 进展情况, then √ columns or a 工作进度 label."""
    header = _read_header(table.rows, ("seq", "task", "lead", "progress", "status", "evaluation"))
    if "status" not in header.offsets and "evaluation" in header.offsets:
        header.offsets["status"] = header.offsets["evaluation"]  # "进度评价" over a task list
    if not header.found or "task" not in header.offsets:
        raise ParseError("任务表缺少表头（序号、目标任务、牵头单位……）", english="task table without header")
    tasks: list[Task] = []
    for number, row, heading in _data_rows(table.rows):
        if heading is not None:
            continue  # a section heading such as "一、经济发展"
        _require_complete(header, row, number)
        seq = _seq(header.text(row, "seq"), number)
        text = header.text(row, "task")
        leads = _units(header.text(row, "lead"))
        progress = header.text(row, "progress")
        status = _task_status(header, row, number)
        if seq is None:
            # An empty 序号 means "same as above": the row continues the previous task.
            if not tasks:
                raise _error("第一行任务缺少序号", "first task row has no row number", number)
            _continue_task(tasks[-1], text, leads, progress, status)
            continue
        if not text:
            raise _error(f"第{seq}项的目标任务为空", f"task {seq} has no text", number)
        if not leads and tasks and header.cell(row, "lead") is not None:
            leads = list(tasks[-1].lead_units)  # a lead cell merged with the one above
        tasks.append(Task(seq=seq, text=text, lead_units=leads, progress=progress, status=status, row=number))
    return tasks


def _task_status(header: _Header, row: list[Cell], number: int) -> Status | None:
    if not header.status_columns:
        return _status_label(header.text(row, "status"), number, "工作进度")
    marked: list[Status] = []
    for offset, status in sorted(header.status_columns.items(), reverse=True):
        if offset >= len(row):
            continue
        word = _norm(row[len(row) - 1 - offset].text)
        if word in _MARKS or STATUS_LABELS.get(word) == status:
            marked.append(status)
        elif word not in _UNMARKED:
            raise _error(
                f"工作进度栏的内容“{word}”无法识别，应打“√”",
                f"unexpected mark {word!r} in a status column",
                number,
            )
    if len(marked) > 1:
        labels = "、".join(s.task_label for s in marked)
        raise _error(f"同时勾选了多个工作进度（{labels}）", "several status columns ticked", number)
    return marked[0] if marked else None


def _continue_task(task: Task, text: str, leads: list[str], progress: str, status: Status | None) -> None:
    if text:
        task.text = f"{task.text}\n{text}"
    task.lead_units.extend(u for u in leads if u not in task.lead_units)
    if progress:
        task.progress = f"{task.progress}\n{progress}" if task.progress else progress
    if task.status is None:
        task.status = status


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
    word = _norm(text)
    m = re.match(r"(国家|省|市|州|区|县|乡镇|镇)级?", word)
    return f"{m.group(1)}级" if m else word


def _percent(text: str, row: int) -> Decimal | None:
    word = _norm(text).replace("％", "%")
    if word in _NO_PERCENT:
        return None
    m = re.fullmatch(r"约?(-?\d+(?:\.\d+)?)%?", word)
    if not m:
        raise _error(
            f"量化数据“{text.strip()}”不是百分数",
            f"quantified value {text.strip()!r} is not a percentage",
            row,
        )
    try:
        return Decimal(m.group(1))
    except InvalidOperation as exc:  # pragma: no cover - the pattern admits only decimals
        raise _error("量化数据无法识别", "bad decimal", row) from exc


@dataclass
class _Carry:
    """What an empty cell means in the indicator table: the value of the row above."""

    category: str = ""
    seq: int | None = None
    project: str = ""
    subs: list[str] = field(default_factory=list)
    lead: str = ""


def parse_indicator_table(table: Table, categories: dict[int, str] | None = None) -> list[Indicator]:
    """Read a 民生实事 table: 类别, 序号, names …, 目标任务, 牵头单位, 进展情况, 量化数据, 进度评价."""
    roles = ("category", "target", "lead", "progress", "percent", "evaluation", "status")
    header = _read_header(table.rows, roles)
    if not header.found or "target" not in header.offsets:
        raise ParseError(
            "指标表缺少表头（序号、项目名称、目标任务……）", english="indicator table without header"
        )
    has_category = "category" in header.offsets
    target_offset = header.offsets["target"]
    evaluation_role = "evaluation" if "evaluation" in header.offsets else "status"
    carry = _Carry()
    indicators: list[Indicator] = []
    for number, row, heading in _data_rows(table.rows):
        if heading is not None:
            # A group row such as "一、省级重点民生实事" gives the category of the rows below.
            if _LEVEL.search(heading):
                carry.category = _category(re.sub(r"^[一二三四五六七八九十\d]+[、.．]\s*", "", heading))
            continue
        left = [c.text for c in row[: max(len(row) - 1 - target_offset, 0)]]
        category_text = left.pop(0) if has_category and left else ""
        seq = _seq(left.pop(0) if left else "", number)
        names = [_join_lines(t) for t in left]
        target = header.text(row, "target")
        progress = header.text(row, "progress")
        percent = _percent(header.text(row, "percent"), number)
        evaluation = _status_label(header.text(row, evaluation_role), number, "进度评价")

        if seq is None and not target and not any(names) and indicators:
            _continue_indicator(indicators[-1], progress, percent, evaluation)
            continue
        if seq is not None and seq != carry.seq:
            carry.seq, carry.project, carry.subs = seq, "", []  # names carry only within an item
        if carry.seq is None:
            raise _error("第一行指标缺少序号", "first indicator row has no row number", number)
        if category_text.strip():
            carry.category = _category(category_text)
        lead = "、".join(_units(header.text(row, "lead")))
        if lead:
            carry.lead = lead
        item_names, indicator = _names(names, carry)
        if not indicator:
            raise _error(f"第{carry.seq}项缺少项目或指标名称", f"item {carry.seq} has no name", number)
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
        )
        if indicators and _same_indicator(indicators[-1], record):
            # A row split by a page break repeats its names: one indicator, not two.
            _continue_indicator(indicators[-1], progress, percent, evaluation)
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
    indicator: Indicator, progress: str, percent: Decimal | None, evaluation: Status | None
) -> None:
    if progress and progress not in indicator.progress:
        indicator.progress = f"{indicator.progress}\n{progress}" if indicator.progress else progress
    if indicator.percent is None:
        indicator.percent = percent
    if indicator.evaluation is None:
        indicator.evaluation = evaluation


# --- incentive measures -----------------------------------------------------------------------

_PROVINCIAL_LEAD = re.compile(r"\s*[（(]\s*牵头单位\s*[：:]\s*([^）)]+?)\s*[）)]\s*$")


def parse_measure_table(table: Table) -> list[Measure]:
    """Read a 措施 table: 序号, measure text "…（牵头单位：省X厅）", 牵头责任单位, 相关责任单位."""
    header = _read_header(table.rows, ("seq", "lead", "related"))
    if not header.found or "lead" not in header.offsets:
        raise ParseError("措施表缺少表头（序号、牵头责任单位……）", english="measure table without header")
    # The measure text has no fixed label ("省政府大抓落实工作激励措施"): it sits left of the lead.
    header.offsets["text"] = header.offsets["lead"] + 1
    measures: list[Measure] = []
    for number, row, heading in _data_rows(table.rows):
        if heading is not None:
            continue
        seq = _seq(header.text(row, "seq"), number)
        text, provincial = _split_provincial(header.text(row, "text"))
        lead = "、".join(_units(header.text(row, "lead")))
        related_cell = header.cell(row, "related")
        related = _units(related_cell.text) if related_cell else []
        if seq is None:
            if not measures:
                raise _error("第一行措施缺少序号", "first measure row has no row number", number)
            _continue_measure(measures[-1], text, provincial, related)
            continue
        if not text:
            raise _error(f"第{seq}项措施内容为空", f"measure {seq} has no text", number)
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
