"""Build the annex tables of a supervision bulletin from the core records.

The layouts follow the bulletin's own annexes (附件1: tasks, 附件2: 民生实事 indicators). Widths
are for an A4 landscape page whose text block is 225 mm wide (see `docx`).

Indicator layout (附件2). One body row per indicator, columns::

    类别 | 序号 | 项目名称 (one column per name level) | 目标任务 (indicator | target) | 牵头单位 | 进展情况 | 量化数据 | 进度评价

* 项目名称 is a hierarchy (project, then sub-projects): name level i goes in the i-th
  项目名称 column; a row with fewer names than the deepest one lets its last name span the
  remaining name columns, as the original table does.
* 类别 merges down each run of rows of the same category and reads "省级重点民生实事" (in
  lines of two characters, as the bulletin prints it); 序号, each name level and 牵头单位 merge
  down the rows of one item (same category and 序号) where they are equal.
* 目标任务 keeps the indicator ("城市低保标准不低于") and its target ("700元/月") in two
  columns under one header, as the original does, so the target reads as the end of the sentence.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from duban.core.model import TASK_LABELS, Indicator, Status, Task, decimal_str
from duban.core.render.spec import Annex, AnnexTable, HeaderCell, Merge

CHECK = "√"
STATUS_ORDER = (Status.COMPLETED, Status.ON_SCHEDULE, Status.LAGGING)

# 附件1 widths (mm): 序号, 目标任务, 牵头单位, 进展情况, then the three status columns.
TASK_WIDTHS = [12.0, 58.0, 26.0, 87.0, 12.0, 18.0, 12.0]
# 附件2 widths (mm) without the name columns, which share NAMES_WIDTH.
NAMES_WIDTH = 40.0
INDICATOR_WIDTHS_BEFORE = [14.0, 12.0]  # 类别, 序号
INDICATOR_WIDTHS_AFTER = [30.0, 20.0, 22.0, 49.0, 16.0, 22.0]  # 目标任务 ×2, 牵头单位, 进展, 量化, 评价


def percent_text(value: Decimal | None) -> str:
    """A percentage as written in the bulletins: "85%", "100.45%"; empty when unknown."""
    return "" if value is None else f"{decimal_str(value)}%"


def category_label(category: str) -> str:
    """The 类别 cell as the bulletin writes it: "省级" → "省级\n重点\n民生\n实事", two characters a line."""
    if category in ("国家级", "省级", "市级", "州级", "区级", "县级"):
        return "\n".join([category, "重点", "民生", "实事"])
    return category


def task_annex(tasks: list[Task], title: str, note: str | None = None, label: str = "附件1") -> Annex:
    """附件1: the tasks with their progress and a √ under one of the three 工作进度 states.

    Without an explicit `note`, one is written from the tasks flagged as 区级民生实事
    ("注：第48、49项为区级民生实事。"), as the original table carries it.
    """
    header = [
        [
            HeaderCell("序号", row_span=2),
            HeaderCell("目标任务", row_span=2),
            HeaderCell("牵头单位", row_span=2),
            HeaderCell("进展情况", row_span=2),
            HeaderCell("工作进度", col_span=3),
        ],
        [HeaderCell(TASK_LABELS[s]) for s in STATUS_ORDER],
    ]
    rows = [
        [
            str(t.seq),
            t.text,
            "\n".join(t.lead_units),
            t.progress,
            *(CHECK if t.status is s else "" for s in STATUS_ORDER),
        ]
        for t in tasks
    ]
    if note is None:
        flagged = [str(t.seq) for t in tasks if t.district_livelihood]
        note = f"注：第{'、'.join(flagged)}项为区级民生实事。" if flagged else None
    table = AnnexTable(header=header, rows=rows, col_widths_mm=list(TASK_WIDTHS), status_columns=[4, 5, 6])
    table.check()
    return Annex(label=label, title=title, table=table, notes=[note] if note else [])


def indicator_annex(
    indicators: list[Indicator], title: str, note: str | None = None, label: str = "附件2"
) -> Annex:
    """附件2: the 民生实事 indicators, one row each, with the item's cells merged down (see module doc)."""
    depth = max((len(i.names) for i in indicators), default=1) or 1
    names_at = 2
    after = names_at + depth  # first column after the names
    header = [
        [
            HeaderCell("类别"),
            HeaderCell("序号"),
            HeaderCell("项目名称", col_span=depth),
            HeaderCell("目标任务", col_span=2),
            HeaderCell("牵头单位"),
            HeaderCell("进展情况"),
            HeaderCell("量化数据"),
            HeaderCell("进度评价"),
        ]
    ]
    rows: list[list[str]] = []
    for ind in indicators:
        names = ind.names or [""]
        cells = [""] * depth
        cells[: len(names)] = names
        rows.append(
            [
                category_label(ind.category),
                str(ind.seq),
                *cells,
                ind.indicator,
                ind.target.text,
                ind.lead_unit,
                ind.progress,
                percent_text(ind.percent),
                ind.evaluation.indicator_label if ind.evaluation else "",
            ]
        )

    merges: list[Merge] = []
    merges += _runs(indicators, 0, lambda i: i.category)
    items = _runs_of(indicators, lambda i: (i.category, i.seq))
    for r0, r1 in items:
        group = indicators[r0 : r1 + 1]
        if r1 > r0:
            merges.append((r0, 1, r1, 1))  # 序号
        merges += _shift(_runs(group, after + 2, lambda i: i.lead_unit), r0)
        merges += _shift(_name_merges(group, names_at, depth), r0)
    widths = [
        *INDICATOR_WIDTHS_BEFORE,
        *([round(NAMES_WIDTH / depth, 2)] * depth),
        *INDICATOR_WIDTHS_AFTER,
    ]
    table = AnnexTable(header=header, rows=rows, col_widths_mm=widths, merges=merges)
    table.check()
    return Annex(label=label, title=title, table=table, notes=[note] if note else [])


