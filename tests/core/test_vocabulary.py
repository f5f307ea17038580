"""Progress words by meaning, kept as written."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from duban.core.model import Status
from duban.core.vocabulary import is_known_word, status_of

C, S, L = Status.COMPLETED, Status.ON_SCHEDULE, Status.LAGGING


@pytest.mark.parametrize(
    ("word", "status"),
    [
        ("已办结", C),
        ("已完成", C),
        ("提前完成", C),
        ("超额完成", C),
        ("超进度", C),
        ("基本完成", C),
        ("正在办理", S),
        ("有序推进", S),
        ("达进度", S),
        ("正常推进", S),
        ("按序时", S),
        ("常态化\n或按时序推进", S),
        ("进展滞后", L),
        ("推进缓慢", L),  # a word of lagging wins over a word of progress
        ("欠进度", L),
        ("未达序时", L),
        ("欠序时", L),
        ("超序时", C),  # ahead of schedule counts as done, as 超进度 does
        ("未完成", L),
        ("相对滞后", L),
        ("其它类", None),
        ("已开工", None),
        ("差不多", None),
        ("", None),
    ],
)
def test_words_map_by_meaning(word, status):
    assert status_of(word) is status


@pytest.mark.parametrize(
    ("word", "known"), [("其它类", True), ("已开工", True), ("欠进度", True), ("差不多", False)]
)
def test_a_source_s_own_categories_are_known_without_a_level(word, known):
    assert is_known_word(word) is known


@given(st.text(max_size=20))
def test_any_word_maps_to_a_level_or_none(word):
    assert status_of(word) in (None, C, S, L)
