"""A bulletin's body as the core's sections (`duban.core.sections`), kept on the `Bulletin` and edited.

The office's text is kept as written — imported from the source bulletin, carried over from the
last bulletin (marked to revise), or typed on the bulletin page; only the count sentences are
duban's, recomputed from the rounds whenever the bulletin is shown or written. On the page a
section is edited as plain text, one paragraph a line, with each count sentence standing as a
token (【目标任务统计】) the office may move or drop but not rewrite.
"""

from __future__ import annotations

import re
from typing import Any

from duban.core.render.spec import Block, Para
from duban.core.sections import (
    Section,
    SectionParagraph,
    SectionRole,
    Segment,
    Statistic,
    carry_over,
    section_blocks,
    sections_from_json,
    sections_to_json,
    split_sections,
)

__all__ = [
    "LAGGING_HEADING",
    "Section",
    "carry_over",
    "default_sections",
    "editable_text",
    "from_editable",
    "render_blocks",
    "sections_from_json",
    "sections_of",
    "sections_to_json",
    "split_sections",
]

LAGGING_HEADING = "（一）进展滞后事项"
TOKENS = {Statistic.TASKS: "【目标任务统计】", Statistic.INDICATORS: "【民生实事统计】"}
_TOKEN = re.compile("(" + "|".join(map(re.escape, TOKENS.values())) + ")")
_BY_TOKEN = {token: stat for stat, token in TOKENS.items()}
# What an empty written section of the office prints as, so that a draft shows what is missing.
PLACEHOLDERS = {
    SectionRole.OPENING: "【请督查室填写：开头（通报的目的和依据）】",
    SectionRole.PROBLEMS: "【请督查室填写：存在问题】",
    SectionRole.SUGGESTIONS: "【请督查室填写：后段工作建议】",
}


def _written(text: str) -> SectionParagraph:
    return SectionParagraph([Segment(text)])


def default_sections(statistics: list[Statistic], lagging: list[str]) -> list[Section]:
    """A first bulletin's body: the opening, 基本情况 with the count sentences and the lagging items,
    存在问题 and 后段工作建议 for the office to write."""
    basics = Section(
        1, "一、基本情况", SectionRole.BASICS, [SectionParagraph([Segment("", s) for s in statistics])]
    )
    sections = [Section(0, "", SectionRole.OPENING), basics]
    if lagging:
        sections.append(Section(2, LAGGING_HEADING, SectionRole.OTHER, [_written(p) for p in lagging]))
    sections += [
        Section(1, "二、存在问题", SectionRole.PROBLEMS),
        Section(1, "三、后段工作建议", SectionRole.SUGGESTIONS),
    ]
    return sections


def sections_of(bulletin: Any) -> list[Section]:
    """A bulletin's stored sections."""
    return sections_from_json(bulletin.sections or [])


def written(section: Section) -> bool:
    """Whether the office has written anything in the section."""
    return any(seg.statistic is None and seg.text.strip() for p in section.paragraphs for seg in p.segments)


def render_blocks(sections: list[Section]) -> list[Block]:
    """The body blocks, with a visible placeholder where the office has not written its part yet."""
    shown = []
    for section in sections:
        if section.role in PLACEHOLDERS and not written(section):
            section = Section(
                section.level, section.heading, section.role, [_written(PLACEHOLDERS[section.role])]
            )
        shown.append(section)
    return [b for b in section_blocks(shown) if not (isinstance(b, Para) and not b.text.strip())]


def editable_text(section: Section) -> str:
    """The section as the office edits it: a paragraph a line, count sentences as tokens."""
    lines = []
    for paragraph in section.paragraphs:
        lines.append("".join(TOKENS[s.statistic] if s.statistic else s.text for s in paragraph.segments))
    return "\n".join(lines)


def from_editable(section: Section, text: str) -> Section:
    """The section with the office's new text; tokens become count sentences again (each at most once)."""
    paragraphs = []
    seen: set[Statistic] = set()
    for line in text.replace("\r\n", "\n").split("\n"):
        if not line.strip():
            continue
        segments = []
        for part in _TOKEN.split(line.strip()):
            if not part:
                continue
            stat = _BY_TOKEN.get(part)
            if stat is not None:
                if stat in seen:
                    raise ValueError(f"{part}只能出现一次")
                seen.add(stat)
            segments.append(Segment("" if stat else part, stat))
        paragraphs.append(SectionParagraph(segments))
    return Section(section.level, section.heading, section.role, paragraphs, section.run_in, to_revise=False)