Key = Callable[[Indicator], object]


def _runs_of(items: list[Indicator], key: Key) -> list[tuple[int, int]]:
    """Index ranges (inclusive) of consecutive items with an equal key."""
    spans: list[tuple[int, int]] = []
    for i, item in enumerate(items):
        if spans and key(items[spans[-1][0]]) == key(item):
            spans[-1] = (spans[-1][0], i)
        else:
            spans.append((i, i))
    return spans


def _runs(items: list[Indicator], col: int, key: Key) -> list[Merge]:
    """Vertical merges of one column over runs of equal keys (runs of one row need none)."""
    return [(r0, col, r1, col) for r0, r1 in _runs_of(items, key) if r1 > r0]


def _shift(merges: list[Merge], by: int) -> list[Merge]:
    return [(r0 + by, c0, r1 + by, c1) for r0, c0, r1, c1 in merges]


def _name_merges(group: list[Indicator], first_col: int, depth: int) -> list[Merge]:
    """Merges of the 项目名称 columns within one item.

    Name level i merges down rows sharing names[:i+1]; a row whose last name is at level i
    spans it across the deeper name columns too (the rectangle covers both directions).
    """
    merges: list[Merge] = []
    for level in range(depth):
        keys = [_name_key(ind, level, depth) for ind in group]
        start = 0
        while start < len(keys):
            key, stop = keys[start], start
            while key is not None and stop + 1 < len(keys) and keys[stop + 1] == key:
                stop += 1
            if key is not None and (stop > start or key[1] > level):
                merges.append((start, first_col + level, stop, first_col + key[1]))
            start = stop + 1
    return merges


def _name_key(ind: Indicator, level: int, depth: int) -> tuple[tuple[str, ...], int] | None:
    """(names down to `level`, last name column it covers), or None when the row has no name there."""
    names = ind.names or [""]
    if level >= len(names):
        return None
    last = depth - 1 if level == len(names) - 1 else level
    return tuple(names[: level + 1]), last
