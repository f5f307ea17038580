"""The layout both form files share: columns, widths, the key, and the records read back."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from duban.core.errors import ParseError
from duban.core.model import INDICATOR_LABELS, TASK_LABELS
from duban.core.model import Status as CoreStatus
from duban.supervision.choices import ListKind

FORMAT = "duban-回执表-2"
FORMATS = {"duban-回执表-1", FORMAT}  # forms written before unit keys still read
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
ROUND_KEY = re.compile(r"duban-round:(\d+)(?::unit:(\d+))?")
HIDDEN_ITEM = re.compile(r"#(\d+)")


def round_key(round_id: int, unit_id: int) -> str:
    """The key a Word form carries: `duban-round:12:unit:34`."""
    return f"duban-round:{round_id}:unit:{unit_id}"


def kind_label(kind: str) -> str:
    """目标任务 / 民生实事指标 / 激励措施."""
    return str(ListKind(kind).label)


def status_labels(kind: str) -> list[str]:
    """The three self-assessment labels in the list kind's vocabulary."""
    labels = TASK_LABELS if kind == ListKind.TASKS else INDICATOR_LABELS
    return [labels[s] for s in CoreStatus]


STATUS_BY_LABEL = {
    **{label: str(s) for s, label in TASK_LABELS.items()},
    **{label: str(s) for s, label in INDICATOR_LABELS.items()},
}


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
    """A filled-in return form as read from its file, with what reading it noticed."""

    path: str
    round_id: int
    kind: str
    unit: str
    rows: list[FilledRow]
    unit_id: int | None = None
    is_table: bool = False  # Word: rows are table rows, not sheet rows
    warnings: list[str] = field(default_factory=list)

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
