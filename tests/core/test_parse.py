"""The whole sample through `parse_file`, field-exact where it matters; the same from .docx."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from duban.core.errors import ParseError
from duban.core.lint import lint_all
from duban.core.model import Action, Kind, Source, Status
from duban.core.parse import iter_documents, parse_file, parse_string
from duban.core.readers import read_file
from tests.conftest import SAMPLE
from tests.core.builders import source_to_docx


@pytest.fixture(scope="module")
def docs():
    return parse_file(SAMPLE)


def test_it_splits_the_four_notices_with_their_frames(docs):
    assert [(str(d.number), d.kind, d.issuer, d.date) for d in docs] == [
        ("岳云政人〔2024〕2号", Kind.APPOINTMENT, "岳阳市云溪区人民政府", date(2024, 7, 29)),
        ("岳云政人〔2024〕3号", Kind.APPOINTMENT, "岳阳市云溪区人民政府", date(2024, 7, 29)),
        ("岳云政办通〔2024〕3号", Kind.BULLETIN, "岳阳市云溪区人民政府办公室", None),
        ("岳云政办函〔2024〕9号", Kind.TASK_DECOMPOSITION, "岳阳市云溪区人民政府办公室", date(2024, 9, 20)),
    ]
    assert docs[2].title == "关于2024年上半年区政府重点工作推进情况的通报"
    assert docs[3].title == "关于印发《云溪区贯彻落实2024年省政府大抓落实工作激励措施二十条任务分解》的通知"
    assert all(d.recipients[-1] == "区直及驻区各单位" for d in docs)
    assert docs[2].attachments == [
        "《2024年<政府工作报告>目标任务分解》目标任务进展情况",
        "2024年省市重点民生实事项目任务分解进展情况",
    ]


def test_the_appointment_counts(docs):
    assert [len(d.appointments) for d in docs[:2]] == [37, 33]
    first = docs[0].appointments[0]
    assert (first.person, first.action, first.post, first.org, first.title) == (
        "丁志猛",
        Action.APPOINT,
        "区供销合作联社理事会主任",
        "区供销合作联社理事会",
        "主任",
    )
    assert sum(1 for d in docs[:2] for a in d.appointments if a.probation == "一年") == 12


def test_the_bulletin_records(docs):
    bulletin = docs[2]
    statuses = [t.status for t in bulletin.tasks]
    assert len(statuses) == 80
    assert (
        statuses.count(Status.COMPLETED),
        statuses.count(Status.ON_SCHEDULE),
        statuses.count(Status.LAGGING),
    ) == (7, 64, 9)
    assert {t.seq for t in bulletin.tasks if len(t.lead_units) == 2} == {51, 57, 74}
    assert {t.seq for t in bulletin.tasks if t.district_livelihood} == {48, 49, 57, 58, 67, 80}
    ind = bulletin.indicators
    assert len(ind) == 46
    assert [i.category for i in ind].count("省级") == 35 and [i.category for i in ind].count("市级") == 11
    assert sum(1 for i in ind if i.evaluation == Status.COMPLETED) == 15
    water = next(i for i in ind if i.indicator == "新增蓄水能力")
    assert (water.target.value, water.target.unit, water.lead_unit, water.percent) == (
        Decimal("24000"),
        "方",
        "区水利局",
        Decimal("81"),
    )
    assert bulletin.warnings == ["未找到成文日期（署名下一行的日期）"]
    assert [s.total for s in bulletin.stated_counts] == [80, 46, 35, 11]


def test_the_decomposition_measures_and_the_count_warning(docs):
    measures = docs[3].measures
    assert len(measures) == 18
    assert (measures[0].provincial_lead, measures[0].lead_unit) == ("省发展改革委", "区发改局")
    assert measures[16].related_units == ["各实事承办单位"]
    linted = parse_file(SAMPLE)  # a fresh copy: the module's fixture is shared
    lint_all(linted)
    assert linted[3].warnings == ["标题称“二十条”，但任务分解表有18行"]


def test_the_same_records_from_a_docx(docs, tmp_path):
    path = source_to_docx(read_file(SAMPLE), tmp_path / "sample.docx")
    again = parse_file(path)
    assert [_records(d.to_json()) for d in again] == [_records(d.to_json()) for d in docs]


def _records(value):
    """A document's JSON without positions, which differ by format (line vs paragraph index)."""
    if isinstance(value, dict):
        return {k: _records(v) for k, v in value.items() if k not in ("line", "row", "path")}
    if isinstance(value, list):
        return [_records(v) for v in value]
    return value


