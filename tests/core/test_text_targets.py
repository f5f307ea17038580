"""Pairs of targets and progress figures found in prose (附件1 of the 2024 mid-year bulletin)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from duban.core.text_targets import extract_pairs

TASK_1 = (
    "地区生产总值增长7.5%以上，规模工业增加值增长8%以上，固定资产投资增长8%以上，"
    "社会消费品零售总额增长8%以上，一般公共预算地方收入增长8%以上，城镇居民人均可支配收入增长6%以上。"
)
PROGRESS_1 = (
    "1-6月，完成地区生产总值136.97亿元，增长2.5%;城乡居民人均可支配收入实现收入27081元，增长4.0%;"
    "规模工业增加值增长4.3%；固定资产投资增长-19.6%；社会消费品零售总额完成24.78亿元，增长3.2%。"
    "1-7月，全区完成一般公共预算地方收入3.26亿元，与去年同期基本持平；其中，税收收入2.49亿，"
    "税收收入占一般公共预算地方收入的比重为76.4%。"
)


def _rows(task: str, progress: str) -> list[tuple[str, str, str, str | None, str]]:
    return [
        (p.label, p.target.text, p.actual.text, None if p.share is None else str(p.share), p.kind)
        for p in extract_pairs(task, progress)
    ]


def test_task_9_two_employment_targets() -> None:
    task = (
        "落实就业优先政策，全力保障高校毕业生、失地少地农民等重点群体就业，"
        "新增城镇就业5600人以上，新增农村劳动力转移就业1100人以上。"
    )
    progress = "截至6月底，新增城镇就业3096人，新增农村劳动力转移就业617人。"
    assert _rows(task, progress) == [
        ("新增城镇就业", "5600人以上", "3096人", "55.3", "amount"),
        ("新增农村劳动力转移就业", "1100人以上", "617人", "56.1", "amount"),
    ]


def test_task_2_an_explicit_share_across_multipliers() -> None:
    task = "深入推进“三资”运作改革，念好“用售租融”四字诀，确保实现收益3.5亿元以上。"
    progress = "完成9处资产处置，共计创收10355.595万元，占今年任务（3.5亿元）的29.59%。"
    (pair,) = extract_pairs(task, progress)
    assert pair.target.value == Decimal("350000000")
    assert pair.actual.value == Decimal("103555950")
    assert (pair.share, pair.kind) == (Decimal("29.6"), "amount")


def test_task_1_growth_rates_have_no_share() -> None:
    rows = _rows(TASK_1, PROGRESS_1)
    assert [(label, target, actual, share, kind) for label, target, actual, share, kind in rows] == [
        ("地区生产总值", "7.5%以上", "2.5%", None, "rate"),
        ("规模工业增加值", "8%以上", "4.3%", None, "rate"),
        ("固定资产投资", "8%以上", "-19.6%", None, "rate"),
        ("社会消费品零售总额", "8%以上", "3.2%", None, "rate"),
    ]
    # 城乡 is not 城镇; 一般公共预算地方收入 has no growth figure ("基本持平").
    assert extract_pairs(TASK_1, PROGRESS_1)[2].actual.value == Decimal("-19.6")


@pytest.mark.parametrize(
    ("task", "progress", "expected"),
    [
        (  # task 33
            "全年新开工项目40个以上，新投产项目30个以上。",
            "1-6月，新开工项目29个，完成投资额446.5亿元；新投产项目20个，完成投资额29.2亿元。",
            [
                ("新开工项目", "40个以上", "29个", "72.5", "amount"),
                ("新投产项目", "30个以上", "20个", "66.7", "amount"),
            ],
        ),
        (  # task 50
            "新注册“湘商回归”企业8家，实际到位资金39亿元。",
            "1-6月，新注册“湘商回归”企业5家，实际到位资金25.91亿元。",
            [
                ("新注册湘商回归企业", "8家", "5家", "62.5", "amount"),
                ("实际到位资金", "39亿元", "25.91亿元", "66.4", "amount"),
            ],
        ),
        (  # task 52: more than the target is over 100
            "实现全年外贸进出口达到9亿元，外贸实绩企业达到30家。",
            "1-6月，外贸进出口总额完成4.9亿元，外贸实绩企业达31家。",
            [
                ("外贸进出口", "达到9亿元", "4.9亿元", "54.4", "amount"),
                ("外贸实绩企业", "达到30家", "达31家", "103.3", "amount"),
            ],
        ),
        (  # task 58: a line heading names the figure; the bridge's line is a heading, not progress
            "完成9.6公里农村道路“白改黑”和40公里农村公路安全防护工程，新建农村公路桥梁1座。",
            "农村道路“白改黑”：完成5.719公里4条道路“白改黑”，剩余4.458公里7条道路正在办理财评初审。\n"
            "农村公路安防工程总里程105公里：正在进行一期42公里安防建设施工，已完成27公里。\n"
            "农村公路危桥1座：国安桥已完成设计及批复和财评，暂未开工。",
            [("农村道路白改黑", "9.6公里", "5.719公里", "59.6", "amount")],
        ),
        (  # task 47: a level rate, its subject borrowed from the figure before
            "落实全民参保计划，确保基本医保参保率95%以上。",
            "全区基本医保参保14.96万人，参保率98.44%。",
            [("基本医保参保率", "95%以上", "98.44%", None, "rate")],
        ),
        (  # task 76
            "抓好工地扬尘、餐饮油污和油烟等专项整治，力争空气质量优良率保持在85%以上。",
            "截至6月份，我区空气质量优良率为89.1%。",
            [("空气质量优良率", "保持在85%以上", "89.1%", None, "rate")],
        ),
        (  # word order may differ
            "城镇新增就业5600人以上。",
            "截至6月底，新增城镇就业3096人。",
            [("城镇新增就业", "5600人以上", "3096人", "55.3", "amount")],
        ),
        (  # 名 and 人 count the same people
            "新增城镇就业5600人。",
            "新增城镇就业3096名。",
            [("新增城镇就业", "5600人", "3096名", "55.3", "amount")],
        ),
    ],
)
def test_pairs_from_the_sample(
    task: str, progress: str, expected: list[tuple[str, str, str, str | None, str]]
) -> None:
    assert _rows(task, progress) == expected


@pytest.mark.parametrize(
    ("task", "progress"),
    [
        # task 19: no figure in the task
        (
            "加快实施高标准农田建设。",
            "2023年0.56万亩高标准农田建设已完工并通过市级验收；2024年0.7万亩高标准农田建设项目（国债项目）已开工建设，形象进度5%。",
        ),
        # task 8 against task 9's target: training is not employment
        (
            "新增城镇就业5600人以上。",
            "开展创业培训2期，培训58人；为523名被征地农民发放被征地农民社保补贴9970883.5元。",
        ),
        # 城乡 is not 城镇: one character changes the statistic
        ("城镇居民人均可支配收入增长6%以上。", "城乡居民人均可支配收入实现收入27081元，增长4.0%。"),
        # task 67: the progress only says the work has started
        (
            "改造老旧小区2个，新建公租房83套，保障性租赁住房100套。",
            "2个老旧小区改造、183套保障性住房项目已开工建设。",
        ),
        # task 21: the heading restates the target, and 户 is not 个
        ("完成100个农村户厕改（新）建。", "100个农村户厕改新建：已完成69户。"),
        # task 53: the 14 include 10 re-examined firms; the words before 14家 are not the target's
        (
            "全年新增高新技术企业10家，科技型中小企业入库突破140家。",
            "完成第一批14家高新技术企业申报（4家为新增认定，10家为复审），正在组织第二批申报工作。",
        ),
        # task 6: applications are not listings
        (
            "新增上市企业1家，上市后备资源库企业4家。",
            "组织区内3家企业申报上市后备资源库，待省金融委审核通过。",
        ),
        # task 14: a growth target is not answered by amounts or other shares
        (
            "全力争取中央和省预算内投资，确保全年向上争资总额增长10%以上。",
            "截止7月底，全区争项争资完成任务14.23亿元，累计到位全口径资金10.89亿元，完成区定任务92.1%。",
        ),
        # an explicit share whose restated figure is not the task's
        ("确保实现收益3.5亿元以上。", "共计创收10355.595万元，占今年任务（4亿元）的25.89%。"),
        # an explicit share when the task has two money figures: which one is unclear
        (
            "确保实现收益3.5亿元以上，盘活资产3.5亿元。",
            "共计创收10355.595万元，占今年任务（3.5亿元）的29.59%。",
        ),
        # a two-character label is too weak
        ("新增5个。", "新增3个。"),
        ("", ""),
    ],
)
def test_no_pair_without_evidence(task: str, progress: str) -> None:
    assert extract_pairs(task, progress) == []


def test_a_progress_figure_answers_one_target_only() -> None:
    pairs = extract_pairs(
        "新增城镇就业5600人以上，新增城镇就业（高校毕业生）1000人。", "新增城镇就业3096人。"
    )
    assert [p.target.text for p in pairs] == ["5600人以上"]


@given(st.text(max_size=80), st.text(max_size=80))
def test_arbitrary_texts_never_crash(task: str, progress: str) -> None:
    for pair in extract_pairs(task, progress):
        assert pair.kind in {"amount", "rate"}
        assert pair.share is None or isinstance(pair.share, Decimal)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("新增城镇就业3000人以上。", ["新增城镇就业3000人以上"]),
        (
            "地区生产总值增长7.5%以上，固定资产投资增长8%以上。",
            ["地区生产总值增长7.5%以上", "固定资产投资增长8%以上"],
        ),
        ("深入推进“三资”运作改革，念好“山水经”。", []),
    ],
)
def test_stated_targets_are_the_figures_a_task_sets(text: str, expected: list[str]) -> None:
    from duban.core.text_targets import stated_targets

    assert stated_targets(text) == expected
