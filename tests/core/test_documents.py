"""The frame of a document in other offices' layouts: mastheads, titles without 关于, no 主送."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from duban.core.documents import read_frame, split_documents
from duban.core.model import DocNumber, Kind
from duban.core.parse import parse_string
from duban.core.readers import read_text


def _frame(text: str):
    (group,) = split_documents(read_text(text).blocks)
    return read_frame(group)


# A serial bulletin's masthead: the series, the issue, "issuer  date", a rule; no 文号.
MASTHEAD = """督查通报
第5期
青石县人民政府督查室　　　　　　2023年6月12日
━━━━━━━━━━━━━━━━━━━━
关于全县重点项目建设推进情况的通报
今年以来，全县上下紧盯年度目标。县政府督查室于5月下旬开展了专项督查，现将有关情况通报如下：
一、总体情况
"""


def test_a_serial_bulletin_has_its_issue_as_its_number():
    frame = _frame(MASTHEAD)
    assert frame.number == DocNumber("督查通报", 2023, 5, series="督查通报")
    assert (frame.issuer, frame.date) == ("青石县人民政府督查室", date(2023, 6, 12))
    assert frame.title == "关于全县重点项目建设推进情况的通报"
    assert frame.recipients == []  # "…通报如下：" opens the body, it names nobody
    assert frame.body[0].text.startswith("今年以来")
    assert str(frame.number) == "督查通报2023年第5期"
    assert frame.warnings == []


@pytest.mark.parametrize(
    ("head", "number"),
    [
        (
            "督查通报第二十三期\n青石县人民政府督查室\n2023年6月12日\n",
            DocNumber("督查通报", 2023, 23, "督查通报"),
        ),
        (
            "重点工作督查专报\n2024年第8期（总第112期）\n青石县委督查室\n",
            DocNumber("重点工作督查专报", 2024, 8, "重点工作督查专报", total=112),
        ),
        ("督查通报\n（第3期）\n", DocNumber("督查通报", 0, 3, "督查通报")),
    ],
)
def test_issue_lines_in_their_forms(head, number):
    frame = _frame(head + "关于全县重点项目建设推进情况的通报\n正文第一段。\n")
    assert frame.number == number
    assert frame.title == "关于全县重点项目建设推进情况的通报"


def test_a_bulletin_of_a_series_is_a_bulletin_even_untitled():
    (doc,) = parse_string("督查通报\n第5期\n青石县人民政府督查室　　2023年6月12日\n一、总体情况\n全县……。\n")
    assert doc.kind == Kind.BULLETIN and doc.number is not None and doc.number.is_issue
    assert doc.to_json()["number_parts"]["series"] == "督查通报"


@pytest.mark.parametrize(
    ("text", "title"),
    [
        (
            "青石县2023年一季度重点民生实事进展情况通报\n一、总体情况\n",
            "青石县2023年一季度重点民生实事进展情况通报",
        ),
        (
            "青石县2023年重点民生实事\n项目进度公示\n根据……，现予公示。\n",
            "青石县2023年重点民生实事项目进度公示",
        ),
        ("2023年县政府工作要点\n一、稳增长\n", "2023年县政府工作要点"),
        (
            "青石县人民政府办公室\n2023年县政府工作报告重点任务分工方案\n为确保……，制定本方案。\n",
            "2023年县政府工作报告重点任务分工方案",
        ),
    ],
)
def test_titles_without_guanyu_and_without_a_recipient_line(text, title):
    frame = _frame(text)
    assert frame.title == title
    assert frame.recipients == []


def test_no_recipient_line_and_a_body_that_announces_the_report():
    frame = _frame(
        "青政办发〔2023〕9号\n青石县人民政府办公室\n关于2023年一季度督查情况的通报\n"
        "现将各单位一季度重点工作推进情况通报如下：\n一、总体情况\n青石县人民政府办公室\n2023年4月2日\n"
    )
    assert frame.recipients == []
    assert frame.title == "关于2023年一季度督查情况的通报"
    assert frame.body[0].text == "现将各单位一季度重点工作推进情况通报如下："
    assert (frame.signature, frame.date) == ("青石县人民政府办公室", date(2023, 4, 2))


@pytest.mark.parametrize(
    ("date_line", "expected"),
    [
        ("2023年03月08日", date(2023, 3, 8)),
        ("二〇二三年三月八日", date(2023, 3, 8)),
        ("2023-03-08", date(2023, 3, 8)),
        ("2023.3.8", date(2023, 3, 8)),
        ("20230517", date(2023, 5, 17)),  # compact, under the 署名
    ],
)
def test_the_date_under_the_signature_in_every_form(date_line, expected):
    frame = _frame(
        f"青政办发〔2023〕9号\n关于加强督查工作的通知\n各乡镇：\n请抓好落实。\n青石县人民政府办公室\n{date_line}\n"
    )
    assert frame.date == expected and frame.signature == "青石县人民政府办公室"


def test_eight_digits_elsewhere_are_not_a_date():
    frame = _frame("青政办发〔2023〕9号\n关于加强督查工作的通知\n各乡镇：\n咨询电话：\n20230517\n")
    assert frame.date is None


@given(
    st.lists(
        st.sampled_from(
            [
                "督查通报",
                "第5期",
                "第二十三期",
                "（第3期）",
                "青石县人民政府督查室　　2023年6月12日",
                "━━━━",
                "2023年6月12日",
                "关于重点项目推进情况的通报",
                "一、总体情况",
                "全县……。",
                "20230612",
                "青石县人民政府督查室",
            ]
        ),
        max_size=8,
    )
)
def test_any_masthead_like_lines_give_a_frame(lines):
    blocks = read_text("\n".join(lines) + "\n").blocks
    for group in split_documents(blocks):
        frame = read_frame(group)
        assert frame.number is None or frame.number.serial > 0


def test_a_bulletin_from_another_county_end_to_end(tmp_path):
    import docx

    from duban.core.model import Status
    from duban.core.parse import parse_file

    document = docx.Document()
    for line in (
        "青石县人民政府办公室",
        "督查通报",
        "2023年第6期",
        "青石县人民政府督查室　　　　2023年7月10日",
        "关于2023年上半年县政府重点工作推进情况的通报",
        "各乡镇人民政府，县政府各部门：",
        "现将上半年县政府重点工作推进情况通报如下：",
        "一、总体情况",
        "今年县政府确定重点工作任务3项，截至6月底，已完成1项，占33.3%；按序时推进的1项，占33.3%；推进滞后的1项，占33.4%。",
    ):
        document.add_paragraph(line)
    table = document.add_table(rows=4, cols=6)
    rows = [
        ("序号", "工作任务", "牵头县领导", "牵头单位", "责任单位", "推进情况"),
        ("1", "新增城镇就业5000人", "王某", "县人社局", "各乡镇", "已完成"),
        ("2", "新建城东幼儿园", "李某", "县教育局", "县住建局", "按序时推进"),
        ("3", "完成县城污水管网改造", "王某", "县住建局", "县城管局", "推进滞后"),
    ]
    for row, values in zip(table.rows, rows, strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    path = tmp_path / "bulletin.docx"
    document.save(path)
    (doc,) = parse_file(path)
    assert doc.kind == Kind.BULLETIN
    assert str(doc.number) == "督查通报2023年第6期" and doc.number.year == 2023
    assert (doc.issuer, doc.date) == ("青石县人民政府督查室", date(2023, 7, 10))
    assert doc.title == "关于2023年上半年县政府重点工作推进情况的通报"
    assert doc.recipients == ["各乡镇人民政府", "县政府各部门"]
    assert [(t.lead_units, t.related_units, t.leader, t.status) for t in doc.tasks] == [
        (["县人社局"], ["各乡镇"], "王某", Status.COMPLETED),
        (["县教育局"], ["县住建局"], "李某", Status.ON_SCHEDULE),
        (["县住建局"], ["县城管局"], "王某", Status.LAGGING),
    ]
    (stated,) = doc.stated_counts
    assert (stated.subject, stated.total, stated.counts) == (
        "今年县政府确定重点工作任务",
        3,
        {"completed": 1, "on_schedule": 1, "lagging": 1},
    )
    assert doc.warnings == []


def test_a_date_left_blank_ends_the_attachments_without_a_warning() -> None:
    from duban.core.parse import parse_string

    text = (
        "某政办通〔2024〕5号\n\n某某县人民政府办公室\n关于重点工作推进情况的通报\n\n各有关单位：\n现将情况通报如下。\n\n"
        "附件：1.重点工作推进情况\n\n某某县人民政府办公室\n____年__月__日\n"
    )
    [doc] = parse_string(text)
    assert doc.attachments == ["重点工作推进情况"]
    assert doc.date is None and "未找到成文日期（署名下一行的日期）" not in doc.warnings
