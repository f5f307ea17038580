"""The words of appointment clauses: names with notes, descriptors, posts with carried organisations."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from duban.core.clauses import names_of, parse_posts, split_described_persons, split_persons


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("张三", ["张三"]),
        ("张三（女）", ["张三"]),
        ("李四（正科级）同志", ["李四"]),
        ("张三、李四（女）", ["张三", "李四"]),
        ("买买提·艾力", ["买买提·艾力"]),
        ("以上", None),
        ("县财政局副局长张三", None),  # a descriptor is not a name
    ],
)
def test_names_with_their_notes(text, names):
    assert names_of(text) == names


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("县财政局副局长黄志远为县财政局局长", (["黄志远"], "为", "县财政局局长")),
        ("县人民检察院检察员欧阳明华同志为副检察长", (["欧阳明华"], "同志为", "副检察长")),
        ("黄志远为县财政局局长", None),  # no descriptor: split_persons reads it
    ],
)
def test_a_descriptor_before_the_name(text, expected):
    assert split_described_persons(text, ("同志为", "为")) == expected
    if expected is None:
        assert split_persons(text, ("同志为", "为")) is not None


@pytest.mark.parametrize(
    ("text", "posts"),
    [
        (
            "县人民法院副院长、审判委员会委员",
            [("县人民法院副院长", False), ("县人民法院审判委员会委员", False)],
        ),
        (
            "县人民法院审判委员会委员、审判员",
            [("县人民法院审判委员会委员", False), ("县人民法院审判员", False)],
        ),
        ("县财政局局长、党组书记", [("县财政局局长", False), ("县财政局党组书记", False)]),
        ("县委常委、副县长", [("县委常委", False), ("副县长", False)]),
        ("县人民政府代理县长", [("县人民政府县长", True)]),
        (
            "区卫生健康局副局长（兼）、区疾病预防控制局局长",
            [("区卫生健康局副局长", False), ("区疾病预防控制局局长", False)],
        ),
        ("县林业局局长一职", [("县林业局局长", False)]),
    ],
)
def test_posts_carry_their_organisation_and_mark_acting(text, posts):
    assert [(p.post, p.acting) for p in parse_posts(text)] == posts


@given(st.text(alphabet="县法院副院长审判委员会委员、党组书记代理（兼）局长一职", max_size=40))
def test_any_post_list_reads_without_crashing(text):
    assert all(p.post for p in parse_posts(text))


# --- by_first_character ------------------------------------------------------------------------


@given(
    st.text(
        alphabet=st.sampled_from(
            "拟任提名拔推荐聘免请草案补选举当候曾先后担历出生年分管协负责工作决定辞去被张，；"
        ),
        max_size=40,
    )
)
def test_the_grouped_pattern_finds_what_the_flat_alternation_finds(text):
    import re

    from duban.core.clauses import NOT_A_DECISION, NOT_A_DECISION_WORDS

    flat = re.compile("|".join(NOT_A_DECISION_WORDS))
    assert [m.span() for m in NOT_A_DECISION.finditer(text)] == [m.span() for m in flat.finditer(text)]


def test_grouping_refuses_an_alternative_that_opens_with_a_pattern():
    from duban.core.clauses import by_first_character

    assert by_first_character(["拟任", "拟聘", "提请"]) == "拟(?:任|聘)|提(?:请)"
    with pytest.raises(ValueError, match="literal"):
        by_first_character(["拟任", ".{0,2}工作"])
