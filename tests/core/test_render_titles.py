"""Titles broken into lines by meaning, in a trapezoid or a diamond (GB/T 9704-2012 §7.3.1)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from duban.core.render.titles import (
    TITLE_CHARS,
    break_costs,
    break_title,
    char_width,
    shape_penalty,
    title_lines,
)

OFFICE = "岳阳市云溪区人民政府办公室"
GOVERNMENT = "岳阳市云溪区人民政府"


@pytest.mark.parametrize(
    ("issuer", "title", "lines"),
    [
        # The sample bulletin, broken as the office broke it.
        (
            OFFICE,
            "关于2024年上半年区政府重点工作推进情况的通报",
            [OFFICE, "关于2024年上半年区政府重点工作", "推进情况的通报"],
        ),
        (GOVERNMENT, "关于丁志猛等同志职务任免的通知", [GOVERNMENT, "关于丁志猛等同志职务任免的通知"]),
        (
            OFFICE,
            "关于印发《云溪区贯彻落实2024年省政府大抓落实工作激励措施二十条任务分解》的通知",
            [
                OFFICE,
                "关于印发《云溪区贯彻落实2024年",
                "省政府大抓落实工作激励措施",
                "二十条任务分解》的通知",
            ],
        ),
        # A unit name is never split, even where it fills most of a line.
        (
            OFFICE,
            "关于做好2024年度区人力资源和社会保障局目标责任考核工作的通知",
            [OFFICE, "关于做好2024年度区人力资源和社会保障局", "目标责任考核工作的通知"],
        ),
        # Joint issuers (联合行文) each on a line of their own.
        (
            "中共岳阳市云溪区委办公室 岳阳市云溪区人民政府办公室",
            "关于印发《云溪区2024年重点民生实事实施方案》的通知",
            ["中共岳阳市云溪区委办公室", OFFICE, "关于印发《云溪区2024年重点民生实事", "实施方案》的通知"],
        ),
        # Short enough for one line: issuer and title together.
        ("区政府", "关于某事的通知", ["区政府关于某事的通知"]),
    ],
)
def test_titles_break_by_meaning(issuer: str, title: str, lines: list[str]) -> None:
    assert title_lines(issuer, title) == lines


def test_the_callers_breaks_are_kept_and_the_issuer_put_in_front() -> None:
    assert title_lines(OFFICE, "关于2024年上半年\n区政府重点工作推进情况的通报") == [
        OFFICE,
        "关于2024年上半年",
        "区政府重点工作推进情况的通报",
    ]


def test_a_title_that_starts_with_its_issuer_does_not_repeat_it() -> None:
    assert title_lines(OFFICE, OFFICE + "关于2024年上半年区政府重点工作推进情况的通报")[0] == OFFICE
    assert title_lines(OFFICE, OFFICE + "关于2024年上半年区政府重点工作推进情况的通报")[1].startswith("关于")


def test_no_break_inside_a_number_a_word_or_before_closing_punctuation() -> None:
    text = "关于印发《2024年重点工作》的通知"
    costs = break_costs(text)
    forbidden = [i for i, c in enumerate(costs) if c == float("inf")]
    assert text.index("024") in forbidden and text.index("24年") in forbidden  # inside 2024年
    assert text.index("》") in forbidden  # never a line starting with 》
    assert text.index("重点工作") + 1 in forbidden  # inside 重点
    assert costs[text.index("的通知")] < costs[text.index("工作》")]  # before 的通知 is a good place


def test_an_hourglass_costs_more_than_a_trapezoid_or_a_diamond() -> None:
    hourglass, trapezoid, diamond = [13, 9, 12], [10, 13, 15], [13, 15, 7]
    assert shape_penalty(hourglass) > shape_penalty(trapezoid) + 20
    assert shape_penalty(hourglass) > shape_penalty(diamond) + 20


def test_the_width_counts_latin_digits_as_half() -> None:
    assert char_width("关于2024年") == 5.0


CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x4FFF)


@given(st.text(alphabet=st.one_of(CJK, st.sampled_from("0123456789《》、，的通知")), min_size=1, max_size=70))
def test_any_title_keeps_every_character_and_fits_the_width(text: str) -> None:
    lines = break_title(text)
    assert "".join(lines) == text.strip()
    # A line may overrun only by the closing punctuation that must not start the next one.
    assert all(char_width(line.rstrip("》、，")) <= TITLE_CHARS for line in lines)


def test_a_paragraph_given_as_a_title_is_wrapped_to_the_width() -> None:
    text = "为贯彻党的二十届三中全会精神，深入分析研判当前经济形势，扎实推进全区各项重点工作。" * 5
    lines = break_title(text)
    assert "".join(lines) == text
    assert len(lines) > 5 and all(char_width(line) <= TITLE_CHARS + 1 for line in lines)
