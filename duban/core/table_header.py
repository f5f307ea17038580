"""Table headers: which column holds what, read by the words of the header rows.

Rows are read from the right: the last columns (status, percent, progress, lead unit) are
stable, while cells on the left merge horizontally and so vary in number from row to row.
Header rows are recognised by their words wherever they occur, because Word repeats them after
a page break. Column roles are found by meaning and priority: 牵头单位 / 主办 lead, 责任单位 leads
alone but is the related units beside a 牵头单位, 配合 / 协办 are related, 牵头县领导 is a person,
完成时限 a deadline, 落实情况 / 办理情况 progress.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from duban.core.errors import ParseError
from duban.core.model import Cell, Status, Table
from duban.core.vocabulary import is_known_word, is_status_label, status_of

# --- header words ----------------------------------------------------------------------------

# The sample's labels, for callers that want the exact words; any word is read by meaning.
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
MARKS = {"√", "✓", "✔", "☑", "是", "v", "V"}
UNMARKED = {"", "×", "✗", "✘", "否", "/", "-", "—", "－", "无"}
NO_PERCENT = {"", "/", "-", "—", "－", "——", "无", "暂无", "不适用"}

ROLES: dict[str, set[str]] = {
    "seq": {"序号", "编号", "序"},
    "category": {"类别", "类型", "级别", "实事类别", "分类"},
    "names": {"项目名称", "实事项目", "项目", "指标名称", "民生实事", "实事名称"},
    "task": {
        "目标任务",
        "任务",
        "工作任务",
        "主要任务",
        "重点任务",
        "任务内容",
        "目标任务内容",
        "工作目标",
        "确定事项",
        "事项",
        "工作事项",
        "具体任务",
        "工作内容",
        "重点工作",
        "督办事项",
        "交办事项",
    },
    "target": {"目标任务", "目标", "目标值", "年度目标", "任务目标", "目标任务数", "年度任务"},
    "lead": {
        "牵头单位",
        "牵头责任单位",
        "责任单位",
        "主责单位",
        "牵头部门",
        "责任部门",
        "主办单位",
        "主办",
        "承办单位",
    },
    "related": {
        "相关责任单位",
        "配合单位",
        "协办单位",
        "协办",
        "配合",
        "相关单位",
        "参与单位",
        "配合责任单位",
        "配合部门",
        "协同单位",
    },
    "leader": {
        "牵头县领导",
        "牵头区领导",
        "牵头市领导",
        "牵头领导",
        "责任领导",
        "分管领导",
        "联系领导",
        "责任县领导",
        "县级领导",
        "包保领导",
    },
    "deadline": {"完成时限", "时限", "完成时间", "时间节点", "办结时限"},
    "progress": {
        "进展情况",
        "工作进展",
        "完成情况",
        "进展",
        "推进情况",
        "进展情况说明",
        "落实情况",
        "办理情况",
        "工作推进情况",
        "推进落实情况",
    },
    "percent": {"量化数据", "完成率", "完成比例", "完成进度（%）", "完成进度(%)", "量化指标"},
    "evaluation": {"进度评价", "评价", "工作评价"},
    "status": {
        "工作进度",
        "进度",
        "完成进度",
        "进度情况",
        "推进进度",
        "办理状态",
        "推进状态",
        "完成状态",
        "状态",
    },
}
# Lead words that outrank 责任单位: beside one of them, 责任单位 are the related units.
_PRIMARY_LEAD = frozenset({"牵头单位", "牵头责任单位", "主责单位", "牵头部门", "主办单位", "主办"})
_SECONDARY_LEAD = frozenset({"责任单位", "责任部门", "承办单位"})
HEADER_WORDS: frozenset[str] = frozenset().union(*ROLES.values(), {"备注"})
# The roles a task table is read for.
TASK_ROLES = (
    "seq",
    "task",
    "lead",
    "related",
    "leader",
    "deadline",
    "category",
    "progress",
    "status",
    "evaluation",
)
# The roles that carry a round's progress: a task list without them has no round.
PROGRESS_ROLES = ("progress", "status", "evaluation", "percent")


def norm(text: str) -> str:
    """Header-comparable text: no whitespace or line breaks ("基本\\n完成" → "基本完成")."""
    return re.sub(r"\s+", "", text)


def join_lines(text: str) -> str:
    """A name wrapped over several lines in its cell: "推进教育\\n高质量发展" → one line."""
    return re.sub(r"\s*\n\s*", "", text).strip()


def is_header_row(row: list[Cell]) -> bool:
    """A row of column labels: two or more header words, or only progress labels (the √ columns)."""
    words = [norm(c.text) for c in row if c.text.strip()]
    if not words or any(seq_number(w) is not None for w in words):
        return False
    headers = sum(1 for w in words if w in HEADER_WORDS)
    statuses = [w for w in words if w not in HEADER_WORDS and is_status_label(w)]
    # The √ columns' labels name different levels; "已完成 … 已完成" is a data row's progress.
    distinct = len({status_of(w) or w for w in statuses})
    return headers >= 2 or (distinct >= 2 and headers + len(statuses) == len(words))


def classify_table(table: Table) -> str:
    """ "tasks" | "indicators" | "measures" | "unknown", from the words of the header rows."""
    words: set[str] = set()
    for row in table.rows[:4]:
        if is_header_row(row):
            words.update(norm(c.text) for c in row)
    if not words:
        return "unknown"
    # A 类别 column alone does not make an indicator table: task lists have categories too.
    if words & (ROLES["percent"] | ROLES["names"]) or (
        words & ROLES["category"] and not words & (ROLES["task"] - ROLES["target"])
    ):
        return "indicators"
    if any("措施" in w for w in words):
        return "measures"
    # A task list may also name related units; only a table without task words is a measure list.
    others = (
        ROLES["lead"]
        | ROLES["progress"]
        | ROLES["status"]
        | ROLES["evaluation"]
        | ROLES["related"]
        | ROLES["leader"]
        | ROLES["deadline"]
    )
    if words & ROLES["task"] and words & others:
        return "tasks"
    if words & ROLES["related"]:
        return "measures"
    if words & ROLES["evaluation"]:
        return "indicators"
    return "unknown"


# --- the header: which column (counted from the right) holds what ------------------------------


@dataclass
class Header:
    """Column roles as offsets from the right end of a data row (0 = last cell)."""

    offsets: dict[str, int] = field(default_factory=dict)
    status_columns: dict[int, str] = field(default_factory=dict)  # the √ columns: offset → label
    found: bool = False

    def has_progress(self) -> bool:
        """Whether the table carries progress (a round) rather than only the tasks."""
        return bool(self.status_columns) or any(role in self.offsets for role in PROGRESS_ROLES)

    def cell(self, row: list[Cell], role: str) -> Cell | None:
        """The cell of a role in a data row, or None where the row is too short."""
        offset = self.offsets.get(role)
        if offset is None or offset >= len(row):
            return None
        return row[len(row) - 1 - offset]

    def text(self, row: list[Cell], role: str) -> str:
        """The stripped text of a role in a data row ("" when absent)."""
        cell = self.cell(row, role)
        return cell.text.strip() if cell else ""


def read_header(rows: list[list[Cell]], roles: Iterable[str]) -> Header:
    """The column roles of a table from its header rows (every row that reads as one)."""
    header = Header()
    header_rows = [row for row in rows if is_header_row(row)]
    if not header_rows:
        return header
    header.found = True
    for row in header_rows:
        for i, cell in enumerate(row):
            word = norm(cell.text)
            if word not in HEADER_WORDS and is_status_label(word):
                header.status_columns[len(row) - 1 - i] = word
    group = len(header.status_columns) or 1  # columns under a "工作进度" label spanning the √ columns
    words = {norm(c.text) for row in header_rows for c in row}
    primary = bool(words & _PRIMARY_LEAD)
    for row in header_rows:
        has_statuses = any(norm(c.text) not in HEADER_WORDS and is_status_label(c.text) for c in row)
        offset = 0
        for cell in reversed(row):
            word = norm(cell.text)
            spans_statuses = word in ROLES["status"] and not has_statuses
            for role in _roles_of(word, primary):
                if role in roles and role not in header.offsets:
                    header.offsets[role] = offset
            offset += group if spans_statuses else 1
    return header


def _roles_of(word: str, primary: bool) -> list[str]:
    """The roles a header word can have: 责任单位 leads alone, but is related beside 牵头单位."""
    if word in _SECONDARY_LEAD:
        return ["related"] if primary else ["lead"]
    return [role for role, names in ROLES.items() if word in names]


def data_rows(rows: list[list[Cell]]) -> Iterator[tuple[int, list[Cell], str | None]]:
    """(1-based row number, row, heading text or None) for each row after the first header row.

    Rows above the header are the table's own title; header rows repeated after a page break
    and empty rows are skipped. A heading is a row whose only text is in its first cell and
    is not a row number, such as "一、省级重点民生实事" across the whole width."""
    first = next((i for i, row in enumerate(rows) if is_header_row(row)), 0)
    for number, row in enumerate(rows[first:], start=first + 1):
        filled = [c.text.strip() for c in row if c.text.strip()]
        if not filled or is_header_row(row):
            continue
        heading = len(filled) == 1 and row[0].text.strip() == filled[0] and seq_number(filled[0]) is None
        yield number, row, filled[0] if heading else None


def row_error(message: str, english: str, row: int) -> ParseError:
    """A ParseError for a table row."""
    return ParseError(message, english=english, row=row)


def seq_number(text: str) -> int | None:
    """A 序号 as written ("12", "（3）", "4、") → its number, else None."""
    m = re.fullmatch(r"[（(]?(\d{1,5})[)）.、．]?", norm(text))
    return int(m.group(1)) if m else None


def read_seq(text: str, row: int) -> int | None:
    """The 序号 of a row; None when empty (a continuation); ParseError when not a number."""
    if not text.strip():
        return None
    number = seq_number(text)
    if number is None:
        raise row_error(
            f"序号“{text.strip()}”不是数字",
            f"row number {text.strip()!r} is not a number",
            row,
        )
    return number


def split_units(text: str) -> list[str]:
    """Units written one per line (or separated by 、/，/；) → a list, group references as written."""
    return [u for u in (part.strip() for part in re.split(r"[\n、，,；;]+", text)) if u]


def status_label(text: str, row: int, column: str, warnings: list[str]) -> tuple[Status | None, str]:
    """The level of a progress word and the word as written; an unknown word is a row warning."""
    word = norm(text)
    if not word:
        return None, ""
    if not is_known_word(word):
        warnings.append(
            f"表格第{row}行：“{column}”栏的“{text.strip()}”未能归入已完成、正常推进或滞后，按原文保留"
        )
    return status_of(word), word
