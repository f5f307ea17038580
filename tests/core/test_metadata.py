"""文号, dates, recipients and 附件说明."""

from __future__ import annotations

from datetime import date

import pytest

from duban.core.metadata import (
    looks_like_issuer,
    looks_like_recipients,
    parse_attachments,
    parse_date,
    parse_number,
    split_recipients,
)
from duban.core.model import DocNumber


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("岳云政人〔2024〕2号", DocNumber("岳云政人", 2024, 2)),
        (" 岳云政办函〔2024〕9号", DocNumber("岳云政办函", 2024, 9)),
        ("湘政发[2023]12号", DocNumber("湘政发", 2023, 12)),
        ("岳政办发（2022）5号", DocNumber("岳政办发", 2022, 5)),
        ("岳政办发(2022)第5号", DocNumber("岳政办发", 2022, 5)),
        ("国办发【2021】33号", DocNumber("国办发", 2021, 33)),
        ("岳云政人〔2024〕2号 关于…", None),
        ("2024年7月29日", None),
    ],
)
def test_parse_number_accepts_every_bracket_and_normalises(text, expected):
    assert parse_number(text) == expected
    if expected:
        assert "〔" in str(expected) and str(expected).endswith("号")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024年7月29日", date(2024, 7, 29)),
        ("2024 年 9 月 20 日", date(2024, 9, 20)),
        ("二〇二四年七月二十九日", date(2024, 7, 29)),
        ("二○二三年十二月一日", date(2023, 12, 1)),
        ("2024年2月30日", None),
        ("截至2024年7月29日", None),
    ],
)
def test_parse_date(text, expected):
    assert parse_date(text) == expected


def test_recipients_are_split_as_written():
    line = "各镇人民政府、街道办事处，绿色化工高新区管委会，区直及驻区各单位："
    assert looks_like_recipients(line)
    assert split_recipients(line) == [
        "各镇人民政府",
        "街道办事处",
        "绿色化工高新区管委会",
        "区直及驻区各单位",
    ]
    assert not looks_like_recipients("现将有关情况通报如下：" * 20)


def test_issuer_lines():
    assert looks_like_issuer("岳阳市云溪区人民政府办公室")
    assert not looks_like_issuer("经研究，同意：")


def test_attachment_titles_continue_over_lines():
    lines = [
        "附件：1.《2024年<政府工作报告>目标任务分解》目标",
        "任务进展情况",
        "2.2024年省市重点民生实事项目任务分解进展情况",
    ]
    assert parse_attachments(lines) == [
        "《2024年<政府工作报告>目标任务分解》目标任务进展情况",
        "2024年省市重点民生实事项目任务分解进展情况",
    ]
    assert parse_attachments(["附件：实施方案"]) == ["实施方案"]
