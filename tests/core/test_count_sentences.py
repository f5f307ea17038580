"""Count sentences in a source's own style."""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from duban.core.count_sentences import (
    INDICATOR_STYLE,
    TASK_STYLE,
    WHOLE,
    Category,
    CountStyle,
    count_parts,
    count_sentence,
    format_share,
    style_of,
)
from duban.core.stated_counts import parse_stated_counts
from tests.conftest import SAMPLE

C, S, L = "completed", "on_schedule", "lagging"


def test_the_sample_style_writes_the_sample_s_own_sentences():
    text = SAMPLE.read_text(encoding="utf-8")
    tasks = count_sentence("目标任务", [C] * 7 + [S] * 64 + [L] * 9, TASK_STYLE)
    livelihood = count_sentence("省市重点民生实事", [C] * 15 + [S] * 31, INDICATOR_STYLE)
    assert (
        tasks
        == "80项目标任务中，已完成年度目标任务的7项，占8.8%；达到时间与进度同步的64项，占80%；进展相对滞后的9项，占11.2%"
    )
    assert tasks in text and livelihood in text


def test_items_without_a_report_and_unknown_keys_are_counted():
    sentence = count_sentence("目标任务", [C, S, S, "", "其它类"], TASK_STYLE)
    assert sentence == (
        "5项目标任务中，已完成年度目标任务的1项，占20%；达到时间与进度同步的2项，占40%；"
        "尚未报送的1项，占20%；其它类1项，占20%"
    )


def test_the_style_of_another_office_is_read_off_its_statement():
    (stated,) = parse_stated_counts(["确定事项31件，已办结9件，占比29%；正在办理22件，占比71%。"])
    style = style_of(stated)
    assert (style.measure, style.step, style.share_word, style.subject_first, style.truncate) == (
        "件",
        WHOLE,
        "占比",
        True,
        False,
    )
    assert [c.phrase for c in style.categories[:2]] == ["已办结", "正在办理"]
    sentence = count_sentence("确定事项", [C] * 10 + [S] * 20 + [""], style)
    assert sentence == "确定事项31件，已办结10件，占比32%；正在办理20件，占比65%；尚未报送的1件，占比3%"


@pytest.mark.parametrize(
    ("text", "truncate"),
    [
        ("3件重点事项中，已完成2件，占66%；正常推进1件，占34%。", True),  # 66.7 cut to 66
        ("3件重点事项中，已完成2件，占67%；正常推进1件，占33%。", False),
        ("4件重点事项中，已完成2件，占50%；正常推进2件，占50%。", False),  # both readings agree: round
    ],
)
def test_truncation_is_recognised_where_it_differs_from_rounding(text, truncate):
    (stated,) = parse_stated_counts([text])
    assert style_of(stated).truncate is truncate


def test_a_truncating_style_writes_shares_that_add_to_100():
    style = CountStyle(
        (Category(C, "已完成"), Category(S, "正常推进")), measure="个", step=WHOLE, truncate=True
    )
    assert (
        count_sentence("重点项目", [C, C, S], style) == "3个重点项目中，已完成2个，占66%；正常推进1个，占34%"
    )


@pytest.mark.parametrize(
    ("value", "step", "text"),
    [
        (Decimal("80.0"), Decimal("0.1"), "80%"),
        (Decimal("8.8"), Decimal("0.1"), "8.8%"),
        (Decimal("29"), WHOLE, "29%"),
    ],
)
def test_format_share(value, step, text):
    assert format_share(value, step) == text


@given(
    st.lists(st.sampled_from([C, S, L, "", "其它类"]), min_size=1, max_size=60),
    st.sampled_from([Decimal("0.1"), WHOLE]),
    st.booleans(),
)
def test_any_count_sentence_has_shares_that_add_to_100(keys, step, truncate):
    style = CountStyle(TASK_STYLE.categories, step=step, truncate=truncate)
    sentence = count_sentence("目标任务", keys, style)
    shares = [Decimal(m) for m in re.findall(r"占(\d+(?:\.\d+)?)%", sentence)]
    assert sum(shares) == 100
    assert sentence.startswith(f"{len(keys)}项目标任务中，")


def test_a_style_survives_its_json_form_and_a_broken_one_falls_back() -> None:
    from duban.core.count_sentences import style_from_json, style_to_json

    style = replace(
        TASK_STYLE, measure="件", step=WHOLE, truncate=True, share_word="占比", subject_first=True
    )
    assert style_from_json(style_to_json(style)) == style
    assert style_from_json({}, INDICATOR_STYLE) == INDICATOR_STYLE
    assert style_from_json({"categories": [[1]]}) == TASK_STYLE


def test_the_parts_are_the_sentences_numbers():
    keys = ["completed"] * 7 + ["on_schedule"] * 64 + ["lagging"] * 9
    parts = count_parts(keys, TASK_STYLE)
    assert [(p.category.key, p.count, p.share) for p in parts if p.count] == [
        ("completed", 7, Decimal("8.8")),
        ("on_schedule", 64, Decimal("80.0")),
        ("lagging", 9, Decimal("11.2")),
    ]
    assert count_sentence("目标任务", keys, TASK_STYLE) == (
        "80项目标任务中，已完成年度目标任务的7项，占8.8%；达到时间与进度同步的64项，占80%；进展相对滞后的9项，占11.2%"
    )
    # A source's own word is a category of its own, after the style's.
    assert [p.category.key for p in count_parts(["completed", "其它类"], TASK_STYLE)][-1] == "其它类"