def test_gbk_text_parses_the_same(docs, tmp_path):
    path = tmp_path / "gbk.txt"
    path.write_bytes(SAMPLE.read_text(encoding="utf-8").encode("gb18030"))
    assert [len(d.appointments) for d in parse_file(path)] == [37, 33, 0, 0]


def test_a_text_that_is_not_a_notice_is_a_parse_error():
    with pytest.raises(ParseError) as err:
        parse_string("今天天气很好。\n明天也好。\n", "x.txt")
    assert "未识别出公文" in str(err.value) and "x.txt" in str(err.value)
    assert "没有找到文号或期号、公文标题" in err.value.message


def test_a_rejection_names_what_was_found_and_what_was_missing():
    with pytest.raises(ParseError) as err:
        parse_string("青石县人民政府办公室\n今天召开了会议。\n")
    message = err.value.message
    assert "找到发文机关“青石县人民政府办公室”" in message
    assert "但没有文号或期号、可识别的公文标题" in message


def test_a_rejection_keeps_the_warnings_found_so_far():
    text = "青石县人民政府办公室\n今天召开了会议。\n\t甲\t乙\n\n\t丙\t丁\n"
    with pytest.raises(ParseError) as err:
        parse_string(text)
    assert err.value.warnings == ["第3行起的表格未能识别（不是任务、指标或措施表），已跳过"]


def test_a_table_error_keeps_the_warnings_before_it():
    header = "".join(f"\t{c}\n" for c in ("序号", "目标任务", "牵头单位", "进展情况"))
    row = "".join(f"\t{c}\n" for c in ("一", "任务", "县财政局", "无"))
    text = (
        "青政办发〔2023〕9号\n关于印发重点任务清单的通知\n各乡镇：\n请落实。\n"
        f"\t甲\t乙\n\n\t丙\t丁\n\n附件\n{header}\n{row}"
    )
    with pytest.raises(ParseError) as err:
        parse_string(text)
    assert "序号" in err.value.message
    assert err.value.warnings == ["第5行起的表格未能识别（不是任务、指标或措施表），已跳过"]


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=400))
def test_arbitrary_text_gives_documents_or_a_parse_error(text):
    try:
        parse_string(text)
    except ParseError as exc:
        assert exc.message


def test_a_decomposition_spreadsheet_is_a_task_list_without_a_round(tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["青石县2023年县政府工作报告重点任务分解表"])
    sheet.merge_cells("A1:F1")
    sheet.append(["序号", "工作任务", "牵头县领导", "牵头单位", "责任单位", "完成时限"])
    sheet.append([1, "新增城镇就业5000人以上", "王某某", "县人社局", "各乡镇", "12月底"])
    sheet.append([2, "开展春风行动招聘会10场", None, "县人社局", "县总工会", "6月底"])
    sheet.append([3, "新建城东幼儿园", "李某", "县教育局", "县住建局\n城东街道", "9月底"])
    sheet.merge_cells("C3:C4")  # one leader for the first two tasks
    path = tmp_path / "plan.xlsx"
    book.save(path)
    (doc,) = parse_file(path)
    assert doc.kind == Kind.TASK_DECOMPOSITION
    assert doc.has_progress == {"tasks": False}
    assert doc.title == "青石县2023年县政府工作报告重点任务分解表"
    assert [(t.seq, t.leader, t.lead_units, t.related_units, t.deadline) for t in doc.tasks] == [
        (1, "王某某", ["县人社局"], ["各乡镇"], "12月底"),
        (2, "王某某", ["县人社局"], ["县总工会"], "6月底"),
        (3, "李某", ["县教育局"], ["县住建局", "城东街道"], "9月底"),
    ]
    assert doc.to_json()["tasks"][0]["related_units"] == ["各乡镇"]


