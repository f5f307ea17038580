"""文号, dates, recipients and 附件说明."""

from __future__ import annotations

from datetime import date

import pytest

from duban.core.metadata import (
    looks_like_issuer,
    looks_like_recipients,
    looks_like_title,
    parse_attachments,
    parse_date,
    parse_issue,
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
        ("婺府办字﹝2023﹞12号", DocNumber("婺府办字", 2023, 12)),
        ("青委督查〔2023〕4号", DocNumber("青委督查", 2023, 4)),
        ("青政督通〔2023〕第15号", DocNumber("青政督通", 2023, 15)),
        ("青政呈〔2023〕3号　　签发人：王某", DocNumber("青政呈", 2023, 3)),
        ("岳云政人〔2024〕2号 关于…", None),
        ("2024年7月29日", None),
    ],
)
def test_parse_number_accepts_every_bracket_and_normalises(text, expected):
    assert parse_number(text) == expected
    if expected:
        assert "〔" in str(expected) and str(expected).endswith("号")


def test_each_number_line_of_an_archive_is_read_once():
    # Cut into notices at it, then read again as the notice's first line: the second is remembered.
    from duban.core import metadata
    from duban.core.parse import clear_caches, parse_string

    notices = [
        f"某政人〔2024〕{k}号\n关于人员职务任免的通知\n王志国同志任区财政局副局长。" for k in range(1, 41)
    ]
    clear_caches()
    assert len(parse_string("\n".join(notices))) == 40
    info = metadata._number.cache_info()
    assert info.misses == 40
    assert info.hits >= 40


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024年7月29日", date(2024, 7, 29)),
        ("2024 年 9 月 20 日", date(2024, 9, 20)),
        ("二〇二四年七月二十九日", date(2024, 7, 29)),
        ("二○二三年十二月一日", date(2023, 12, 1)),
        ("2023年03月08日", date(2023, 3, 8)),
        ("2023-03-08", date(2023, 3, 8)),
        ("2023.3.8", date(2023, 3, 8)),
        ("2023/3/8", date(2023, 3, 8)),
        ("20230517", None),  # compact only under a signature
        ("2024年2月30日", None),
        ("2023-13-01", None),
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


def test_a_compact_date_when_asked():
    assert parse_date("20230517", compact=True) == date(2023, 5, 17)
    assert parse_date("20231317", compact=True) is None
    assert parse_date("12345678", compact=True) is None


@pytest.mark.parametrize(
    ("text", "series", "expected"),
    [
        ("督查通报第二十三期", "", DocNumber("督查通报", 0, 23, series="督查通报")),
        ("第8期", "督查通报", DocNumber("督查通报", 0, 8, series="督查通报")),
        ("2023年第8期", "督查专报", DocNumber("督查专报", 2023, 8, series="督查专报")),
        ("第8期（总第123期）", "工作简报", DocNumber("工作简报", 0, 8, series="工作简报", total=123)),
        ("（第十期）", "督查通报", DocNumber("督查通报", 0, 10, series="督查通报")),
        ("完成第8期", "", None),  # a sentence, not an issue line
        ("第0期", "督查通报", None),
        ("岳云政人〔2024〕2号", "", None),
    ],
)
def test_parse_issue(text, series, expected):
    assert parse_issue(text, series) == expected
    if expected:
        assert expected.is_issue and str(expected).endswith("期")


def test_an_issue_line_without_a_series_name():
    number = parse_issue("2023年第8期")
    assert number is not None and number.is_issue and str(number) == "2023年第8期"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("现将有关情况通报如下：", False),
        ("现将各单位一季度推进情况通报如下：", False),
        ("为推动各项工作落实，根据县政府安排：", False),
        ("各乡镇人民政府，县直各单位：", True),
        ("县直各有关单位：", True),
    ],
)
def test_a_sentence_ending_in_a_colon_is_not_a_recipient_line(line, expected):
    assert looks_like_recipients(line) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("青石县2023年一季度重点民生实事进展情况通报", True),
        ("2023年县政府工作要点", True),
        ("2023年县政府工作报告重点任务分工方案", True),
        ("重点民生实事项目进度公示（第3期）", True),
        ("一、总体情况", False),
        ("现将有关情况通报如下：", False),
        ("青石县人民政府办公室", False),
    ],
)
def test_titles_by_their_genre_word(text, expected):
    assert looks_like_title(text) is expected
