"""Plain records shared by readers, parsers and renderers.

Everything here is a dataclass of built-in types, `Decimal` and `date`, so that the Django
layer, the CLI (`--json`) and the renderers can all consume it without knowing the parsers.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # sections builds on the renderers' blocks; nothing here needs it at run time
    from duban.core.sections import Section

# --- reader output -------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    """One table cell. Horizontally merged cells appear once; a vertically merged
    continuation appears as an empty cell with `merged=True` (the .txt layout cannot
    tell it from a truly empty cell, so parsers treat both alike where carrying down)."""

    text: str
    merged: bool = False


@dataclass
class Table:
    """A table as rows of cells. Rows may differ in length where cells merge horizontally:
    read them from the right, where the columns are stable."""

    rows: list[list[Cell]]
    line: int = 0  # 1-based source line (txt) or 0 where unknown

    def texts(self) -> list[list[str]]:
        return [[c.text for c in row] for row in self.rows]


@dataclass
class Paragraph:
    """One paragraph of running text (one line of the .txt layout)."""

    text: str
    line: int = 0


Block = Paragraph | Table


@dataclass
class Source:
    """What a reader returns: the blocks of a file, in order."""

    path: str
    blocks: list[Block]


# --- parsed records ------------------------------------------------------------------------


class Kind(StrEnum):
    APPOINTMENT = "appointment"
    BULLETIN = "bulletin"
    TASK_DECOMPOSITION = "task_decomposition"
    OTHER = "other"


class Action(StrEnum):
    APPOINT = "appoint"
    REMOVE = "remove"


class Status(StrEnum):
    """The three progress levels. Tasks and indicators label them differently."""

    COMPLETED = "completed"
    ON_SCHEDULE = "on_schedule"
    LAGGING = "lagging"

    @property
    def task_label(self) -> str:
        return TASK_LABELS[self]

    @property
    def indicator_label(self) -> str:
        return INDICATOR_LABELS[self]


TASK_LABELS = {
    Status.COMPLETED: "基本完成",
    Status.ON_SCHEDULE: "常态化或按时序推进",
    Status.LAGGING: "相对滞后",
}
INDICATOR_LABELS = {
    Status.COMPLETED: "已完成",
    Status.ON_SCHEDULE: "正常推进",
    Status.LAGGING: "滞后",
}


@dataclass(frozen=True)
class DocNumber:
    """发文字号: 机关代字 + 〔year〕 + serial + 号."""

    code: str
    year: int
    serial: int

    def __str__(self) -> str:
        return f"{self.code}〔{self.year}〕{self.serial}号"


@dataclass
class Quantity:
    """A quantified target or figure: "2.4万方" → value 24000, unit 方."""

    text: str
    value: Decimal | None
    unit: str
    qualifier: str | None = None  # 以上 / 以下 / 不低于 / 不少于 / 提高到 / 达 …


@dataclass
class Appointment:
    """One person × post × action of a 任免通知."""

    person: str
    action: Action
    post: str  # exactly as written, without 同志/职务/bracketed notes
    org: str
    title: str
    probation: str | None = None  # "一年", "六个月" …
    concurrent: bool = False
    raw: str = ""  # the clause as written
    mode: str = "任"  # the verb as written: 任 / 任命 / 聘任 / 挂职 / 为 / 免去 / 解聘 …
    rank: bool = False  # a rank (职级) such as 一级主任科员, not a post
    line: int = 0


@dataclass
class Task:
    """One target of a 目标任务分解 with its progress (附件1 of a bulletin)."""

    seq: int
    text: str
    lead_units: list[str]
    progress: str = ""
    status: Status | None = None
    district_livelihood: bool = False  # 区级民生实事, from the note under the table
    row: int = 0


@dataclass
class Indicator:
    """One quantified 民生实事 indicator (附件2 of a bulletin)."""

    category: str  # 省级 / 市级 / 区级
    seq: int
    names: list[str]  # project name, then sub-project names
    indicator: str
    target: Quantity
    lead_unit: str
    progress: str = ""
    percent: Decimal | None = None
    evaluation: Status | None = None
    row: int = 0


@dataclass
class Measure:
    """One incentive measure of a 任务分解 table."""

    seq: int
    text: str
    provincial_lead: str | None
    lead_unit: str
    related_units: list[str]
    row: int = 0


@dataclass
class StatedCount:
    """A count sentence of a bulletin: "80项目标任务中，已完成…的7项，占8.8%…"."""

    subject: str  # 目标任务 / 省市重点民生实事 / 省级重点民生实事 …
    total: int
    unit: str  # 项 / 件
    counts: dict[str, int] = field(default_factory=dict)  # Status value → count
    shares: dict[str, Decimal] = field(default_factory=dict)  # Status value → percent as written


@dataclass
class ParsedDocument:
    """One official document as the core understood it."""

    kind: Kind
    number: DocNumber | None
    issuer: str = ""
    title: str = ""
    date: date | None = None
    recipients: list[str] = field(default_factory=list)
    attachments: list[str] = field(default_factory=list)
    body: list[str] = field(default_factory=list)
    appointments: list[Appointment] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    measures: list[Measure] = field(default_factory=list)
    stated_counts: list[StatedCount] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)  # bulletins: the body as sections
    list_titles: dict[str, str] = field(default_factory=dict)  # "tasks"/"indicators"/"measures" → annex title
    warnings: list[str] = field(default_factory=list)
    text: str = ""  # the document's own source text, for content hashing
    path: str = ""
    line: int = 0  # first line in the source file

    def to_json(self) -> dict[str, Any]:
        """The `duban parse --json` contract for one document."""
        return {
            "kind": str(self.kind),
            "number": str(self.number) if self.number else None,
            "number_parts": asdict(self.number) if self.number else None,
            "issuer": self.issuer,
            "title": self.title,
            "date": self.date.isoformat() if self.date else None,
            "recipients": list(self.recipients),
            "attachments": list(self.attachments),
            "appointments": [_plain(asdict(a)) for a in self.appointments],
            "tasks": [_task_json(t) for t in self.tasks],
            "indicators": [_indicator_json(i) for i in self.indicators],
            "measures": [_plain(asdict(m)) for m in self.measures],
            "stated_counts": [_plain(asdict(s)) for s in self.stated_counts],
            "list_titles": dict(self.list_titles),
            "warnings": list(self.warnings),
            "path": self.path,
            "line": self.line,
        }


def _task_json(t: Task) -> dict[str, Any]:
    d = _plain(asdict(t))
    d["status_label"] = t.status.task_label if t.status else None
    return d


def _indicator_json(i: Indicator) -> dict[str, Any]:
    d = _plain(asdict(i))
    d["evaluation_label"] = i.evaluation.indicator_label if i.evaluation else None
    return d


def _plain(value: Any) -> Any:
    """Make a dataclass dict JSON-ready: Decimal → str (exact), date → ISO, enums → value."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, Decimal):
        return decimal_str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, StrEnum):
        return str(value)
    return value


def decimal_str(value: Decimal) -> str:
    """Exact plain notation without exponent or trailing zeros: 24000, 100.45, 0.7."""
    text = format(value.normalize(), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text
