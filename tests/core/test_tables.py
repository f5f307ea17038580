"""Annex-table parsers: tasks, indicators, measures, the notes under them, and classification."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from duban.core.errors import ParseError
from duban.core.model import Cell, Indicator, Status, Table
from duban.core.quantities import parse_quantity
from duban.core.readers import read_text
from duban.core.tables import (
    category_ranges,
    classify_table,
    is_header_row,
    livelihood_seqs,
    parse_indicator_table,
    parse_measure_table,
    parse_task_table,
    task_table_has_progress,
)

from .builders import sample_tables


def table(*rows: list[str]) -> Table:
    """A table from rows of texts; "^" marks a vertically merged continuation cell."""
    return Table([[Cell("", merged=True) if t == "^" else Cell(t) for t in row] for row in rows])


TASK_HEADER = (
    ["序号", "目标任务", "牵头单位", "进展情况", "工作进度"],
    ["", "", "", "", "基本\n完成", "常态化\n或按时序推进", "相对滞后"],
)
INDICATOR_HEADER = ["类别", "序号", "项目名称", "目标任务", "牵头单位", "进展情况", "量化数据", "进度评价"]
MEASURE_HEADER = ["序号", "省政府大抓落实工作激励措施", "牵头责任单位", "相关责任单位"]

# --- classification and header rows -----------------------------------------------------------


@pytest.mark.parametrize(
    ("rows", "kind"),
    [
        (TASK_HEADER, "tasks"),
        ([["序号", "目标任务", "牵头单位", "工作进度"]], "tasks"),
        ([INDICATOR_HEADER], "indicators"),
        ([["序号", "项目名称", "目标任务", "牵头单位", "进度评价"]], "indicators"),
        ([MEASURE_HEADER], "measures"),
        ([["序号", "目标任务", "牵头单位", "相关责任单位", "进展情况", "进度评价"]], "tasks"),
        ([["序号", "内容", "牵头责任单位", "相关责任单位"]], "measures"),
        ([["序号", "工作措施", "责任单位"]], "measures"),
        ([["姓名", "职务"], ["李丹", "副局长"]], "unknown"),
        ([["1", "新增上市企业1家"]], "unknown"),
    ],
)
def test_it_classifies_tables_by_their_header(rows, kind):
    assert classify_table(table(*rows)) == kind


def test_it_classifies_the_three_sample_tables():
    assert sorted(sample_tables()) == ["indicators", "measures", "tasks"]


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (TASK_HEADER[0], True),
        (TASK_HEADER[1], True),  # the second header row of the √ columns
        (["序 号", "牵头\n单位"], True),
        (["1", "区财政局", "√"], False),
        (["", "", "", "", "农村低保标准不低于", "8400元/年", "", "已完成", "100%", "已完成"], False),
        (["", "", ""], False),
    ],
)
def test_it_recognises_header_rows(row, expected):
    assert is_header_row([Cell(t) for t in row]) is expected


# --- tasks -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("marks", "status"),
    [
        (["√", "", ""], Status.COMPLETED),
        (["", "√", ""], Status.ON_SCHEDULE),
        (["", "", "√"], Status.LAGGING),
        (["✓", "", ""], Status.COMPLETED),
        (["", "✔", ""], Status.ON_SCHEDULE),
        (["", "", "是"], Status.LAGGING),
        (["", "", ""], None),
    ],
)
def test_it_reads_the_tick_columns(marks, status):
    (task,) = parse_task_table(
        table(*TASK_HEADER, ["1", "新增上市企业1家", "区金融事务中心", "正在审核。", *marks])
    )
    assert task.status == status


def test_it_reads_a_task_row_field_by_field():
    (task,) = parse_task_table(
        table(
            *TASK_HEADER,
            [
                "51",
                "启动彭家湾散货码头建设。",
                "区交通局\n区物流发展服务中心",
                "已立项。\n正在征拆。",
                "",
                "",
                "√",
            ],
        )
    )
    assert task.seq == 51
    assert task.text == "启动彭家湾散货码头建设。"
    assert task.lead_units == ["区交通局", "区物流发展服务中心"]
    assert task.progress == "已立项。\n正在征拆。"
    assert task.status == Status.LAGGING
    assert task.row == 3
    assert task.district_livelihood is False


@pytest.mark.parametrize(
    ("label", "status"),
    [
        ("基本完成", Status.COMPLETED),
        ("常态化或按时序推进", Status.ON_SCHEDULE),
        ("按时序推进", Status.ON_SCHEDULE),
        ("正常推进", Status.ON_SCHEDULE),
        ("相对\n滞后", Status.LAGGING),
        ("", None),
    ],
)
def test_it_reads_a_single_progress_text_column(label, status):
    rows = table(
        ["序号", "目标任务", "牵头单位", "进展情况", "工作进度"],
        ["2", "确保收益3.5亿元。", "区财政局", "完成29.59%。", label],
    )
    assert parse_task_table(rows)[0].status == status


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (["一", "新增上市企业1家", "区金融事务中心", "", "√", "", ""], "序号“一”不是数字"),
        (["1", "", "区金融事务中心", "", "", "", ""], "目标任务为空"),
        (["", "新增上市企业1家", "区金融事务中心", "", "√", "", ""], "缺少序号"),
    ],
)
def test_a_bad_task_row_raises_a_parse_error_with_its_row(row, message):
    with pytest.raises(ParseError) as exc:
        parse_task_table(table(*TASK_HEADER, row))
    assert message in exc.value.message
    assert exc.value.row == 3


def test_a_task_list_may_call_its_status_column_an_evaluation():
    rows = table(
        ["序号", "目标任务", "牵头单位", "相关责任单位", "进展情况", "进度评价"],
        ["2", "确保收益3.5亿元。", "区财政局", "区发改局", "完成29.59%。", "相对滞后"],
    )
    assert parse_task_table(rows)[0].status == Status.LAGGING


@pytest.mark.parametrize(
    ("marks", "status", "warning"),
    [
        (
            ["√", "√", ""],
            Status.COMPLETED,
            "表格第3行：同时勾选了多个工作进度（基本完成、常态化或按时序推进），按第一个计",
        ),
        (["", "?", ""], None, "表格第3行：工作进度栏的“?”不是“√”，未计入"),
    ],
)
def test_a_doubtful_tick_is_a_row_warning(marks, status, warning):
    warnings: list[str] = []
    rows = table(
        *TASK_HEADER,
        ["1", "新增上市企业1家", "区金融事务中心", "", *marks],
        ["2", "另一项", "区财政局", "", "", "√", ""],
    )
    first, second = parse_task_table(rows, warnings)
    assert first.status == status and second.status == Status.ON_SCHEDULE
    assert warnings == [warning]


def test_an_unknown_progress_word_is_a_row_warning_and_the_file_goes_on():
    warnings: list[str] = []
    rows = table(
        ["序号", "目标任务", "牵头单位", "工作进度"],
        ["1", "新增上市企业1家", "区金融事务中心", "差不多"],
        ["2", "新增就业5600人", "区人社局", "已办结"],
    )
    first, second = parse_task_table(rows, warnings)
    assert (first.status, first.status_text) == (None, "差不多")
    assert (second.status, second.status_text) == (Status.COMPLETED, "已办结")
    assert warnings == ["表格第2行：“工作进度”栏的“差不多”未能归入已完成、正常推进或滞后，按原文保留"]


def test_a_task_table_without_header_raises_a_parse_error():
    with pytest.raises(ParseError, match="表头"):
        parse_task_table(table(["1", "新增上市企业1家", "区金融事务中心"]))


def test_it_skips_repeated_headers_and_carries_merged_cells_down():
    rows = table(
        *TASK_HEADER,
        ["13", "实行孕产妇免费筛查。", "区卫健局", "已完成269人。", "", "√", ""],
        *TASK_HEADER,  # repeated after a page break
        ["14", "实施计划生育特殊家庭关怀扶助。", "^", "已发放。", "", "√", ""],
        ["^", "", "区民政局", "另有补充。", "", "", ""],  # the same task continues
    )
    tasks = parse_task_table(rows)
    assert [t.seq for t in tasks] == [13, 14]
    assert tasks[1].lead_units == ["区卫健局", "区民政局"]
    assert tasks[1].progress == "已发放。\n另有补充。"
    assert tasks[1].status == Status.ON_SCHEDULE


def test_it_skips_a_title_row_above_the_header_and_section_headings():
    rows = table(
        ["《2024年<政府工作报告>目标任务分解》目标任务进展情况"],
        *TASK_HEADER,
        ["一、经济发展", "", "", "", "", "", ""],
        ["1", "新增上市企业1家。", "区金融事务中心", "正在审核。", "", "√", ""],
    )
    (task,) = parse_task_table(rows)
    assert (task.seq, task.row, task.status) == (1, 5, Status.ON_SCHEDULE)


def test_the_sample_tasks():
    tasks = parse_task_table(sample_tables()["tasks"])
    assert [t.seq for t in tasks] == list(range(1, 81))
    assert Counter(t.status for t in tasks) == {
        Status.COMPLETED: 7,
        Status.ON_SCHEDULE: 64,
        Status.LAGGING: 9,
    }
    assert {t.seq: t.lead_units for t in tasks if len(t.lead_units) > 1} == {
        51: ["区交通局", "区物流发展服务中心"],
        57: ["区交通局", "区物流发展服务中心"],
        74: ["区政府办", "区文旅广电局"],
    }
    first, third, seventh = tasks[0], tasks[2], tasks[6]
    assert first.lead_units == ["区发改局"] and first.status == Status.LAGGING
    assert first.text.startswith("地区生产总值增长7.5%以上")
    assert third.progress.startswith("城发集团：已完成转型。\n绿建投：")
    assert third.status == Status.ON_SCHEDULE
    assert seventh.status == Status.COMPLETED and seventh.lead_units == ["区城发集团"]
    assert tasks[-1].text == "建设2处社区日间照料中心，完成低保扩围10%。"
    assert (
        tasks[-1].progress == "已完成1处日间照料中心建设，另一处正在建设中（完成率55%）；完成低保扩围7.2%。"
    )


# --- notes under the tables ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("note", "seqs"),
    [
        ("注：第48、49、57、58、67、80项为区级民生实事。", {48, 49, 57, 58, 67, 80}),
        ("注：第3项、第5-7项为县级民生实事。", {3, 5, 6, 7}),
        ("注：1-10项为省级重点民生实事。", set()),
        ("注：本表数据截至6月底。", set()),
        ("", set()),
    ],
)
def test_it_reads_the_district_livelihood_note(note, seqs):
    assert livelihood_seqs(note) == seqs


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        (
            "注：1-10项为省级重点民生实事，11-18项为市级重点民生实事。",
            {**dict.fromkeys(range(1, 11), "省级"), **dict.fromkeys(range(11, 19), "市级")},
        ),
        ("注：1—2项为省级重点民生实事；3至4项为市级。", {1: "省级", 2: "省级", 3: "市级", 4: "市级"}),
        ("注：第1-2项为省级民生实事，第3项为区级民生实事。", {1: "省级", 2: "省级", 3: "区级"}),
        ("注：本表数据截至6月底。", {}),
    ],
)
def test_it_reads_category_ranges(note, expected):
    assert category_ranges(note) == expected


# --- indicators ------------------------------------------------------------------------------


def test_it_reads_the_names_from_ten_nine_and_eight_cell_rows():
    rows = table(
        INDICATOR_HEADER,
        [
            "省级\n重点\n民生\n实事",
            "3",
            "提高困难群体救助标准",
            "提高城乡\n低保标准",
            "城市低保标准不低于",
            "700元/月",
            "区民政局",
            "已完成。",
            "100%",
            "已完成",
        ],
        ["", "", "", "", "农村低保标准不低于", "8400元/年", "", "已完成。", "100%", "已完成"],
        [
            "",
            "",
            "",
            "提高残疾人“两项补贴”标准",
            "困难残疾人生活补贴标准提高到",
            "90元/月·人",
            "",
            "已完成。",
            "100%",
            "已完成",
        ],
        ["", "", "", "关爱孤儿", "", "1600元/月", "", "无集中养育孤儿。", "", "已完成"],
        ["", "", "", "完成应急广播体系建设和验收", "1个", "区文旅广电局", "已开工。", "60%", "正常推进"],
        [
            "市级\n重点\n民生\n实事",
            "11",
            "实施海绵城市项目建设",
            "25%以上\n面积",
            "区住建局",
            "已实施。",
            "40%",
            "正常推进",
        ],
        ["", "12", "实行孕产妇免费筛查", "500人次", "区卫健局", "已完成269人。", "54%", "正常推进"],
        ["", "13", "实施计划生育特殊家庭关怀扶助", "218人", "", "已发放。", "50%", "正常推进"],
    )
    got = [
        (i.category, i.seq, i.names, i.indicator, i.target.text, i.lead_unit)
        for i in parse_indicator_table(rows)
    ]
    assert got == [
        (
            "省级",
            3,
            ["提高困难群体救助标准", "提高城乡低保标准"],
            "城市低保标准不低于",
            "700元/月",
            "区民政局",
        ),
        (
            "省级",
            3,
            ["提高困难群体救助标准", "提高城乡低保标准"],
            "农村低保标准不低于",
            "8400元/年",
            "区民政局",
        ),
        (
            "省级",
            3,
            ["提高困难群体救助标准", "提高残疾人“两项补贴”标准"],
            "困难残疾人生活补贴标准提高到",
            "90元/月·人",
            "区民政局",
        ),
        ("省级", 3, ["提高困难群体救助标准", "关爱孤儿"], "关爱孤儿", "1600元/月", "区民政局"),
        ("省级", 3, ["提高困难群体救助标准"], "完成应急广播体系建设和验收", "1个", "区文旅广电局"),
        ("市级", 11, ["实施海绵城市项目建设"], "实施海绵城市项目建设", "25%以上\n面积", "区住建局"),
        ("市级", 12, ["实行孕产妇免费筛查"], "实行孕产妇免费筛查", "500人次", "区卫健局"),
        ("市级", 13, ["实施计划生育特殊家庭关怀扶助"], "实施计划生育特殊家庭关怀扶助", "218人", "区卫健局"),
    ]


def test_a_sub_project_carries_only_within_its_item():
    rows = table(
        INDICATOR_HEADER,
        [
            "省级",
            "1",
            "推进教育高质量发展",
            "“向阳花”行动",
            "线上线下场次",
            "20场",
            "区妇联",
            "",
            "85%",
            "正常推进",
        ],
        ["", "2", "提高优生优育水平", "", "新生儿疾病免费筛查", "500人", "区卫健局", "", "66%", "正常推进"],
    )
    second = parse_indicator_table(rows)[1]
    assert second.names == ["提高优生优育水平"]
    assert second.indicator == "新生儿疾病免费筛查"


@pytest.mark.parametrize(
    ("text", "percent"),
    [
        ("85%", Decimal("85")),
        ("100.45%", Decimal("100.45")),
        ("122%", Decimal("122")),
        ("", None),
        ("—", None),
        ("85％", Decimal("85")),
    ],
)
def test_it_reads_the_quantified_percentage(text, percent):
    rows = table(
        INDICATOR_HEADER,
        [
            "省级",
            "1",
            "推进教育高质量发展",
            "线上线下场次",
            "20场",
            "区妇联",
            "已完成17场。",
            text,
            "正常推进",
        ],
    )
    assert parse_indicator_table(rows)[0].percent == percent


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            ["省级", "1", "推进教育高质量发展", "线上线下场次", "20场", "区妇联", "", "很多", "正常推进"],
            "不是百分数",
        ),
        (
            ["省级", "甲", "推进教育高质量发展", "线上线下场次", "20场", "区妇联", "", "85%", "正常推进"],
            "不是数字",
        ),
        (
            ["省级", "", "推进教育高质量发展", "线上线下场次", "20场", "区妇联", "", "85%", "正常推进"],
            "缺少序号",
        ),
        (["省级", "1", "", "", "20场", "区妇联", "", "85%", "正常推进"], "缺少项目或指标名称"),
    ],
)
def test_a_bad_indicator_row_raises_a_parse_error_with_its_row(row, message):
    with pytest.raises(ParseError) as exc:
        parse_indicator_table(table(INDICATOR_HEADER, row))
    assert message in exc.value.message
    assert exc.value.row == 2


def test_without_a_category_column_the_note_gives_the_category():
    rows = table(
        ["序号", "项目名称", "目标任务", "牵头单位", "进展情况", "量化数据", "进度评价"],
        ["10", "提升农业农村基础设施水平", "新增蓄水能力", "2.4万方", "区水利局", "", "81%", "正常推进"],
        ["11", "实施海绵城市项目建设", "25%以上", "区住建局", "", "40%", "正常推进"],
    )
    indicators = parse_indicator_table(
        rows, category_ranges("注：1-10项为省级重点民生实事，11-18项为市级重点民生实事。")
    )
    assert [(i.category, i.seq, i.indicator) for i in indicators] == [
        ("省级", 10, "新增蓄水能力"),
        ("市级", 11, "实施海绵城市项目建设"),
    ]
    assert indicators[0].target.value == Decimal("24000")
    assert parse_indicator_table(rows)[0].category == ""


def test_an_item_split_by_a_page_break_stays_one_item_without_duplicates():
    first = [
        "省级\n重点\n民生\n实事",
        "8",
        "提升数字服务能力",
        "数字政务提升增效惠民工程",
        "政务服务统一受理办结率提升至",
        "90%以上",
        "区数据局",
        "由省直部门推进。",
        "60%",
        "正常推进",
    ]
    rows = table(
        INDICATOR_HEADER,
        first,
        INDICATOR_HEADER,  # Word repeats the header row
        first,  # and the split row with its group cells
        [
            "省级\n重点\n民生\n实事",
            "8",
            "提升数字服务能力",
            "社会保障卡居民服务“一卡通”",
            "持卡人数达",
            "6000人",
            "区人社局",
            "",
            "",
            "正常推进",
        ],
        ["^", "^", "^", "^", "改造率达", "90%以上", "区交通局", "", "", "正常推进"],
    )
    indicators = parse_indicator_table(rows)
    assert [(i.seq, i.names[-1], i.indicator) for i in indicators] == [
        (8, "数字政务提升增效惠民工程", "政务服务统一受理办结率提升至"),
        (8, "社会保障卡居民服务“一卡通”", "持卡人数达"),
        (8, "社会保障卡居民服务“一卡通”", "改造率达"),
    ]
    assert all(i.names[0] == "提升数字服务能力" for i in indicators)


def test_a_group_row_gives_the_category_of_the_rows_below():
    rows = table(
        ["序号", "项目名称", "目标任务", "牵头单位", "进展情况", "量化数据", "进度评价"],
        ["二、市级重点民生实事"],
        ["11", "实施海绵城市项目建设", "25%以上", "区住建局", "", "40%", "正常推进"],
    )
    assert parse_indicator_table(rows)[0].category == "市级"


def test_a_continuation_row_reading_done_twice_is_not_a_header():
    rows = table(
        INDICATOR_HEADER,
        ["省级", "3", "提高困难群体救助标准", "城市低保标准不低于", "700元/月", "区民政局", "", "", ""],
        ["", "", "", "", "", "", "已完成", "", "已完成"],
    )
    (indicator,) = parse_indicator_table(rows)
    assert (indicator.progress, indicator.evaluation) == ("已完成", Status.COMPLETED)


def test_the_sample_indicators():
    indicators = parse_indicator_table(sample_tables()["indicators"])
    assert len(indicators) == 46
    assert Counter(i.category for i in indicators) == {"省级": 35, "市级": 11}
    assert Counter(i.evaluation for i in indicators) == {Status.COMPLETED: 15, Status.ON_SCHEDULE: 31}
    assert Counter(i.seq for i in indicators) == {
        1: 3, 2: 2, 3: 6, 4: 3, 5: 3, 6: 2, 7: 4, 8: 6, 9: 2, 10: 4,
        11: 1, 12: 1, 13: 1, 14: 1, 15: 1, 16: 4, 17: 1, 18: 1,
    }  # fmt: skip
    assert indicators[0] == Indicator(
        category="省级",
        seq=1,
        names=["推进教育高质量发展", "家庭教育指导服务“向阳花”行动"],
        indicator="线上线下场次",
        target=parse_quantity("20场"),
        lead_unit="区妇联",
        progress="已完成17场。",
        percent=Decimal("85"),
        evaluation=Status.ON_SCHEDULE,
        row=2,
        status_text="正常推进",
    )
    by_seq: dict[int, list[Indicator]] = {}
    for i in indicators:
        by_seq.setdefault(i.seq, []).append(i)
    assert {i.lead_unit for i in by_seq[2]} == {"区卫健局"}
    assert by_seq[14][0].lead_unit == "区卫健局"
    assert by_seq[16][-1].lead_unit == by_seq[17][0].lead_unit == "区农业农村局"

    (orphans,) = [i for i in indicators if i.indicator == "集中养育孤儿标准提高到"]
    assert orphans.percent is None and orphans.evaluation == Status.COMPLETED
    assert orphans.names == ["提高困难群体救助标准", "提高孤儿和事实无人抚养儿童基本生活最低保障标准"]
    assert orphans.target.text == "1600元/月"

    assert [i.names[1] for i in by_seq[8]] == ["数字政务提升增效惠民工程"] * 4 + [
        "社会保障卡居民服务“一卡通”"
    ] * 2
    assert by_seq[8][-1].lead_unit == "区交通局"
    assert by_seq[7][-1].names == ["提高社会治理水平"]
    assert by_seq[7][-1].indicator == "完成应急广播体系建设和验收"
    (two_cancers,) = [i for i in indicators if "两癌" in i.indicator]
    assert two_cancers.percent == Decimal("100.45") and two_cancers.lead_unit == "区妇联"
    assert by_seq[11][0].names == ["实施海绵城市项目建设，城市建成区达到海绵城市建设要求"]
    assert by_seq[11][0].target.text == "25%以上\n面积"
    assert by_seq[18][0].lead_unit == "供电分公司"


# --- measures --------------------------------------------------------------------------------


def test_it_reads_a_measure_row():
    rows = table(
        MEASURE_HEADER,
        [
            "1",
            "对推动高质量发展成效明显的县市区，予以资金奖励。（牵头单位：省发展改革委）",
            "区发改局",
            "区科工局\n区财政局\n各镇（街道）",
        ],
        [
            "7",
            "对打造科技创新高地成效明显的予以奖励。\n（牵头单位：省科技厅）",
            "区科工局",
            "区教体局、税务局",
        ],
        ["18", "对落实重大政策部署成效明显的予以通报表扬。", "区政府办", ""],
    )
    measures = parse_measure_table(rows)
    assert [(m.seq, m.text, m.provincial_lead, m.lead_unit, m.related_units, m.row) for m in measures] == [
        (
            1,
            "对推动高质量发展成效明显的县市区，予以资金奖励。",
            "省发展改革委",
            "区发改局",
            ["区科工局", "区财政局", "各镇（街道）"],
            2,
        ),
        (7, "对打造科技创新高地成效明显的予以奖励。", "省科技厅", "区科工局", ["区教体局", "税务局"], 3),
        (18, "对落实重大政策部署成效明显的予以通报表扬。", None, "区政府办", [], 4),
    ]


def test_a_merged_related_cell_means_the_same_units_as_above():
    rows = table(
        MEASURE_HEADER,
        ["5", "对推进乡村全面振兴的予以奖励。", "区农业农村局", "各镇（街道）"],
        ["6", "对增强文化软实力的予以奖励。", "^", "^"],
    )
    assert parse_measure_table(rows)[1].related_units == ["各镇（街道）"]
    assert parse_measure_table(rows)[1].lead_unit == "区农业农村局"


def test_the_sample_measures():
    measures = parse_measure_table(sample_tables()["measures"])
    assert [m.seq for m in measures] == list(range(1, 19))
    first, seventh, seventeenth, last = measures[0], measures[6], measures[16], measures[17]
    assert first.text == "对推动高质量发展成效明显的县市区，予以资金奖励。"
    assert first.provincial_lead == "省发展改革委" and first.lead_unit == "区发改局"
    assert first.related_units == [
        "区科工局",
        "区财政局",
        "区人社局",
        "区商粮局",
        "生态环境分局",
        "绿色化工高新区",
    ]
    assert seventh.provincial_lead == "省科技厅"
    assert "牵头单位" not in seventh.text and seventh.text.endswith("予以奖励。")
    assert seventeenth.provincial_lead == "省人力资源社会保障厅"
    assert seventeenth.related_units == ["各实事承办单位"]
    assert "区直各指标牵头单位" in measures[8].related_units
    assert last.provincial_lead is None and last.related_units == ["各相关单位"]
    assert sum(m.provincial_lead is not None for m in measures) == 17


# --- arbitrary input never crashes ------------------------------------------------------------

WORDS = [
    "",
    "序号",
    "目标任务",
    "牵头单位",
    "工作进度",
    "√",
    "1",
    "2",
    "省级",
    "85%",
    "已完成",
    "滞后",
    "区财政局",
    "^",
    "注",
]
ROWS = st.lists(st.lists(st.sampled_from(WORDS) | st.text(max_size=6), max_size=11), max_size=8)
HEADERS = st.sampled_from([[], list(TASK_HEADER), [INDICATOR_HEADER], [MEASURE_HEADER]])


@settings(max_examples=150)
@given(HEADERS, ROWS)
def test_the_parsers_give_records_or_a_parse_error_for_any_table(header, rows):
    any_table = table(*header, *rows)
    assert classify_table(any_table) in {"tasks", "indicators", "measures", "unknown"}
    for parse in (parse_task_table, parse_indicator_table, parse_measure_table):
        try:
            assert isinstance(parse(any_table), list)
        except ParseError as exc:
            assert exc.message


LAYOUT = st.lists(
    st.sampled_from(
        ["\t", "\n", "\n\n", "序号", "目标任务", "牵头单位", "进度评价", "1", "√", "省级", "85%", "注"]
    )
    | st.text(max_size=4),
    max_size=60,
).map("".join)


@settings(max_examples=150)
@given(LAYOUT)
def test_the_parsers_give_records_or_a_parse_error_for_any_text_layout(text):
    for block in read_text(text).blocks:
        if isinstance(block, Table):
            for parse in (parse_task_table, parse_indicator_table, parse_measure_table):
                try:
                    assert isinstance(parse(block), list)
                except ParseError as exc:
                    assert exc.message


@given(st.text(max_size=60) | st.sampled_from(["注：第1、2项为区级民生实事。", "1-100000000项为省级"]))
def test_the_note_readers_never_crash(note):
    assert isinstance(livelihood_seqs(note), set)
    assert isinstance(category_ranges(note), dict)


# --- other offices' tables ---------------------------------------------------------------------


def test_columns_are_read_by_meaning_and_priority():
    rows = table(
        ["序号", "类别", "确定事项", "牵头县领导", "牵头单位", "责任单位", "完成时限", "落实情况"],
        [
            "1",
            "项目建设",
            "加快青石大道建设",
            "王某某",
            "县交通运输局",
            "县自然资源局\n县财政局",
            "2023年12月",
            "已完成路基施工。",
        ],
        ["2", "", "建成城东污水处理厂", "李某", "县住建局", "", "2023年10月", "主体完工。"],
    )
    assert classify_table(rows) == "tasks"  # a 类别 column does not make an indicator table
    first, second = parse_task_table(rows)
    assert (first.text, first.lead_units, first.related_units) == (
        "加快青石大道建设",
        ["县交通运输局"],
        ["县自然资源局", "县财政局"],  # 责任单位 beside 牵头单位 are the related units
    )
    assert (first.leader, first.deadline, first.progress, first.category) == (
        "王某某",
        "2023年12月",
        "已完成路基施工。",
        "项目建设",
    )
    assert second.category == "项目建设"  # carried down
    assert "王某某" not in first.lead_units  # a leader is a person, not a unit


def test_responsibility_alone_leads_and_host_and_assistant_units():
    rows = table(
        ["序号", "工作任务", "责任单位", "完成时限"],
        ["1", "开展城区背街小巷整治", "县城管局", "6月底前"],
    )
    (task,) = parse_task_table(rows)
    assert task.lead_units == ["县城管局"] and task.related_units == []
    rows = table(
        ["序号", "督办事项", "主办", "协办", "办理情况"],
        ["1", "解决学校周边停车难", "县公安局", "县教育局、县城管局", "正在办理"],
    )
    (task,) = parse_task_table(rows)
    assert (task.lead_units, task.related_units) == (["县公安局"], ["县教育局", "县城管局"])
    # A 办理情况 column of progress words is the status column.
    assert (task.status, task.status_text, task.progress) == (Status.ON_SCHEDULE, "正在办理", "")


def test_a_fourth_and_fifth_category_keep_their_own_labels():
    rows = table(
        ["序号", "重点任务", "牵头单位", "进展情况", "工作进度"],
        ["", "", "", "", "已完成", "序时推进", "滞后", "已开工", "其它类"],
        ["1", "新建学校2所", "县教育局", "已开工。", "", "", "", "√", ""],
        ["2", "新增就业", "县人社局", "完成3000人。", "", "√", "", "", ""],
        ["3", "长效机制", "县政府办", "常态化开展。", "", "", "", "", "√"],
    )
    warnings: list[str] = []
    tasks = parse_task_table(rows, warnings)
    assert [(t.status, t.status_text) for t in tasks] == [
        (None, "已开工"),
        (Status.ON_SCHEDULE, "序时推进"),
        (None, "其它类"),
    ]
    assert warnings == []
    assert task_table_has_progress(rows)


def test_a_decomposition_without_progress_columns_has_no_round():
    rows = table(
        ["序号", "工作任务", "牵头单位", "配合单位", "完成时限"],
        ["1", "全年新增城镇就业5600人以上", "县人社局", "各乡镇", "12月底"],
    )
    assert classify_table(rows) == "tasks"
    assert not task_table_has_progress(rows)
    (task,) = parse_task_table(rows)
    assert (task.status, task.status_text, task.related_units) == (None, "", ["各乡镇"])
    assert task_table_has_progress(table(*TASK_HEADER, ["1", "任务", "县财政局", "", "√", "", ""]))


def test_an_indicator_sheet_of_another_county(tmp_path):
    import openpyxl

    from duban.core.parse import parse_file

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["青石县2023年民生实事推进情况表"])
    sheet.merge_cells("A1:H1")
    sheet.append(["类别", "序号", "实事项目", "年度目标", "责任单位", "完成情况", "完成率", "进度评价"])
    sheet.append(["省级", "1", "新增普惠托位", "200个", "县卫健局", "已新增150个", "75%", "超序时"])
    sheet.append([None, "2", "农村公路安防", "40公里", "县交通局", "完成10公里", "25%", "欠序时"])
    sheet.append(["县级", "3", "城东幼儿园", "1所", "县教育局", "主体完工", "", "有序推进"])
    sheet.merge_cells("A3:A4")
    path = tmp_path / "livelihood.xlsx"
    book.save(path)
    (doc,) = parse_file(path)
    assert doc.has_progress == {"indicators": True}
    got = [
        (i.category, i.indicator, i.target.value, i.percent, i.evaluation, i.status_text)
        for i in doc.indicators
    ]
    assert got == [
        ("省级", "新增普惠托位", Decimal(200), Decimal(75), Status.COMPLETED, "超序时"),
        ("省级", "农村公路安防", Decimal(40), Decimal(25), Status.LAGGING, "欠序时"),
        ("县级", "城东幼儿园", Decimal(1), None, Status.ON_SCHEDULE, "有序推进"),
    ]


def test_a_row_cut_off_mid_way_says_it_is_incomplete() -> None:
    from duban.core.errors import ParseError
    from duban.core.model import Cell, Table
    from duban.core.tables import parse_task_table

    def row(*texts: str) -> list[Cell]:
        return [Cell(t) for t in texts]

    table = Table(
        [
            row("序号", "目标任务", "牵头单位", "进展情况", "工作进度"),
            row("基本完成", "常态化或按时序推进", "相对滞后"),
            row("1", "建成污水管网10公里", "区住建局", "已建成6公里", "", "√", ""),
            row("2", "新建公办幼儿园1所", "区教育局"),  # the rest of the row is missing
        ]
    )
    with pytest.raises(ParseError) as error:
        parse_task_table(table)
    assert "第2项这一行不完整：应有7栏，只有3栏" in error.value.message
    assert error.value.row == 4
