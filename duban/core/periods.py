"""The period a bulletin reports on, read from its title: 上半年, 一季度, 1-6月 …"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

_QUARTER_END = {"一": 3, "1": 3, "二": 6, "2": 6, "三": 9, "3": 9, "四": 12, "4": 12}


@dataclass(frozen=True)
class Period:
    """A reporting period: its label as written and the as-of date it implies."""

    label: str
    as_of: date


def period_from_title(title: str, year: int | None = None) -> Period | None:
    """`关于2024年上半年…的通报` → Period("2024年上半年", 2024-06-30); None when no period is stated.

    Only the title is read: progress texts carry their own dates ("截至6月底"), which are
    facts of the item, not of the round.
    """
    m = re.search(r"(?P<y>\d{4})年(度)?", title)
    y = int(m["y"]) if m else year
    if y is None:
        return None
    prefix = f"{y}年"
    rules: list[tuple[str, int]] = [
        (r"上半年", 6),
        (r"下半年|全年|年度", 12),
        (r"前三季度", 9),
        (r"第?([一二三四1-4])季度", 0),
        (r"1\s*[-—至~－]\s*(\d{1,2})\s*月", -1),
        (r"(\d{1,2})\s*月(份)?", -2),
    ]
    for pattern, month in rules:
        mm = re.search(pattern, title)
        if not mm:
            continue
        if month == 0:
            month = _QUARTER_END[mm.group(1)]
        elif month == -1 or month == -2:
            month = int(mm.group(1))
            if not 1 <= month <= 12:
                continue
        label = prefix + (mm.group(0) if not mm.group(0).startswith(prefix) else "")
        return Period(label, date(y, month, calendar.monthrange(y, month)[1]))
    return None
