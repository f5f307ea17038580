"""Marking the matches: positions in the text, a window around the first, pieces for the template."""

from __future__ import annotations

import pytest

from duban.search.marks import ELLIPSIS, Marked, Piece, Span, labelled, mark, pattern
from duban.search.templatetags.search_marks import marked


def _hits(m: Marked) -> list[str]:
    return [m.text[s.start : s.end] for s in m.spans]


def test_every_occurrence_is_marked_ignoring_ascii_case():
    m = mark("GDP增长，gdp总量，Gdp", pattern(("gdp",)))
    assert _hits(m) == ["GDP", "gdp", "Gdp"]


def test_the_longest_term_wins_where_terms_overlap():
    m = mark("区人社局和区财政局", pattern(("区", "区人社局")))
    assert _hits(m) == ["区人社局", "区"]


def test_line_breaks_become_spaces():
    assert mark("第一行\n\n  第二行", pattern(("二",))).text == "第一行 第二行"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("甲" * 100 + "老旧小区" + "乙" * 100, ELLIPSIS + "甲" * 5 + "老旧小区" + "乙" * 11 + ELLIPSIS),
        ("老旧小区" + "乙" * 100, "老旧小区" + "乙" * 16 + ELLIPSIS),
        ("甲" * 100 + "老旧小区", ELLIPSIS + "甲" * 16 + "老旧小区"),
    ],
)
def test_a_long_text_is_cut_around_the_first_match(text, expected):
    m = mark(text, pattern(("老旧小区",)), width=20)
    assert m.text == expected
    assert _hits(m) == ["老旧小区"]


def test_a_match_cut_by_the_window_is_marked_as_far_as_it_shows():
    m = mark("甲" * 30 + "老旧小区" + "乙" * 30 + "老旧小区", pattern(("老旧小区",)), width=40)
    assert _hits(m)[0] == "老旧小区"
    assert m.text.endswith(ELLIPSIS)


def test_pieces_alternate_plain_and_marked_text():
    m = Marked("甲乙丙丁", (Span(1, 2), Span(3, 4)))
    assert m.pieces() == [Piece("甲", False), Piece("乙", True), Piece("丙", False), Piece("丁", True)]


def test_a_label_is_never_marked():
    m = labelled("简称：", mark("简称甲", pattern(("简称",))))
    assert m.text == "简称：简称甲" and _hits(m) == ["简称"] and m.spans == (Span(3, 5),)


def test_the_tag_escapes_every_piece_before_marking():
    m = mark('<img src=x onerror="1">老旧小区&amp;', pattern(("老旧小区", "img")))
    assert (
        str(marked(m)) == "&lt;<mark>img</mark> src=x onerror=&quot;1&quot;&gt;<mark>老旧小区</mark>&amp;amp;"
    )
