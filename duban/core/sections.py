"""A bulletin's body as sections: the office's text kept, the statistics marked for recomputing.

A 督查通报's body is an opening, then 一、二、三、 sections (基本情况, 存在问题, 后段工作建议 …), the
first often with （一）（二） subsections (目标任务, 民生实事 …). Almost all of it is the office's
own writing; only the count sentences of 基本情况 ("80项目标任务中，已完成…的7项，占8.8%；…") are
duban's to recompute from the round. `split_sections` cuts a body (as `ParsedDocument.body`
holds it, one string per paragraph) into `Section`s whose paragraphs are `Segment`s, each
either written by the office or a statistic of one list (`Statistic`); `section_blocks` and
`section_texts` turn them back into render blocks and body paragraphs, character for character.

Sections are plain data with a JSON form (`sections_to_json`/`sections_from_json`) so that a
round can keep them editable; `refresh_statistics` replaces the statistics with new sentences
and `carry_over` marks a previous round's sections as to be revised.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any, Literal

from duban.core.render.spec import Block, Heading, Para

__all__ = [
    "Section",
    "SectionParagraph",
    "SectionRole",
    "Segment",
    "Statistic",
    "carry_over",
    "refresh_statistics",
    "section_blocks",
    "section_texts",
    "sections_from_json",
    "sections_to_json",
    "split_sections",
]


class SectionRole(StrEnum):
    """What a section is about, read from its heading."""

    OPENING = "opening"  # before the first heading: purpose and basis of the bulletin
    BASICS = "basics"  # 基本情况 (holds the statistics)
    TASKS = "tasks"  # （一）…目标任务进展情况
    INDICATORS = "indicators"  # （二）…重点民生实事进展情况
    MEASURES = "measures"  # …激励措施
    PROBLEMS = "problems"  # 存在问题
    SUGGESTIONS = "suggestions"  # 后段工作建议, 下步工作
    OTHER = "other"


class Statistic(StrEnum):
    """The list a generated count sentence counts: recomputed from that list's round."""

    TASKS = "tasks"
    INDICATORS = "indicators"


@dataclass
class Segment:
    """A run of sentences of one paragraph: the office's words, or a statistic duban recomputes."""

    text: str
    statistic: Statistic | None = None


@dataclass
class SectionParagraph:
    """One body paragraph as segments; its text is theirs joined."""

    segments: list[Segment]

    @property
    def text(self) -> str:
        """The paragraph as printed."""
        return "".join(s.text for s in self.segments)

    @property
    def generated(self) -> bool:
        """Whether any part of the paragraph is a statistic duban recomputes."""
        return any(s.statistic is not None for s in self.segments)


@dataclass
class Section:
    """A heading (none for the opening) and the paragraphs under it, up to the next heading.

    `level` is 0 for the opening, 1 for 一、, 2 for （一）. `run_in`: the heading and the first
    paragraph share one line ("一、提高思想认识，奋力创优争先。省政府……"). `to_revise`: carried
    over from an earlier round, for the office to revise before issuing.
    """

    level: int
    heading: str
    role: SectionRole
    paragraphs: list[SectionParagraph] = field(default_factory=list)
    run_in: bool = False
    to_revise: bool = False


_H1 = re.compile(r"^[一二三四五六七八九十]{1,3}、")
_H2 = re.compile(r"^[（(][一二三四五六七八九十]{1,3}[）)]")
# A heading longer than this without a full stop is a paragraph that happens to start 一、.
_HEADING_MAX = 60
_RUN_IN_MAX = 40
_SENTENCE = re.compile(r"[^。！？]*[。！？]|[^。！？]+$")
# "80项目标任务中，" / "46件省市重点民生实事中，": the head of a count sentence (stated_counts._HEAD_RE).
_COUNT_HEAD = re.compile(r"\d+[项件个条][\u4e00-\u9fff<>《》（）()]{2,40}?中[，,]")
_ROLES_1 = (
    ("基本情况", SectionRole.BASICS),
    ("总体情况", SectionRole.BASICS),
    ("问题", SectionRole.PROBLEMS),
    ("建议", SectionRole.SUGGESTIONS),
    ("下步", SectionRole.SUGGESTIONS),
    ("下一步", SectionRole.SUGGESTIONS),
    ("后段", SectionRole.SUGGESTIONS),
)
_ROLES_2 = (
    ("目标任务", SectionRole.TASKS),
    ("民生实事", SectionRole.INDICATORS),
    ("激励措施", SectionRole.MEASURES),
)


def split_sections(body: list[str]) -> list[Section]:
    """The body's sections in order: the opening (if any), then each heading with its paragraphs."""
    sections: list[Section] = []
    parent = SectionRole.OTHER
    for text in body:
        level, heading, rest = _heading(text)
        if level:
            role = _role(level, heading, parent)
            if level == 1:
                parent = role
            section = Section(level, heading, role, run_in=bool(rest))
            sections.append(section)
            if rest:
                section.paragraphs.append(SectionParagraph([Segment(rest)]))
            continue
        if not sections:
            sections.append(Section(0, "", SectionRole.OPENING))
        current = sections[-1]
        statistics = current.level == 1 and current.role is SectionRole.BASICS
        current.paragraphs.append(SectionParagraph(_segments(text) if statistics else [Segment(text)]))
    return sections


