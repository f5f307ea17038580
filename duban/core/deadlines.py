"""完成时限 as a date: "6月底", "2024年9月30日前", "年底前" — the last day the text allows.

Item deadlines are free text in the task lists; the year-end assessment asks whether an item was
completed by its deadline. A text without a month (年底, 全年, 长期坚持, empty) means the year's end.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

_DATE = re.compile(r"(?:(?P<y>\d{4})\s*年)?\s*(?P<m>\d{1,2})\s*月(?:\s*(?P<d>\d{1,2})\s*[日号])?")
_SPELLED_MONTHS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_SPELLED = re.compile(r"(?P<m>十[一二]|[一二三四五六七八九十])月")


def deadline_of(text: str, year: int) -> date:
    """The last day a 完成时限 allows in the given year (a range "6-9月" ends with its last month)."""
    found = list(_DATE.finditer(text))
    if found:
        last = found[-1]
        y = int(last["y"]) if last["y"] else year
        m = int(last["m"])
        if 1 <= m <= 12:
            end = calendar.monthrange(y, m)[1]
            d = int(last["d"]) if last["d"] else end
            return date(y, m, min(max(d, 1), end))
    spelled = list(_SPELLED.finditer(text))
    if spelled:
        word = spelled[-1]["m"]
        m = 10 + _SPELLED_MONTHS[word[1]] if len(word) == 2 else _SPELLED_MONTHS[word]
        return date(year, m, calendar.monthrange(year, m)[1])
    return date(year, 12, 31)
