"""A bulletin's body as sections: kept as the office wrote it, statistics marked, back again unchanged."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from duban.core.model import ParsedDocument
from duban.core.parse import parse_file, parse_string
from duban.core.render.annexes import indicator_annex, task_annex
from duban.core.render.docx import render_docx
from duban.core.render.spec import DocKind, Heading, OfficialDoc, Para
from duban.core.render.txt import render_text
from duban.core.sections import (
    Section,
    SectionRole,
    Statistic,
    carry_over,
    refresh_statistics,
    section_blocks,
    section_texts,
    sections_from_json,
    sections_to_json,
    split_sections,
)
from tests.conftest import SAMPLE


@pytest.fixture(scope="module")
def sample() -> list[ParsedDocument]:
    return parse_file(SAMPLE)


@pytest.fixture(scope="module")
def bulletin(sample: list[ParsedDocument]) -> ParsedDocument:
    return sample[2]


def test_the_sample_bulletin_has_its_sections_in_order(bulletin: ParsedDocument) -> None:
    assert [(s.level, s.role, s.heading, len(s.paragraphs)) for s in bulletin.sections] == [
        (0, SectionRole.OPENING, "", 1),
        (1, SectionRole.BASICS, "一、基本情况", 1),
        (2, SectionRole.TASKS, "（一）《2024年<政府工作报告>目标任务分解》目标任务进展情况", 6),
        (2, SectionRole.INDICATORS, "（二）2024年省市重点民生实事进展情况", 1),
        (1, SectionRole.PROBLEMS, "二、存在问题", 4),
        (1, SectionRole.SUGGESTIONS, "三、后段工作建议", 3),
    ]
    assert bulletin.sections[2].paragraphs[0].text.startswith("经济指标方面。1-6月")
    assert bulletin.sections[4].paragraphs[3].text.startswith("四是争创先进激励形势堪忧。")


def test_only_the_count_sentences_of_the_basics_are_generated(bulletin: ParsedDocument) -> None:
    (paragraph,) = bulletin.sections[1].paragraphs
    assert [(s.statistic, s.text[:14], s.text[-8:]) for s in paragraph.segments] == [
        (Statistic.TASKS, "《2024年<政府工作报告>", "，占11.2%。"),
        (Statistic.INDICATORS, "46件省市重点民生实事中，已", "，占72.7%。"),
        (None, "17项省政府大抓落实工作激励", "积极对接、准备。"),
    ]
    others = [p for s in bulletin.sections if s.role is not SectionRole.BASICS for p in s.paragraphs]
    assert others and not any(p.generated for p in others)  # (二) counts 12件, but in its own words


def test_run_in_headings_keep_their_paragraph_on_the_same_line(sample: list[ParsedDocument]) -> None:
    notice = split_sections(sample[3].body)
    assert [(s.heading, s.run_in) for s in notice[1:]] == [
        ("一、提高思想认识，奋力创优争先。", True),
        ("二、压紧工作责任，稳固工作基石。", True),
        ("三、加强调度推进，确保任务落实。", True),
    ]
    assert notice[1].paragraphs[0].text.startswith("省政府大抓落实工作激励措施二十条")
    assert section_texts(notice) == sample[3].body
    blocks = section_blocks(notice)
    assert blocks[1] == Heading(1, "一、提高思想认识，奋力创优争先。", run_in=notice[1].paragraphs[0].text)


def test_sections_become_headings_and_paragraphs(bulletin: ParsedDocument) -> None:
    blocks = section_blocks(bulletin.sections)
    assert blocks[:3] == [Para(bulletin.body[0]), Heading(1, "一、基本情况"), Para(bulletin.body[2])]
    assert [b.text for b in blocks] == bulletin.body


PARAGRAPH = st.one_of(
    st.text(max_size=30),
    st.builds(lambda n, t: f"{n}、{t}", st.sampled_from("一二三十"), st.text(max_size=50)),
    st.builds(lambda n, t: f"（{n}）{t}", st.sampled_from("一二三"), st.text(max_size=80)),
    st.builds(
        lambda a, b: f"{a}80项目标任务中，已完成的7项，占8.8%。{b}",
        st.text(max_size=10),
        st.text(max_size=10),
    ),
)


@given(st.lists(PARAGRAPH, max_size=12))
def test_any_body_comes_back_unchanged(body: list[str]) -> None:
    sections = split_sections(body)
    assert section_texts(sections) == body
    assert section_texts(sections_from_json(json.loads(json.dumps(sections_to_json(sections))))) == body


# --- regenerating the sample bulletin ---------------------------------------------------------------


def _regenerated(bulletin: ParsedDocument, sections: list[Section]) -> OfficialDoc:
    return OfficialDoc(
        number=str(bulletin.number),
        issuer=bulletin.issuer,
        title=bulletin.title,
        recipients="、".join(bulletin.recipients),
        body=section_blocks(sections),
        attachments=bulletin.attachments,
        signature=bulletin.issuer,
        date=None,
        annexes=[
            task_annex(bulletin.tasks, bulletin.attachments[0]),
            indicator_annex(bulletin.indicators, bulletin.attachments[1]),
        ],
        kind=DocKind.BULLETIN,
    )


def _compare(again: ParsedDocument, source: ParsedDocument) -> None:
    """Section by section: headings, and every paragraph's text."""
    assert len(again.sections) == len(source.sections)
    for new, old in zip(again.sections, source.sections, strict=True):
        assert (new.level, new.heading, new.role) == (old.level, old.heading, old.role)
        assert [p.text for p in new.paragraphs] == [p.text for p in old.paragraphs]
    assert again.body == source.body


