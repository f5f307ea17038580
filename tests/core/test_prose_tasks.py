"""Task lists in numbered prose with inline responsibility notes."""

from __future__ import annotations

import docx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from duban.core.model import Kind, Paragraph
from duban.core.parse import parse_file, parse_string
from duban.core.prose_tasks import parse_prose_tasks

PLAN = """青石县人民政府办公室
2023年县政府工作报告重点任务分工方案
为确保县政府工作报告确定的各项任务落到实处，制定本方案。
一、着力稳定经济增长
1.加快重点项目建设。全年实施县级重点项目120个以上，完成投资150亿元。（县发展和改革局牵头，县直各相关单位按职责分工负责）
2.扩大有效投资。争取专项债券资金10亿元以上。（县财政局、县发展和改革局牵头，县自然资源局配合）
二、持续改善民生
3.新增城镇就业5000人以上；4.新建城东幼儿园。（牵头单位：县教育局；配合单位：县住房和城乡建设局、城东街道）
（一）稳就业
5.开展春风行动招聘会10场。（县人力资源和社会保障局负责）
"""


def test_numbered_items_with_their_units_and_headings():
    (doc,) = parse_string(PLAN)
    assert doc.kind == Kind.TASK_DECOMPOSITION
    assert doc.has_progress == {"tasks": False}
    got = [(t.seq, t.lead_units, t.related_units, t.category) for t in doc.tasks]
    assert got == [
        (1, ["县发展和改革局"], ["县直各相关单位"], "着力稳定经济增长"),
        (2, ["县财政局", "县发展和改革局"], ["县自然资源局"], "着力稳定经济增长"),
        (3, [], [], "持续改善民生"),
        (4, ["县教育局"], ["县住房和城乡建设局", "城东街道"], "持续改善民生"),
        (5, ["县人力资源和社会保障局"], [], "稳就业"),
    ]
    assert doc.tasks[0].text == "加快重点项目建设。全年实施县级重点项目120个以上，完成投资150亿元。"
    assert doc.tasks[2].text == "新增城镇就业5000人以上"
    assert doc.list_titles["tasks"] == "2023年县政府工作报告重点任务分工方案"


@pytest.mark.parametrize(
    ("note", "leads", "related", "leader"),
    [
        ("（县公安局牵头，县交通运输局配合）", ["县公安局"], ["县交通运输局"], ""),
        ("（责任单位：县林业局、县自然资源局）", ["县林业局", "县自然资源局"], [], ""),
        ("（牵头领导：王某；牵头单位：县水利局；责任单位：各乡镇）", ["县水利局"], ["各乡镇"], "王某"),
        ("(县民政局负责)", ["县民政局"], [], ""),
        ("（县卫健局牵头负责，县医保局参与）", ["县卫健局"], ["县医保局"], ""),
    ],
)
def test_the_forms_of_a_responsibility_note(note, leads, related, leader):
    lines = [f"1.完成一项工作。{note}", "2.完成另一项工作。（县财政局牵头）"]
    first, _ = parse_prose_tasks([Paragraph(t, n) for n, t in enumerate(lines, 1)])
    assert (first.lead_units, first.related_units, first.leader) == (leads, related, leader)
    assert first.text == "完成一项工作。"


def test_an_ordinary_numbered_body_is_no_task_list():
    body = ["1.提高思想认识，奋力创优争先。", "2.压紧工作责任，各单位负责同志要亲自抓。", "3.加强调度推进。"]
    assert parse_prose_tasks([Paragraph(t) for t in body]) == []


def test_the_same_list_from_a_word_file(tmp_path):
    document = docx.Document()
    for line in PLAN.strip().splitlines():
        document.add_paragraph(line)
    path = tmp_path / "plan.docx"
    document.save(path)
    (doc,) = parse_file(path)
    assert [t.lead_units for t in doc.tasks] == [t.lead_units for t in parse_string(PLAN)[0].tasks]


@given(st.lists(st.text(alphabet="1234.、；（）牵头负责配合县局：单位一二、", max_size=40), max_size=6))
def test_arbitrary_numbered_lines_never_crash(lines):
    tasks = parse_prose_tasks([Paragraph(t) for t in lines])
    assert all(t.text is not None for t in tasks)
