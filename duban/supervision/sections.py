"""The parts of a bulletin's body: the office's written sections and the generated ones.

A bulletin keeps its body as sections in order; generated sections (the statistics sentence,
the lagging items) are recomputed from the rounds every time, written ones are the office's text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

STATISTICS, LAGGING = "statistics", "lagging"  # the generated sections, recomputed from the rounds


@dataclass(frozen=True)
class Section:
    """A part of a bulletin's body: a heading with its text; generated parts are recomputed."""

    key: str
    heading: str = ""
    level: int = 1  # 0 the opening (no heading), 1 一、, 2 （一）
    text: str = ""
    generated: bool = False
    to_revise: bool = False


def default_sections() -> list[Section]:
    """The sections of a first bulletin: the office writes the opening and its own two parts."""
    return [
        Section("opening", level=0, text=""),
        Section("basic", "一、基本情况", 1),
        Section(STATISTICS, level=0, generated=True),
        Section(LAGGING, "（一）进展滞后事项", 2, generated=True),
        Section("problems", "二、存在问题", 1, text=""),
        Section("suggestions", "三、后段工作建议", 1, text=""),
    ]


def sections_of(bulletin: Any) -> list[Section]:
    """A bulletin's stored sections, or the first bulletin's defaults."""
    return [Section(**s) for s in bulletin.sections] if bulletin.sections else default_sections()
