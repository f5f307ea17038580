"""Progress words by meaning: every office has its own, the records have three levels.

Offices write 已办结, 超额完成, 有序推进, 按序时, 欠进度, 未达序时 … where the sample writes 基本完成,
常态化或按时序推进, 相对滞后. A word is mapped to a level by what it says (a word of lagging
wins over a word of progress: 推进缓慢 is lagging), and is always kept as written. Some sources
count a fourth or fifth category of their own (其它类, 已开工, 未开工): those keep their label and
map to no level, and so does any word this module cannot place — the caller warns about the
latter, row by row, and goes on.
"""

from __future__ import annotations

import re

from duban.core.model import Status

# Exact words first: the common ones, including the sample's labels.
_EXACT: dict[str, Status] = {
    "基本完成": Status.COMPLETED,
    "已完成": Status.COMPLETED,
    "完成": Status.COMPLETED,
    "已办结": Status.COMPLETED,
    "办结": Status.COMPLETED,
    "已落实": Status.COMPLETED,
    "常态化或按时序推进": Status.ON_SCHEDULE,
    "常态化推进": Status.ON_SCHEDULE,
    "按时序推进": Status.ON_SCHEDULE,
    "正常推进": Status.ON_SCHEDULE,
    "序时推进": Status.ON_SCHEDULE,
    "相对滞后": Status.LAGGING,
    "滞后": Status.LAGGING,
    "进度滞后": Status.LAGGING,
}
# By meaning, in this order: lagging words, then completion, then progress on schedule.
_LAGGING = re.compile(
    r"滞后|缓慢|欠进度|欠序时|欠|未达|低于序时|慢于|落后|未启动|未开工|未完成|未办结|未按|推进不力|严重超时|逾期"
)
_COMPLETED = re.compile(r"完成|办结|超进度|超序时|已落实|已销号|已整改到位|已建成|已投用|已竣工")
_ON_SCHEDULE = re.compile(
    r"推进|办理中|正在办理|正在实施|序时|时序|达进度|达到进度|正常|有序|按计划|按期|同步|持续|常态"
)
# Categories some sources count beside the three levels: kept as their own label, no warning.
OWN_CATEGORIES = frozenset({"其它类", "其他类", "其它", "其他", "已开工", "未开工", "长期坚持", "长期坚持类"})


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", text)


def status_of(word: str) -> Status | None:
    """The level a progress word means (已办结 → completed, 欠进度 → lagging), or None."""
    w = _norm(word)
    if not w:
        return None
    if w in _EXACT:
        return _EXACT[w]
    if w in OWN_CATEGORIES:
        return None
    if _LAGGING.search(w):
        return Status.LAGGING
    if _COMPLETED.search(w):
        return Status.COMPLETED
    if _ON_SCHEDULE.search(w):
        return Status.ON_SCHEDULE
    return None


def is_known_word(word: str) -> bool:
    """Whether a progress word is placed (a level, or a category a source keeps of its own)."""
    w = _norm(word)
    return status_of(w) is not None or w in OWN_CATEGORIES


def is_status_label(word: str) -> bool:
    """A header label of a √ column or a status value (short, and placed)."""
    w = _norm(word)
    return 0 < len(w) <= 10 and is_known_word(w)