def test_the_sample_bulletin_regenerated_as_text_reads_back_as_the_source(bulletin: ParsedDocument) -> None:
    [again] = parse_string(render_text(_regenerated(bulletin, bulletin.sections)), "regenerated.txt")
    _compare(again, bulletin)


def test_the_sample_bulletin_regenerated_as_word_reads_back_as_the_source(
    bulletin: ParsedDocument, tmp_path: Path
) -> None:
    path = tmp_path / "regenerated.docx"
    render_docx(_regenerated(bulletin, bulletin.sections), path)
    [again] = parse_file(path)
    _compare(again, bulletin)
    assert (len(again.tasks), len(again.indicators)) == (80, 46)


# --- the next round ---------------------------------------------------------------------------------


NEW_TASKS = "《2024年<政府工作报告>目标任务分解》80项目标任务中，已完成年度目标任务的10项，占12.5%；达到时间与进度同步的70项，占87.5%。"


def test_refreshing_replaces_the_statistics_and_keeps_the_offices_words(bulletin: ParsedDocument) -> None:
    fresh = refresh_statistics(bulletin.sections, {Statistic.TASKS: NEW_TASKS})
    (paragraph,) = fresh[1].paragraphs
    assert paragraph.segments[0].text == NEW_TASKS
    assert (
        paragraph.segments[1].text == bulletin.sections[1].paragraphs[0].segments[1].text
    )  # not given: kept
    assert paragraph.segments[2].text.startswith("17项省政府大抓落实工作激励措施")
    assert section_texts(fresh)[3:] == bulletin.body[3:]
    assert bulletin.sections[1].paragraphs[0].segments[0].text != NEW_TASKS  # the original is untouched


def test_a_missing_statistic_opens_the_basics() -> None:
    sections = split_sections(["为推进工作，现通报如下：", "一、存在问题", "一是进度慢。"])
    fresh = refresh_statistics(sections, {Statistic.TASKS: NEW_TASKS})
    assert section_texts(fresh) == [
        "为推进工作，现通报如下：",
        "一、基本情况",
        NEW_TASKS,
        "一、存在问题",
        "一是进度慢。",
    ]
    assert fresh[1].paragraphs[0].generated


def test_a_new_round_starts_from_last_rounds_sections_marked_to_revise(bulletin: ParsedDocument) -> None:
    carried = carry_over(bulletin.sections)
    assert section_texts(carried) == bulletin.body
    assert [s.to_revise for s in carried] == [True, True, True, True, True, True]
    assert not any(s.to_revise for s in bulletin.sections)
    only_stats = carry_over(split_sections(["一、基本情况", NEW_TASKS]))
    assert [s.to_revise for s in only_stats] == [False]  # nothing the office wrote


def test_sections_survive_json_as_stored_on_a_round(bulletin: ParsedDocument) -> None:
    data = json.loads(json.dumps(sections_to_json(bulletin.sections), ensure_ascii=False))
    assert data[1]["paragraphs"][0][0]["statistic"] == "tasks"
    assert sections_from_json(data) == bulletin.sections
