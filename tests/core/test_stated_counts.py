"""Stated statistics in their forms: totals, parts with any label, subtotals, the sum check."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from duban.core.model import Status
from duban.core.parse import parse_file
from duban.core.stated_counts import parse_stated_counts
from tests.conftest import SAMPLE

C, S, L = "completed", "on_schedule", "lagging"


def _parts(stated):
    return [(p.label, p.count, p.share, p.status.value if p.status else None) for p in stated.parts]


@pytest.mark.parametrize(
    ("text", "head", "parts"),
    [
        (
            "确定事项31件，已办结9件，占比29%；正在办理22件，占比71%。",
            ("确定事项", 31, "件", True),
            [("已办结", 9, Decimal("29"), C), ("正在办理", 22, Decimal("71"), S)],
        ),
        (
            "31件确定事项中，已办结9件，完成率29%。",
            ("确定事项", 31, "件", False),
            [("已办结", 9, None, C), ("完成率", None, Decimal("29"), C)],
        ),
        (
            "今年共确定重点任务412项，其中已完成150项，占36.4%；按序时推进的230项，占55.8%；欠进度的有32项，占7.8%。",
            ("重点任务", 412, "项", True),
            [
                ("已完成", 150, Decimal("36.4"), C),
                ("按序时推进的", 230, Decimal("55.8"), S),
                ("欠进度的有", 32, Decimal("7.8"), L),
            ],
        ),
        (
            "明确120项重点任务，细化为186个具体事项，其中超进度的有50个，占26.9%；达进度的124个，占66.7%；"
            "欠进度的有12个，占总任务的6.5%。",
            ("具体事项", 186, "个", False),
            [
                ("超进度的有", 50, Decimal("26.9"), C),
                ("达进度的", 124, Decimal("66.7"), S),
                ("欠进度的有", 12, Decimal("6.5"), L),
            ],
        ),
        (
            "十件民生实事中，已完成三件，占30%，其余七件正常推进。",
            ("民生实事", 10, "件", False),
            [("已完成", 3, Decimal("30"), C), ("其余正常推进", 7, None, S)],
        ),
        (
            "20个重点项目中，已开工19个，开工率达95%，其它类1个。",
            ("重点项目", 20, "个", False),
            [("已开工", 19, None, None), ("开工率", None, Decimal("95"), None), ("其它类", 1, None, None)],
        ),
        (
            "32项重点工作中，已完成8项，占目标任务的25%；正常推进24项。",
            ("重点工作", 32, "项", False),
            [("已完成", 8, Decimal("25"), C), ("正常推进", 24, None, S)],
        ),
    ],
)
def test_each_form_of_a_statement(text, head, parts):
    (stated,) = parse_stated_counts([text])
    assert (stated.subject, stated.total, stated.unit, stated.subject_first) == head
    assert _parts(stated) == parts


def test_subtotals_per_meeting_are_statements_of_their_own():
    text = (
        "会议确定事项31件，已办结22件，占71%。其中，县委常委会议确定事项12件，已办结10件，占83.3%；"
        "县政府常务会议确定事项19件，已办结12件，占63.2%。"
    )
    found = parse_stated_counts([text])
    assert [(s.subject, s.total, s.counts) for s in found] == [
        ("会议确定事项", 31, {C: 22}),
        ("县委常委会议确定事项", 12, {C: 10}),
        ("县政府常务会议确定事项", 19, {C: 12}),
    ]


def test_subtotals_per_category_after_qizhong():
    text = (
        "18件民生实事中，已完成5件，占27.8%；正常推进13件，占72.2%。其中，省级民生实事10件，已完成3件，占30%；"
        "市级民生实事8件，已完成2件，占25%。"
    )
    found = parse_stated_counts([text])
    assert [(s.subject, s.total, s.counts) for s in found] == [
        ("民生实事", 18, {C: 5, S: 13}),
        ("省级民生实事", 10, {C: 3}),
        ("市级民生实事", 8, {C: 2}),
    ]


def test_parts_that_do_not_add_up_are_kept_with_a_warning():
    warnings: list[str] = []
    (stated,) = parse_stated_counts(["确定事项31件，已办结9件，占比29%；正在办理20件，占比65%。"], warnings)
    assert stated.counts == {C: 9, S: 20}
    assert warnings == ["文中“31件确定事项”的各部分（已办结9件、正在办理20件）合计29件，与总数不符"]
    warnings.clear()
    parse_stated_counts(["确定事项31件，已办结9件，占比29%；正在办理22件，占比71%。"], warnings)
    assert warnings == []


@pytest.mark.parametrize(
    "text",
    [
        "1-6月，全区新签约项目29个，签约投资额97.43亿元；新开工项目29个，完成投资额446.5亿元。",
        "共排查重大隐患174项，整改完成170项。",
        "共设置激励项目20个，相较去年减少了26项，而涉及县市区及园区相关的项目只有17项。",
        "上半年共收到交办信访件11件（含重点件1件），目前已办结9件、阶段性办结2件。",
        "31个下达任务的单位中还有12家单位任务未过半。",
    ],
)
def test_figures_that_count_no_supervised_items_by_progress_are_not_statements(text):
    assert parse_stated_counts([text]) == []


def test_the_sample_statements_keep_their_keys_and_gain_their_parts():
    bulletin = parse_file(SAMPLE)[2]
    first = bulletin.stated_counts[0]
    assert first.counts == {C: 7, S: 64, L: 9}
    assert _parts(first) == [
        ("已完成年度目标任务的", 7, Decimal("8.8"), C),
        ("达到时间与进度同步的", 64, Decimal("80"), S),
        ("进展相对滞后的", 9, Decimal("11.2"), L),
    ]
    data = bulletin.to_json()["stated_counts"][0]
    assert set(data) >= {"subject", "total", "unit", "counts", "shares", "parts"}
    assert data["parts"][2] == {"label": "进展相对滞后的", "count": 9, "share": "11.2", "status": "lagging"}
    assert first.parts[0].status is Status.COMPLETED


@given(
    st.text(alphabet="0123456789十三件项个中已完成办结滞后正常推进占比%，；。共其中确定事项率达", max_size=60)
)
def test_arbitrary_count_like_text_never_crashes(text):
    for stated in parse_stated_counts([text], []):
        assert stated.total >= 0 and all(p.label is not None for p in stated.parts)
