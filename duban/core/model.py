"""Plain records shared by readers, parsers and renderers.

Everything here is a dataclass of built-in types, `Decimal` and `date`, so that the Django
layer, the JSON output of the command line and the renderers can all consume it without knowing the parsers.
"""

from __future__ import annotations

import datetime
from dataclasses import asdict, dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # sections builds on the renderers' blocks; nothing here needs it at run time
    from duban.core.sections import Section

# --- reader output -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Cell:
    """One table cell. Horizontally merged cells appear once; a vertically merged
    continuation appears as an empty cell with `merged=True` (the .txt layout cannot
    tell it from a truly empty cell, so parsers treat both alike where carrying down)."""

    text: str
    merged: bool = False


@dataclass(slots=True)
class Table:
    """A table as rows of cells. Rows may differ in length where cells merge horizontally:
    read them from the right, where the columns are stable."""

    rows: list[list[Cell]]
    line: int = 0  # 1-based source line (txt) or 0 where unknown

    def texts(self) -> list[list[str]]:
        """The cell texts, row by row."""
        return [[c.text for c in row] for row in self.rows]


@dataclass(slots=True)
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
    text: str = ""  # the whole text as read, for a plain-text source (one search beats a walk of the blocks)
    # A plain-text source read for streaming: `blocks` is left empty and the parser cuts the
    # blocks from `text` as it goes (`readers.txt.iter_blocks`), so they are never all held.
    streamed: bool = False


# --- parsed records ------------------------------------------------------------------------


class Kind(StrEnum):
    """What a document is: a 任免通知, a 督查通报, a 任务分解, or another document."""

    APPOINTMENT = "appointment"
    BULLETIN = "bulletin"
    TASK_DECOMPOSITION = "task_decomposition"
    OTHER = "other"


class Action(StrEnum):
    """What an appointment clause does: appoint (任) or remove (免)."""

    APPOINT = "appoint"
    REMOVE = "remove"


class Status(StrEnum):
    """The three progress levels. Tasks and indicators label them differently."""

    COMPLETED = "completed"
    ON_SCHEDULE = "on_schedule"
    LAGGING = "lagging"

    @property
    def task_label(self) -> str:
        """The level in the task vocabulary (基本完成 …)."""
        return TASK_LABELS[self]

    @property
    def indicator_label(self) -> str:
        """The level in the indicator vocabulary (已完成 …)."""
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


UNNAMED_SERIES = "期号"  # the series of an issue line ("第8期") that no series name stands above


@dataclass(frozen=True)
class DocNumber:
    """发文字号 (机关代字 + 〔year〕 + serial + 号), or the issue of a serial publication.

    An issue (督查通报第二十三期, 2023年第8期) has its series in `series` and `code` (the series
    stands where a 文号 has its 机关代字), its issue number in `serial`, and `total` for a
    "总第N期"; `year` is 0 when neither the issue line nor the document gives one."""

    code: str
    year: int
    serial: int
    series: str = ""  # 督查通报, 督查专报, 工作简报 …; empty for a 文号
    total: int | None = None  # 总第N期

    @property
    def is_issue(self) -> bool:
        """Whether this is the issue number of a serial publication rather than a 文号."""
        return bool(self.series)

    def __str__(self) -> str:
        if self.series:
            year = f"{self.year}年" if self.year else ""
            series = "" if self.series == UNNAMED_SERIES else self.series
            return f"{series}{year}第{self.serial}期"
        return f"{self.code}〔{self.year}〕{self.serial}号"


@dataclass
class Quantity:
    """A quantified target or figure: "2.4万方" → value 24000, unit 方."""

    text: str
    value: Decimal | None
    unit: str
    qualifier: str | None = None  # 以上 / 以下 / 不低于 / 不少于 / 提高到 / 达 …


# Slotted: an archive's parse makes one for every item (162,000 for 10,000 notices), and a slotted
# instance is made faster and holds no dict (parse about 6% faster, in the same run, same output).
@dataclass(slots=True)
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
    acting: bool = False  # 代理: the post is held as acting (决定张三为代理县长)


@dataclass
class Task:
    """One target of a 目标任务分解 with its progress (附件1 of a bulletin), or one item of a task
    list without progress (a 任务分工方案, in a table or in numbered prose)."""

    seq: int
    text: str
    lead_units: list[str]
    progress: str = ""
    status: Status | None = None
    district_livelihood: bool = False  # 区级民生实事, from the note under the table
    row: int = 0
    related_units: list[str] = field(default_factory=list)  # 责任单位 beside 牵头单位, 配合, 协办 …
    status_text: str = ""  # the progress word as written (已办结, 欠进度, 其它类 …); status maps it
    leader: str = ""  # 牵头县领导 / 责任领导: a person, not a unit
    deadline: str = ""  # 完成时限 as written
    category: str = ""  # a 类别 column, or the heading (一、…) a prose item stands under


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
    status_text: str = ""  # the evaluation word as written; evaluation maps it


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
class StatedPart:
    """One part of a stated count as written: "已办结9件，占比29%" → 已办结, 9, 29, completed."""

    label: str  # the words before the count (or the rate), as written
    count: int | None  # None for a rate such as 完成率88%
    share: Decimal | None  # the percent as written
    status: Status | None  # the level the label means, None when it means none (其它类)


@dataclass
class StatedCount:
    """A count sentence of a bulletin: "80项目标任务中，已完成…的7项，占8.8%…"."""

    subject: str  # 目标任务 / 省市重点民生实事 / 省级重点民生实事 …
    total: int
    unit: str  # 项 / 件 / 个: the measure word
    counts: dict[str, int] = field(default_factory=dict)  # Status value → count
    shares: dict[str, Decimal] = field(default_factory=dict)  # Status value → percent as written
    parts: list[StatedPart] = field(default_factory=list)  # every part in order, with its own label
    share_word: str = ""  # 占 / 占比 / 占总任务的: how the source introduces a share
    subject_first: bool = False  # "确定事项31件，…" rather than "31件确定事项中，…"


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
    # "tasks"/"indicators" → whether the list reports progress (a round); False for a task list
    # alone (a 任务分工方案 table or numbered prose): it opens no round.
    has_progress: dict[str, bool] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    text: str = ""  # the document's own source text, for content hashing
    path: str = ""
    line: int = 0  # first line in the source file
    published: datetime.date | None = None  # a web copy's 发布日期 (`date` stays the 成文日期)
    metadata: dict[str, str] = field(default_factory=dict)  # a web copy's metadata block, key → value
    raw: str = ""  # the text as written when it was converted (traditional script), else ""

    def to_json(self) -> dict[str, Any]:
        """The machine-readable form of one document, as the command line prints it."""
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
            "has_progress": dict(self.has_progress),
            "warnings": list(self.warnings),
            "path": self.path,
            "line": self.line,
            "published": self.published.isoformat() if self.published else None,
            "metadata": dict(self.metadata),
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