def test_a_bulletin_in_its_own_vocabulary_keeps_every_row(tmp_path):
    import docx

    document = docx.Document()
    for line in (
        "督查通报",
        "第3期",
        "青石县人民政府督查室　　2023年7月5日",
        "关于县委县政府督办事项办理情况的通报",
    ):
        document.add_paragraph(line)
    table = document.add_table(rows=4, cols=5)
    rows = [
        ("序号", "督办事项", "主办", "协办", "办理情况"),
        ("1", "解决城东学校周边停车难", "县公安局", "县教育局", "已办结"),
        ("2", "推进农贸市场改造", "县市场监管局", "城东街道", "推进缓慢"),
        ("3", "整治背街小巷", "县城管局", "", "研究中"),
    ]
    for row, values in zip(table.rows, rows, strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    path = tmp_path / "bulletin.docx"
    document.save(path)
    (doc,) = parse_file(path)
    assert doc.kind == Kind.BULLETIN and str(doc.number) == "督查通报2023年第3期"
    assert [(t.status, t.status_text) for t in doc.tasks] == [
        (Status.COMPLETED, "已办结"),
        (Status.LAGGING, "推进缓慢"),
        (None, "研究中"),
    ]
    assert doc.has_progress == {"tasks": True}
    assert any("“研究中”未能归入" in w for w in doc.warnings)


MEETING = """青石县第十八届人大常委会举行第十二次会议
2023年6月28日，青石县第十八届人民代表大会常务委员会举行第十二次会议。
会议经表决，决定任命周海为县水利局局长，吴静为县审计局局长；免去赵大勇的县水利局局长职务；接受刘建华辞去县人民政府副县长职务的请求。
会议还听取了县人民政府关于2023年上半年国民经济和社会发展计划执行情况的报告。
青石县人大常委会办公室
2023年6月28日
"""


def test_decisions_inside_the_running_text_of_a_meeting_report(tmp_path):
    import docx

    (doc,) = parse_string(MEETING)
    expected = [
        ("周海", Action.APPOINT, "县水利局局长"),
        ("吴静", Action.APPOINT, "县审计局局长"),
        ("赵大勇", Action.REMOVE, "县水利局局长"),
        ("刘建华", Action.REMOVE, "县人民政府副县长"),
    ]
    assert [(a.person, a.action, a.post) for a in doc.appointments] == expected
    assert doc.kind == Kind.APPOINTMENT and doc.warnings == []
    document = docx.Document()
    for line in MEETING.strip().splitlines():
        document.add_paragraph(line)
    path = tmp_path / "meeting.docx"
    document.save(path)
    assert [(a.person, a.action, a.post) for a in parse_file(path)[0].appointments] == expected


def test_a_proposal_to_the_standing_committee_decides_nothing():
    text = (
        "青政〔2023〕21号\n青石县人民政府\n关于提请任免周海等同志职务的议案\n县人大常委会：\n"
        "根据工作需要，提请任命周海为县水利局局长；免去赵大勇的县水利局局长职务。\n请予审议。\n"
        "青石县人民政府\n2023年6月20日\n"
    )
    (doc,) = parse_string(text)
    assert doc.appointments == []
    assert str(doc.number) == "青政〔2023〕21号"


DECISION = """青石县人民代表大会常务委员会
关于任免周海等同志职务的决定
（2023年6月28日青石县第十八届人民代表大会常务委员会第十二次会议通过）
根据县人民法院院长高建国的提请，会议决定：
任命黄志远为县人民法院副院长、审判委员会委员、审判员；
免去孙悦、钱思远的县人民法院审判员职务。
"""


def test_a_standing_committee_decision_with_its_adoption_date():
    (doc,) = parse_string(DECISION)
    assert doc.date == date(2023, 6, 28)
    assert doc.issuer == "青石县人民代表大会常务委员会"
    assert [(a.person, a.action, a.post) for a in doc.appointments] == [
        ("黄志远", Action.APPOINT, "县人民法院副院长"),
        ("黄志远", Action.APPOINT, "县人民法院审判委员会委员"),
        ("黄志远", Action.APPOINT, "县人民法院审判员"),
        ("孙悦", Action.REMOVE, "县人民法院审判员"),
        ("钱思远", Action.REMOVE, "县人民法院审判员"),
    ]
    assert doc.warnings == []


def test_clearing_the_caches_changes_no_reading():
    from duban.core.parse import clear_caches

    text = "某政人〔2024〕1号\n某某区人民政府\n关于人员职务任免的通知\n经研究，同意：\n王志国同志任区财政局副局长。\n"
    first = parse_string(text)[0].appointments
    clear_caches()
    assert parse_string(text)[0].appointments == first


def test_clearing_the_caches_empties_every_cache_of_readings():
    """Every bounded cache of the core that a reading fills (the unbounded ones hold tables built
    from constants), so that the parse bench's passes each start as a fresh process."""
    import importlib
    import pkgutil

    import duban.core
    from duban.core.parse import clear_caches

    text = "某政人〔2024〕1号\n某某区人民政府\n关于人员职务任免的通知\n经研究，同意：\n"
    text += "王志国同志任区财政局副局长、区统计局局长（兼）；\n免去李明同志区人民政府办公室副主任职务。\n"
    parse_string(text)
    caches = {}
    for info in pkgutil.walk_packages(duban.core.__path__, "duban.core."):
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if callable(value) and hasattr(value, "cache_info") and value.cache_info().maxsize is not None:
                caches[f"{getattr(value, '__module__', '')}.{name}"] = value
    patterns = {"duban.core.clauses._marks", "duban.core.clauses._delimiter_search"}  # by separator set
    readings = {name: f for name, f in caches.items() if name not in patterns}
    assert "duban.core.posts._tail_facts" in readings
    assert any(f.cache_info().currsize for f in readings.values())
    clear_caches()
    assert {name: f.cache_info().currsize for name, f in readings.items() if f.cache_info().currsize} == {}


def test_a_large_archive_leaves_the_garbage_collector_as_it_found_it():
    import gc

    text = "\n".join(
        f"某政人〔2024〕{k}号\n关于人员职务任免的通知\n王志国同志任区财政局副局长。" for k in range(1, 2500)
    )
    assert gc.isenabled()
    assert len(parse_string(text)) == 2499
    assert gc.isenabled()
    gc.disable()
    try:
        parse_string(text)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_survey_reads_every_document_but_the_clauses_of_numbered_ones(docs):
    # An import's first pass: the same documents, tables and measures; the appointments of a
    # numbered notice are left for the second pass, an unnumbered one's still decide it is one.
    unnumbered = "某某区人民政府\n关于人员职务任免的通知\n各有关单位：\n张明华同志任区财政局局长。\n"
    surveyed = list(iter_documents(read_file(SAMPLE), survey=True))
    assert [str(d.number) for d in surveyed] == [str(d.number) for d in docs]
    assert [len(d.appointments) for d in surveyed] == [0, 0, 0, 0]
    assert [len(d.tasks) for d in surveyed] == [len(d.tasks) for d in docs]
    assert [len(d.measures) for d in surveyed] == [len(d.measures) for d in docs]
    [doc] = iter_documents(Source(path="", blocks=[], text=unnumbered, streamed=True), survey=True)
    assert [a.person for a in doc.appointments] == ["张明华"]
