"""The bulletin as issued: an imported one regenerates as the source, a new one starts from it, nothing invented."""

from __future__ import annotations

from datetime import date

import pytest

from duban.core.parse import parse_file
from duban.core.render.spec import Heading
from duban.core.sections import section_blocks
from duban.supervision.bulletin_doc import doc_for, recipients_line
from duban.supervision.choices import BulletinState, ListKind
from duban.supervision.models import Bulletin, TaskList
from duban.supervision.sections import editable_text, sections_of
from duban.supervision.services import create_bulletin, open_round, update_bulletin
from tests.conftest import SAMPLE
from tests.registry_fixtures import OPERATOR

NUMBER = "岳云政办通〔2024〕3号"


@pytest.fixture
def source_sections():
    [bulletin] = [d for d in parse_file(SAMPLE) if d.number and str(d.number) == NUMBER]
    return bulletin.sections


def _texts(blocks) -> list[str]:
    return [(b.text + (b.run_in if isinstance(b, Heading) else "")) for b in blocks]


def test_an_imported_bulletin_is_kept_as_issued(imported):
    bulletin = Bulletin.objects.get(number=NUMBER)
    assert bulletin.state == BulletinState.PUBLISHED and bulletin.document.number == NUMBER
    assert bulletin.date is None  # the sample prints no 成文日期 under its signature: none is made up
    assert bulletin.recipients == "各镇人民政府、街道办事处，绿色化工高新区管委会，区直及驻区各单位"
    assert {r.task_list.kind for r in bulletin.rounds.all()} == {ListKind.TASKS, ListKind.INDICATORS}


def test_regenerating_the_imported_bulletin_gives_back_the_sources_text(imported, source_sections):
    doc = doc_for(Bulletin.objects.get(number=NUMBER))
    expected = _texts(section_blocks(source_sections))
    got = _texts(doc.body)
    assert len(got) == len(expected)
    for i, (mine, theirs) in enumerate(zip(got, expected, strict=True)):
        assert mine == theirs, f"paragraph {i} differs"
    assert doc.recipients == "各镇人民政府、街道办事处，绿色化工高新区管委会，区直及驻区各单位"


def test_a_new_bulletin_starts_from_the_last_ones_text_marked_to_revise(imported):
    rounds = [
        open_round(OPERATOR, TaskList.objects.get(kind=kind), period="2024年1-7月", as_of=date(2024, 7, 31))
        for kind in (ListKind.TASKS, ListKind.INDICATORS)
    ]
    bulletin = create_bulletin(OPERATOR, rounds)
    sections = sections_of(bulletin)
    problems = next(s for s in sections if s.heading == "二、存在问题")
    assert problems.to_revise and problems.paragraphs[0].text.startswith("一是部分经济指标不容乐观。")
    doc = doc_for(bulletin)
    body = "\n".join(_texts(doc.body))
    assert "80项目标任务中，尚未报送的80项，占100%" in body  # recomputed for the new round
    assert doc.date is None  # never invented: the office gives it, or the file shows a blank


def test_the_office_edits_a_section_and_the_count_sentence_stays_computed(imported):
    rounds = [
        open_round(OPERATOR, TaskList.objects.get(kind=ListKind.TASKS), period="7月", as_of=date(2024, 7, 31))
    ]
    bulletin = create_bulletin(OPERATOR, rounds)
    index, basics = next((i, s) for i, s in enumerate(sections_of(bulletin)) if s.heading == "一、基本情况")
    text = editable_text(basics)
    assert "【目标任务统计】" in text
    update_bulletin(OPERATOR, bulletin, sections={index: "7月份各项工作有序推进。【目标任务统计】"})
    body = "\n".join(_texts(doc_for(bulletin).body))
    assert (
        "7月份各项工作有序推进。《2024年<政府工作报告>目标任务分解》（含区级民生实事）80项目标任务中" in body
    )
    update_bulletin(OPERATOR, bulletin, fields={"date": date(2024, 8, 10)})
    assert doc_for(bulletin).date == date(2024, 8, 10)


def test_a_token_twice_is_refused(imported):
    from duban.errors import InvalidInput

    rounds = [
        open_round(OPERATOR, TaskList.objects.get(kind=ListKind.TASKS), period="7月", as_of=date(2024, 7, 31))
    ]
    bulletin = create_bulletin(OPERATOR, rounds)
    with pytest.raises(InvalidInput, match="只能出现一次"):
        update_bulletin(OPERATOR, bulletin, sections={1: "【目标任务统计】【目标任务统计】"})


def test_the_recipients_line_falls_back_to_the_names(imported):
    class Stub:
        recipients = ["甲单位", "乙单位"]
        text = "没有这一行"

    assert recipients_line(Stub()) == "甲单位、乙单位"