def _heading(text: str) -> tuple[int, str, str]:
    """(level, heading, run-in rest) of a paragraph; level 0 when it is not a heading."""
    level = 1 if _H1.match(text) else 2 if _H2.match(text) else 0
    if not level:
        return 0, "", ""
    stop = text.find("。")
    if 0 <= stop < len(text) - 1 and stop < _RUN_IN_MAX:
        return level, text[: stop + 1], text[stop + 1 :]
    if len(text) > _HEADING_MAX:
        return 0, "", ""
    return level, text, ""


def _role(level: int, heading: str, parent: SectionRole) -> SectionRole:
    if level == 1:
        return next((role for word, role in _ROLES_1 if word in heading), SectionRole.OTHER)
    if parent is SectionRole.BASICS:
        return next((role for word, role in _ROLES_2 if word in heading), SectionRole.OTHER)
    return SectionRole.OTHER


def _segments(text: str) -> list[Segment]:
    """A 基本情况 paragraph cut into runs of sentences: count sentences by list, the rest written."""
    segments: list[Segment] = []
    for sentence in _SENTENCE.findall(text):
        statistic = _statistic(sentence)
        if segments and segments[-1].statistic == statistic:
            segments[-1].text += sentence
        else:
            segments.append(Segment(sentence, statistic))
    return segments


def _statistic(sentence: str) -> Statistic | None:
    head = _COUNT_HEAD.search(sentence)
    if head is None or "占" not in sentence:
        return None
    if "民生实事" in head.group(0):
        return Statistic.INDICATORS
    if "目标任务" in head.group(0):
        return Statistic.TASKS
    return None


# --- back to text and blocks ----------------------------------------------------------------


def section_texts(sections: list[Section]) -> list[str]:
    """The body paragraphs again, as `ParsedDocument.body` holds them (the inverse of split)."""
    out: list[str] = []
    for section in sections:
        paragraphs = [p.text for p in section.paragraphs]
        if section.level and section.run_in and paragraphs:
            out.append(section.heading + paragraphs[0])
            out += paragraphs[1:]
        else:
            out += [section.heading] if section.level else []
            out += paragraphs
    return out


def section_blocks(sections: list[Section]) -> list[Block]:
    """The sections as `OfficialDoc.body` blocks: a Heading per heading, a Para per paragraph."""
    blocks: list[Block] = []
    for section in sections:
        paragraphs = [p.text for p in section.paragraphs]
        if section.level:
            level: Literal[1, 2] = 1 if section.level == 1 else 2
            if section.run_in and paragraphs:
                blocks.append(Heading(level, section.heading, run_in=paragraphs[0]))
                paragraphs = paragraphs[1:]
            else:
                blocks.append(Heading(level, section.heading))
        blocks += [Para(text) for text in paragraphs]
    return blocks


# --- a new round from the last one ------------------------------------------------------------


def refresh_statistics(sections: list[Section], statistics: Mapping[Statistic, str]) -> list[Section]:
    """The sections with each list's count sentences replaced by `statistics[list]`.

    A list with no count sentence yet gets a paragraph at the top of 基本情况 (added as
    "一、基本情况" after the opening when there is none); the office's text is left as it is.
    """
    out = [_copy(s) for s in sections]
    pending = dict(statistics)
    for section in out:
        for paragraph in section.paragraphs:
            for segment in paragraph.segments:
                if segment.statistic is not None and segment.statistic in statistics:
                    segment.text = statistics[segment.statistic]
                    pending.pop(segment.statistic, None)
    if pending:
        basics = next((s for s in out if s.level == 1 and s.role is SectionRole.BASICS), None)
        if basics is None:
            basics = Section(1, "一、基本情况", SectionRole.BASICS)
            out.insert(1 if out and out[0].level == 0 else 0, basics)
        added = [SectionParagraph([Segment(text, stat)]) for stat, text in sorted(pending.items())]
        basics.paragraphs[:0] = added
    return out


def carry_over(sections: list[Section]) -> list[Section]:
    """Last round's sections for a new round: the same text, each written section marked to revise."""
    out = [_copy(s) for s in sections]
    for section in out:
        written = any(
            seg.statistic is None and seg.text.strip() for p in section.paragraphs for seg in p.segments
        )
        section.to_revise = written
    return out


def _copy(section: Section) -> Section:
    paragraphs = [SectionParagraph([replace(seg) for seg in p.segments]) for p in section.paragraphs]
    return replace(section, paragraphs=paragraphs)


# --- storage -------------------------------------------------------------------------------


def sections_to_json(sections: list[Section]) -> list[dict[str, Any]]:
    """Plain JSON for a database field: one object per section, paragraphs as lists of segments."""
    return [
        {
            "level": s.level,
            "heading": s.heading,
            "role": str(s.role),
            "run_in": s.run_in,
            "to_revise": s.to_revise,
            "paragraphs": [
                [
                    {"text": seg.text, "statistic": str(seg.statistic) if seg.statistic else None}
                    for seg in p.segments
                ]
                for p in s.paragraphs
            ],
        }
        for s in sections
    ]


def sections_from_json(data: list[dict[str, Any]]) -> list[Section]:
    """Sections from `sections_to_json`'s form (as stored on a round, possibly edited)."""
    return [
        Section(
            level=int(item["level"]),
            heading=str(item.get("heading", "")),
            role=SectionRole(item.get("role", SectionRole.OTHER)),
            paragraphs=[
                SectionParagraph(
                    [
                        Segment(
                            str(seg["text"]), Statistic(seg["statistic"]) if seg.get("statistic") else None
                        )
                        for seg in paragraph
                    ]
                )
                for paragraph in item.get("paragraphs", [])
            ],
            run_in=bool(item.get("run_in", False)),
            to_revise=bool(item.get("to_revise", False)),
        )
        for item in data
    ]
