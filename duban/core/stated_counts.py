"""The count sentences of a bulletin's 基本情况: "80项目标任务中，已完成…的7项，占8.8%；…"."""

from __future__ import annotations

import re
from decimal import Decimal

from duban.core.model import StatedCount, Status

_HEAD_RE = re.compile(r"(?P<total>\d+)(?P<unit>[项件个条])(?P<subject>[\u4e00-\u9fff]{2,24}?)中[，,]")
_PART_RE = re.compile(
    r"(?P<label>[^，,；;。]*?)(?P<n>\d+)(?P<unit>[项件个条])\s*[，,]?\s*占(?:比)?(?P<pct>\d+(?:\.\d+)?)\s*[%％]"
)


def classify_label(label: str) -> Status | None:
    """Which level a phrase such as `进展相对滞后的` or `达到时间与进度同步的` counts."""
    if "滞后" in label:
        return Status.LAGGING
    if re.search(r"同步|按时序|序时|正常推进|按计划", label):
        return Status.ON_SCHEDULE
    if "完成" in label and "未完成" not in label:
        return Status.COMPLETED
    return None


def parse_stated_counts(paragraphs: list[str]) -> list[StatedCount]:
    """Every "N项X中，…的a项，占p%；…" statement in the paragraphs, in order."""
    found: list[StatedCount] = []
    for text in paragraphs:
        heads = list(_HEAD_RE.finditer(text))
        for k, head in enumerate(heads):
            end = heads[k + 1].start() if k + 1 < len(heads) else len(text)
            segment = text[head.end() : end]
            stated = StatedCount(subject=head["subject"], total=int(head["total"]), unit=head["unit"])
            for part in _PART_RE.finditer(segment):
                status = classify_label(part["label"])
                if status is None or status.value in stated.counts:
                    continue
                stated.counts[status.value] = int(part["n"])
                stated.shares[status.value] = Decimal(part["pct"])
            if stated.counts:
                found.append(stated)
    return found
