"""The whole sample through `parse_file`, field-exact where it matters; the same from .docx."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from duban.core.errors import ParseError
from duban.core.lint import lint_all
from duban.core.model import Action, Kind, Status
from duban.core.parse import parse_file, parse_string
from duban.core.readers import read_file
from tests.conftest import SAMPLE
from tests.core.builders import source_to_docx


@pytest.fixture(scope="module")
def docs():
    return parse_file(SAMPLE)


def test_it_splits_the_four_notices_with_their_frames(docs):
    assert [(str(d.number), d.kind, d.issuer, d.date) for d in docs] == [
        ("岳云政人〔2024〕2号", Kind.APPOINTMENT, "岳阳市云溪区人民政府", date(2024, 7, 29)),
        ("岳云政人〔2024〕3号", Kind.APPOINTMENT, "岳阳市云溪区人民政府", date(2024, 7, 29)),
        ("岳云政办通〔2024〕3号", Kind.BULLETIN, "岳阳市云溪区人民政府办公室", None),
        ("岳云政办函〔2024〕9号", Kind.TASK_DECOMPOSITION, "岳阳市云溪区人民政府办公室", date(2024, 9, 20)),
    ]
    assert docs[2].title == "关于2024年上半年区政府重点工作推进情况的通报"
    assert docs[3].title == "关于印发《云溪区贯彻落实2024年省政府大抓落实工作激励措施二十条任务分解》的通知"
    assert all(d.recipients[-1] == "区直及驻区各单位" for d in docs)
    assert docs[2].attachments == [
        "《2024年<政府工作报告>目标任务分解》目标任务进展情况",
        "2024年省市重点民生实事项目任务分解进展情况",
    ]


def test_the_appointment_counts(docs):
    assert [len(d.appointments) for d in docs[:2]] == [37, 33]
    first = docs[0].appointments[0]
    assert (first.person, first.action, first.post, first.org, first.title) == (
        "丁志猛",
        Action.APPOINT,
        "区供销合作联社理事会主任",
        "区供销合作联社理事会",
        "主任",
    )
    assert sum(1 for d in docs[:2] for a in d.appointments if a.probation == "一年") == 12


def test_the_bulletin_records(docs):
    bulletin = docs[2]
    statuses = [t.status for t in bulletin.tasks]
    assert len(statuses) == 80
    assert (
        statuses.count(Status.COMPLETED),
        statuses.count(Status.ON_SCHEDULE),
        statuses.count(Status.LAGGING),
    ) == (7, 64, 9)
    assert {t.seq for t in bulletin.tasks if len(t.lead_units) == 2} == {51, 57, 74}
    assert {t.seq for t in bulletin.tasks if t.district_livelihood} == {48, 49, 57, 58, 67, 80}
    ind = bulletin.indicators
    assert len(ind) == 46
    assert [i.category for i in ind].count("省级") == 35 and [i.category for i in ind].count("市级") == 11
    assert sum(1 for i in ind if i.evaluation == Status.COMPLETED) == 15
    water = next(i for i in ind if i.indicator == "新增蓄水能力")
    assert (water.target.value, water.target.unit, water.lead_unit, water.percent) == (
        Decimal("24000"),
        "方",
        "区水利局",
        Decimal("81"),
    )
    assert bulletin.warnings == ["未找到成文日期（署名下一行的日期）"]
    assert [s.total for s in bulletin.stated_counts] == [80, 46, 35, 11]


def test_the_decomposition_measures_and_the_count_warning(docs):
    measures = docs[3].measures
    assert len(measures) == 18
    assert (measures[0].provincial_lead, measures[0].lead_unit) == ("省发展改革委", "区发改局")
    assert measures[16].related_units == ["各实事承办单位"]
    linted = parse_file(SAMPLE)  # a fresh copy: the module's fixture is shared
    lint_all(linted)
    assert linted[3].warnings == ["标题称“二十条”，但任务分解表有18行"]


def test_the_same_records_from_a_docx(docs, tmp_path):
    path = source_to_docx(read_file(SAMPLE), tmp_path / "sample.docx")
    again = parse_file(path)
    assert [_records(d.to_json()) for d in again] == [_records(d.to_json()) for d in docs]


def _records(value):
    """A document's JSON without positions, which differ by format (line vs paragraph index)."""
    if isinstance(value, dict):
        return {k: _records(v) for k, v in value.items() if k not in ("line", "row", "path")}
    if isinstance(value, list):
        return [_records(v) for v in value]
    return value


def test_gbk_text_parses_the_same(docs, tmp_path):
    path = tmp_path / "gbk.txt"
    path.write_bytes(SAMPLE.read_text(encoding="utf-8").encode("gb18030"))
    assert [len(d.appointments) for d in parse_file(path)] == [37, 33, 0, 0]


def test_a_text_that_is_not_a_notice_is_a_parse_error():
    with pytest.raises(ParseError) as err:
        parse_string("今天天气很好。\n明天也好。\n", "x.txt")
    assert "未识别出公文" in str(err.value) and "x.txt" in str(err.value)
    assert "没有找到文号或期号、公文标题" in err.value.message


def test_a_rejection_names_what_was_found_and_what_was_missing():
    with pytest.raises(ParseError) as err:
        parse_string("青石县人民政府办公室\n今天召开了会议。\n")
    message = err.value.message
    assert "找到发文机关“青石县人民政府办公室”" in message
    assert "但没有文号或期号、可识别的公文标题" in message


def test_a_rejection_keeps_the_warnings_found_so_far():
    text = "青石县人民政府办公室\n今天召开了会议。\n\t甲\t乙\n\n\t丙\t丁\n"
    with pytest.raises(ParseError) as err:
        parse_string(text)
    assert err.value.warnings == ["第3行起的表格未能识别（不是任务、指标或措施表），已跳过"]


def test_a_table_error_keeps_the_warnings_before_it():
    header = "".join(f"\t{c}\n" for c in ("序号", "目标任务", "牵头单位", "进展情况"))
    row = "".join(f"\t{c}\n" for c in ("一", "任务", "县财政局", "无"))
    text = (
        "青政办发〔2023〕9号\n关于印发重点任务清单的通知\n各乡镇：\n请落实。\n"
        f"\t甲\t乙\n\n\t丙\t丁\n\n附件\n{header}\n{row}"
    )
    with pytest.raises(ParseError) as err:
        parse_string(text)
    assert "序号" in err.value.message
    assert err.value.warnings == ["第5行起的表格未能识别（不是任务、指标或措施表），已跳过"]


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=400))
def test_arbitrary_text_gives_documents_or_a_parse_error(text):
    try:
        parse_string(text)
    except ParseError as exc:
        assert exc.message
