"""Annex tables built from tasks and indicators, in the bulletin's column layout."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from duban.core.model import Indicator, Quantity, Status, Task
from duban.core.render.annexes import indicator_annex, percent_text, task_annex
from duban.core.render.spec import AnnexTable, HeaderCell


def q(text: str) -> Quantity:
    return Quantity(text=text, value=None, unit="")


# Rows of 附件1 of the 2024 bulletin (tasks 2, 48, 57, 74).
TASKS = [
    Task(
        seq=2,
        text="深入推进“三资”运作改革，念好“用售租融”四字诀，确保实现收益3.5亿元以上。",
        lead_units=["区财政局"],
        progress="完成9处资产处置，共计创收10355.595万元，占今年任务（3.5亿元）的29.59%。",
        status=Status.LAGGING,
    ),
    Task(
        seq=48,
        text="完成云溪小学改扩建。",
        lead_units=["区教体局"],
        progress="云溪小学改扩建项目主体结构已完成，正在进行内部装修，预计9月底完工。",
        status=Status.ON_SCHEDULE,
        district_livelihood=True,
    ),
    Task(
        seq=57,
        text="完成随岳高速云溪出口提质改造，建成运营农村客货邮服务中心。",
        lead_units=["区交通局", "区物流发展服务中心"],
        progress="随岳高速云溪出口提质改造：完成工可批复、初步设计审查和征拆任务。\n"
        "农村客货邮服务中心：全区共设立33个村级站点。",
        status=Status.LAGGING,
        district_livelihood=True,
    ),
    Task(
        seq=74,
        text="举办“喜看云溪新变化”、“民俗闹元宵”等系列活动。",
        lead_units=["区政府办", "区文旅广电局"],
        progress="圆满完成“喜看云溪新变化”、“民俗闹元宵”等系列活动。",
        status=Status.COMPLETED,
    ),
]

EDU = ["推进教育高质量发展", "家庭教育指导服务“向阳花”行动"]
LOW = ["提高困难群体救助标准", "提高城乡低保标准"]
ORPHAN = ["提高困难群体救助标准", "提高孤儿和事实无人抚养儿童基本生活最低保障标准"]
CARE = ["关爱特殊群体"]
SPONGE = ["实施海绵城市项目建设，城市建成区达到海绵城市建设要求"]

# Rows of 附件2 of the 2024 bulletin (items 1, 3, 4 of 省级 and 11 of 市级, some rows left out).
INDICATORS = [
    Indicator("省级", 1, EDU, "线上线下场次", q("20场"), "区妇联", "已完成17场。", Decimal("85"), Status.ON_SCHEDULE),
    Indicator("省级", 1, EDU, "个案指导", q("150人次"), "区妇联", "已完成97人次。", Decimal("65"), Status.ON_SCHEDULE),
    Indicator("省级", 3, LOW, "城市低保标准不低于", q("700元/月"), "区民政局", "已完成。", Decimal("100"), Status.COMPLETED),
    Indicator("省级", 3, LOW, "农村低保标准不低于", q("8400元/年"), "区民政局", "已完成。", Decimal("100"), Status.COMPLETED),
    Indicator("省级", 3, ORPHAN, "集中养育孤儿标准提高到", q("1600元/月"), "区民政局", "无集中养育孤儿。", None, Status.COMPLETED),
    Indicator(
        "省级", 4, CARE, "农村适龄及城镇低保适龄妇女“两癌”免费检查", q("4000人"), "区妇联",
        "已完成4018人。", Decimal("100.45"), Status.COMPLETED,
    ),
    Indicator("省级", 4, CARE, "困难重度残疾人家庭无障碍改造", q("160户"), "区残联", "已完工127户。", Decimal("79"), Status.ON_SCHEDULE),
    Indicator(
        "省级", 4, CARE, "康复训练听力、智力、肢体残疾儿童和孤独症儿童", q("71名"), "区残联",
        "该项目康复救助对象79人，累计完成人数59人。", Decimal("83"), Status.ON_SCHEDULE,
    ),
    Indicator(
        "市级", 11, SPONGE, "", q("25%以上面积"), "区住建局",
        "我区已实施海绵城市建设项目2个。", Decimal("40"), Status.ON_SCHEDULE,
    ),
]  # fmt: skip

TASK_TITLE = "《2024年<政府工作报告>目标任务分解》目标任务进展情况"
INDICATOR_TITLE = "2024年省市重点民生实事项目任务分解进展情况"


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("85"), "85%"),
        (Decimal("100.45"), "100.45%"),
        (Decimal("100.450"), "100.45%"),
        (Decimal("66.0"), "66%"),
        (Decimal("0.7"), "0.7%"),
        (Decimal("1E+2"), "100%"),
        (None, ""),
    ],
)
def test_it_writes_percentages_without_trailing_zeros(value: Decimal | None, text: str) -> None:
    assert percent_text(value) == text


def test_the_task_annex_has_two_header_rows_with_progress_over_three_columns() -> None:
    table = task_annex(TASKS, TASK_TITLE, None).table
    assert [(r, c, h.text, h.row_span, h.col_span) for r, c, h in table.header_slots()] == [
        (0, 0, "序号", 2, 1),
        (0, 1, "目标任务", 2, 1),
        (0, 2, "牵头单位", 2, 1),
        (0, 3, "进展情况", 2, 1),
        (0, 4, "工作进度", 1, 3),
        (1, 4, "基本完成", 1, 1),
        (1, 5, "常态化或按时序推进", 1, 1),
        (1, 6, "相对滞后", 1, 1),
    ]
    assert table.status_columns == [4, 5, 6]
    assert table.merges == []


def test_the_task_annex_rows_carry_the_records() -> None:
    annex = task_annex(TASKS, TASK_TITLE, None)
    assert annex.label == "附件1"
    assert annex.title == TASK_TITLE
    assert annex.landscape
    assert annex.table.rows == [
        ["2", TASKS[0].text, "区财政局", TASKS[0].progress, "", "", "√"],
        ["48", "完成云溪小学改扩建。", "区教体局", TASKS[1].progress, "", "√", ""],
        ["57", TASKS[2].text, "区交通局\n区物流发展服务中心", TASKS[2].progress, "", "", "√"],
        ["74", TASKS[3].text, "区政府办\n区文旅广电局", TASKS[3].progress, "√", "", ""],
    ]


def test_a_task_without_status_has_no_mark() -> None:
    task = Task(seq=1, text="新增上市企业1家。", lead_units=["区金融事务中心"])
    assert task_annex([task], TASK_TITLE).table.rows == [
        ["1", "新增上市企业1家。", "区金融事务中心", "", "", "", ""]
    ]


@pytest.mark.parametrize(
    ("note", "notes"),
    [
        (None, ["注：第48、57项为区级民生实事。"]),
        ("注：本表由区政府督查室汇总。", ["注：本表由区政府督查室汇总。"]),
    ],
)
def test_the_task_note_defaults_to_the_district_livelihood_items(note: str | None, notes: list[str]) -> None:
    assert task_annex(TASKS, TASK_TITLE, note).notes == notes


def test_no_note_when_no_task_is_a_district_livelihood_item() -> None:
    assert task_annex(TASKS[:1], TASK_TITLE, None).notes == []


def test_the_indicator_annex_header_spans_the_name_levels_and_the_target() -> None:
    table = indicator_annex(INDICATORS, INDICATOR_TITLE, None).table
    assert [(c, h.text, h.col_span) for _, c, h in table.header_slots()] == [
        (0, "类别", 1),
        (1, "序号", 1),
        (2, "项目名称", 2),
        (4, "目标任务", 2),
        (6, "牵头单位", 1),
        (7, "进展情况", 1),
        (8, "量化数据", 1),
        (9, "进度评价", 1),
    ]
    assert table.leaf_labels()[2:6] == ["项目名称", "项目名称", "目标任务", "目标任务"]


PROVINCIAL = "省级\n重点\n民生\n实事"  # as the bulletin prints 类别, two characters a line


def test_the_indicator_annex_rows_carry_the_records() -> None:
    rows = indicator_annex(INDICATORS, INDICATOR_TITLE, None).table.rows
    assert rows[0] == [
        PROVINCIAL,
        "1",
        *EDU,
        "线上线下场次",
        "20场",
        "区妇联",
        "已完成17场。",
        "85%",
        "正常推进",
    ]
    assert rows[4] == [
        PROVINCIAL,
        "3",
        *ORPHAN,
        "集中养育孤儿标准提高到",
        "1600元/月",
        "区民政局",
        "无集中养育孤儿。",
        "",
        "已完成",
    ]
    assert rows[5][2:4] == ["关爱特殊群体", ""]
    assert rows[5][8] == "100.45%"
    assert rows[8] == [
        "市级\n重点\n民生\n实事",
        "11",
        *SPONGE,
        "",
        "",
        "25%以上面积",
        "区住建局",
        "我区已实施海绵城市建设项目2个。",
        "40%",
        "正常推进",
    ]


def test_the_indicator_annex_merges_the_cells_of_one_item() -> None:
    table = indicator_annex(INDICATORS, INDICATOR_TITLE, "注：量化数据为完成率。").table
    assert set(table.merges) == {
        (0, 0, 7, 0),  # 类别 省级 over rows 0-7; 市级 alone
        (0, 1, 1, 1),  # 序号 1
        (2, 1, 4, 1),  # 序号 3
        (5, 1, 7, 1),  # 序号 4
        (0, 2, 1, 2),  # 推进教育高质量发展
        (0, 3, 1, 3),  # 家庭教育指导服务“向阳花”行动
        (2, 2, 4, 2),  # 提高困难群体救助标准
        (2, 3, 3, 3),  # 提高城乡低保标准 (the orphans row has its own sub-project)
        (5, 2, 7, 3),  # 关爱特殊群体: down the item and across both name columns
        (8, 2, 8, 3),  # the 市级 project name across both name columns
        (0, 6, 1, 6),  # 区妇联
        (2, 6, 4, 6),  # 区民政局
        (6, 6, 7, 6),  # 区残联 (the item's first row is 区妇联)
    }
    assert len(table.merges) == 13


def test_an_empty_indicator_list_still_makes_a_table() -> None:
    annex = indicator_annex([], INDICATOR_TITLE, None)
    assert annex.table.rows == []
    assert annex.label == "附件2"


@pytest.mark.parametrize(
    ("table", "problem"),
    [
        (AnnexTable([[HeaderCell("a")]], [["x", "y"]], [10.0]), "body row 0"),
        (AnnexTable([[HeaderCell("a", col_span=2)]], [], [10.0]), "overflows"),
        (AnnexTable([[HeaderCell("a", row_span=3)], []], [], [10.0]), "overflows"),
        (AnnexTable([[HeaderCell("a")]], [], [10.0, 10.0]), "cover"),
        (AnnexTable([[HeaderCell("a")]], [["x"]], [10.0], merges=[(0, 0, 1, 0)]), "outside"),
        (
            AnnexTable(
                [[HeaderCell("a"), HeaderCell("b")]],
                [["x", "y"]] * 2,
                [10.0] * 2,
                merges=[(0, 0, 1, 0), (1, 0, 1, 1)],
            ),
            "overlaps",
        ),
        (AnnexTable([[HeaderCell("a")]], [], [10.0], status_columns=[3]), "status column"),
    ],
)
def test_an_inconsistent_table_is_refused(table: AnnexTable, problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        table.check()


names = st.lists(st.sampled_from(["甲", "乙", "丙"]), min_size=0, max_size=3)
indicators = st.lists(
    st.builds(
        Indicator,
        category=st.sampled_from(["省级", "市级"]),
        seq=st.integers(1, 3),
        names=names,
        indicator=st.sampled_from(["", "指标"]),
        target=st.just(q("1个")),
        lead_unit=st.sampled_from(["区民政局", "区残联", ""]),
        percent=st.none() | st.decimals(0, 200, places=2),
        evaluation=st.none() | st.sampled_from(list(Status)),
    ),
    max_size=12,
)


@given(indicators)
def test_any_indicator_list_makes_a_consistent_table(items: list[Indicator]) -> None:
    table = indicator_annex(items, INDICATOR_TITLE, None).table
    table.check()  # merges inside the body, never overlapping
    assert len(table.rows) == len(items)
