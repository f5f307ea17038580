"""Shares of a total as the bulletin writes them."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from duban.core.errors import ParseError
from duban.core.shares import format_percent, shares, truncated_shares


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        ([7, 64, 9], ["8.8", "80", "11.2"]),  # 80项目标任务
        ([15, 31], ["32.6", "67.4"]),  # 46件省市重点民生实事
        ([12, 23], ["34.3", "65.7"]),  # 35件省级
        ([3, 8], ["27.3", "72.7"]),  # 11件市级
        ([1, 1, 1], ["33.4", "33.3", "33.3"]),  # one step added to the first of equal remainders
        ([1, 1, 1, 1, 1, 1, 1], ["14.2", "14.3", "14.3", "14.3", "14.3", "14.3", "14.3"]),  # one taken
        ([5, 0], ["100", "0"]),
        ([0, 0, 0], ["0", "0", "0"]),
        ([], []),
    ],
)
def test_shares(counts: list[int], expected: list[str]) -> None:
    assert shares(counts) == [Decimal(e) for e in expected]


def test_negative_counts_are_bad_input() -> None:
    with pytest.raises(ParseError):
        shares([3, -1])


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("80", "80%"),
        ("80.0", "80%"),
        ("8.8", "8.8%"),
        ("11.2", "11.2%"),
        ("29.59", "29.6%"),
        ("0.05", "0.1%"),  # 四舍五入
        ("100", "100%"),
        ("0", "0%"),
        ("-19.6", "-19.6%"),
    ],
)
def test_format_percent(value: str, text: str) -> None:
    assert format_percent(Decimal(value)) == text


@given(
    st.lists(st.integers(min_value=0, max_value=10_000), min_size=1, max_size=12).filter(lambda c: sum(c) > 0)
)
def test_shares_add_up_to_100_and_stay_close(counts: list[int]) -> None:
    result = shares(counts)
    assert sum(result) == Decimal(100)
    total = sum(counts)
    for count, share in zip(counts, result, strict=True):
        assert abs(share - Decimal(count) * 100 / Decimal(total)) <= Decimal("0.1")


@pytest.mark.parametrize(
    ("counts", "expected"),
    [([2, 1], ["67", "33"]), ([1, 1, 1], ["34", "33", "33"]), ([9, 22], ["29", "71"])],
)
def test_whole_percent_shares_add_up_to_100(counts, expected):
    assert [str(s) for s in shares(counts, Decimal(1))] == expected


@pytest.mark.parametrize(
    ("counts", "expected"),
    [([2, 1], ["66", "34"]), ([1, 1, 1], ["33", "33", "34"]), ([1, 0], ["100", "0"]), ([0, 0], ["0", "0"])],
)
def test_truncated_shares_add_up_to_100(counts, expected):
    assert [str(s) for s in truncated_shares(counts, Decimal(1))] == expected
