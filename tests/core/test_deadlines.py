from datetime import date

import pytest

from duban.core.deadlines import deadline_of


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("6月底", date(2025, 6, 30)),
        ("2025年9月30日前", date(2025, 9, 30)),
        ("2024年2月", date(2024, 2, 29)),
        ("6-9月", date(2025, 9, 30)),
        ("十一月底前", date(2025, 11, 30)),
        ("三月", date(2025, 3, 31)),
        ("年底前", date(2025, 12, 31)),
        ("", date(2025, 12, 31)),
        ("长期坚持", date(2025, 12, 31)),
        ("13月", date(2025, 12, 31)),
    ],
)
def test_it_reads_the_last_day_a_deadline_allows(text, expected):
    assert deadline_of(text, 2025) == expected
