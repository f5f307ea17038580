"""ECharts options for the dashboards, built from the same rows the pages print as tables.

A page puts each option in a `<script type="application/json">` block (the Content-Security-Policy
runs no inline script) and `web/duban.js` draws it. The table beside every chart is the record;
the chart is a picture of the same numbers, so nothing here computes anything new.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

# One colour per level, the lights' colours; categories a source names itself get the spare ones.
COLOURS = {
    "completed": "#2e9d4e",
    "on_schedule": "#3a6fb5",
    "lagging": "#d9342b",
    "": "#adb5bd",
    "late": "#e08a1e",
}
SPARE = ["#8e6cc0", "#e08a1e", "#17a2b8", "#6c757d"]
FONT = '"Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", sans-serif'


@dataclass(frozen=True)
class Series:
    """One stacked series: its name, its colour key and a value per category (None: no data)."""

    name: str
    key: str
    values: list[Decimal | int | None]


def colour(key: str, index: int) -> str:
    return COLOURS.get(key, SPARE[index % len(SPARE)])


def _number(value: Decimal | int | None) -> float | int | None:
    if value is None:
        return None
    return int(value) if isinstance(value, int) else float(value)


def _base() -> dict[str, Any]:
    return {
        "animation": False,  # printed pages and screenshots show the final picture
        "textStyle": {"fontFamily": FONT},
        "grid": {"left": 8, "right": 24, "top": 40, "bottom": 8, "containLabel": True},
        "legend": {"top": 0},
        "tooltip": {"trigger": "axis", "axisPointer": {"type": "shadow"}},
    }


def stacked_bars(
    categories: list[str], series: list[Series], *, horizontal: bool = False, unit: str = "%"
) -> dict[str, Any]:
    """Bars stacked to 100 % (or to a count), one bar per category (a round, a region, a list)."""
    option = _base()
    names = {"type": "category", "data": categories, "axisLabel": {"interval": 0}}
    values: dict[str, Any] = {"type": "value", "axisLabel": {"formatter": "{value}" + unit}}
    if unit == "%":
        values["max"] = 100
    if horizontal:
        option["xAxis"], option["yAxis"] = values, {**names, "inverse": True}
    else:
        option["xAxis"], option["yAxis"] = names, values
    option["series"] = [
        {
            "name": s.name,
            "type": "bar",
            "stack": "all",
            "barMaxWidth": 48,
            "itemStyle": {"color": colour(s.key, i)},
            "label": {"show": True, "formatter": "{c}" + unit, "fontSize": 11},
            "labelLayout": {"hideOverlap": True},
            # A zero is left out (null), so that no "0%" label sits on an empty segment.
            "data": [_number(v) if v else None for v in s.values],
        }
        for i, s in enumerate(series)
    ]
    return option


def share_pie(parts: list[tuple[str, str, int]]) -> dict[str, Any]:
    """A ring of the categories' counts (label, colour key, count): a round's status distribution."""
    option = _base()
    option["tooltip"] = {"trigger": "item", "formatter": "{b}：{c}（{d}%）"}
    option["series"] = [
        {
            "type": "pie",
            "radius": ["40%", "68%"],
            "center": ["50%", "58%"],
            "label": {"formatter": "{b}\n{c}"},
            "data": [
                {"name": label, "value": count, "itemStyle": {"color": colour(key, i)}}
                for i, (label, key, count) in enumerate(parts)
                if count
            ],
        }
    ]
    return option


def progress_line(year: int, points: list[tuple[date, Decimal | None]], name: str) -> dict[str, Any]:
    """An item's completion at each round's date against the year's diagonal (the time elapsed)."""
    option = _base()
    option["tooltip"] = {"trigger": "item"}
    option["xAxis"] = {
        "type": "time",
        "min": f"{year}-01-01",
        "max": f"{year}-12-31",
        "axisLabel": {"formatter": "{M}月"},
    }
    option["yAxis"] = {"type": "value", "min": 0, "axisLabel": {"formatter": "{value}%"}}
    option["series"] = [
        {
            "name": "时间进度",
            "type": "line",
            "symbol": "none",
            "lineStyle": {"type": "dashed", "color": "#6c757d"},
            "itemStyle": {"color": "#6c757d"},
            "data": [[f"{year}-01-01", 0], [f"{year}-12-31", 100]],
        },
        {
            "name": name,
            "type": "line",
            "symbolSize": 9,
            "itemStyle": {"color": COLOURS["on_schedule"]},
            "label": {"show": True, "formatter": "{@[1]}%"},
            "data": [[day.isoformat(), _number(value)] for day, value in points if value is not None],
        },
    ]
    return option


def counts_and_line(
    categories: list[str], bars: list[Series], line: Series, *, unit: str = "项"
) -> dict[str, Any]:
    """Stacked counts per category with one more series drawn as a line (a unit's rounds: reported
    on time, late, missing — and how many of its items lagged)."""
    option = stacked_bars(categories, bars, unit=unit)
    option["yAxis"]["minInterval"] = 1
    option["series"].append(
        {
            "name": line.name,
            "type": "line",
            "symbolSize": 8,
            "itemStyle": {"color": colour(line.key, 0)},
            "data": [_number(v) for v in line.values],
        }
    )
    return option
