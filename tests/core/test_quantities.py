"""parse_quantity and find_quantities on targets and progress texts of the sample genre."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from duban.core.model import Quantity
from duban.core.quantities import clean_decimal, find_quantities, parse_quantity


@pytest.mark.parametrize(
    ("text", "value", "unit", "qualifier"),
    [
        ("2.4万方", "24000", "方", None),
        ("1992万元", "19920000", "元", None),
        ("0.56万亩", "5600", "亩", None),
        ("1.1万亩", "11000", "亩", None),
        ("3.5亿元", "350000000", "元", None),
        ("90元/月·人", "90", "元/月·人", None),
        ("700元/月", "700", "元/月", None),
        ("8400元/年", "8400", "元/年", None),
        ("1150元/月", "1150", "元/月", None),
        ("60%以上", "60", "%", "以上"),
        ("90%以上", "90", "%", "以上"),
        ("100.45%", "100.45", "%", None),
        ("10000名", "10000", "名", None),
        ("20场", "20", "场", None),
        ("150人次", "150", "人次", None),
        ("4个", "4", "个", None),
        ("17公里", "17", "公里", None),
        ("104公里", "104", "公里", None),
        ("2所", "2", "所", None),
        ("100套", "100", "套", None),
        ("160户", "160", "户", None),
        ("20项", "20", "项", None),
        ("1.5个百分点", "1.5", "个百分点", None),
        ("12.5万吨/年", "125000", "吨/年", None),
        ("160余家", "160", "家", "余"),
        ("约270万方", "2700000", "方", "约"),
        ("5600人以上", "5600", "人", "以上"),
        ("不超过3%", "3", "%", "不超过"),
        ("提升至60%以上", "60", "%", "提升至…以上"),
        ("增长-19.6%", "-19.6", "%", None),
        ("１２３％", "123", "%", None),
        ("1,234元", "1234", "元", None),
        ("2.49亿", "249000000", "", None),
        ("6个亿", "600000000", "", None),
        ("5千米", "5", "千米", None),
        ("80", "80", "", None),
    ],
)
def test_it_reads_a_target(text: str, value: str, unit: str, qualifier: str | None) -> None:
    q = parse_quantity(text)
    assert q == Quantity(text=text, value=Decimal(value), unit=unit, qualifier=qualifier)


@pytest.mark.parametrize(
    ("text", "value", "unit", "qualifier"),
    [
        # The phrase before the figure is kept in text only.
        ("城市低保标准不低于700元/月", "700", "元/月", "不低于"),
        ("困难残疾人生活补贴标准提高到90元/月·人", "90", "元/月·人", "提高到"),
        ("“三合一”事项不少于20项", "20", "项", "不少于"),
        ("加载交通出行功能的社保卡持卡人数达6000人", "6000", "人", "达"),
        # A noun after the figure stays in text, not in the unit (附件2 row 11).
        ("25%以上\n面积", "25", "%", "以上"),
        # The first figure with a unit wins over a bare year.
        ("2024年完成80%", "80", "%", None),
    ],
)
def test_it_reads_a_phrase_around_the_figure(text: str, value: str, unit: str, qualifier: str) -> None:
    q = parse_quantity(text)
    assert (q.text, q.value, q.unit, q.qualifier) == (text.strip(), Decimal(value), unit, qualifier)


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("一万元", "10000", "元"),
        ("两个", "2", "个"),
        ("三所", "3", "所"),
        ("十二项", "12", "项"),
        ("三万亩", "30000", "亩"),
    ],
)
def test_it_reads_chinese_numerals(text: str, value: str, unit: str) -> None:
    q = parse_quantity(text)
    assert (q.value, q.unit) == (Decimal(value), unit)


@pytest.mark.parametrize("text", ["", "   ", "已完成。", "无集中养育孤儿。", "一是", "S208"])
def test_it_gives_no_value_without_a_number(text: str) -> None:
    q = parse_quantity(text)
    assert q.value is None
    assert q.unit == ""
    assert q.text == text.strip()


def test_it_uses_exact_decimals() -> None:
    value = parse_quantity("10355.595万元").value
    assert value == Decimal("103555950")
    assert isinstance(value, Decimal)
    assert str(value) == "103555950"


@pytest.mark.parametrize(
    ("value", "expected"),
    [("24000.0", "24000"), ("0.70", "0.7"), ("100.45", "100.45"), ("2.4E+4", "24000")],
)
def test_clean_decimal(value: str, expected: str) -> None:
    assert str(clean_decimal(Decimal(value))) == expected


def test_it_finds_figures_with_labels_in_a_progress_text() -> None:
    text = "截至6月底，新增城镇就业3096人，新增农村劳动力转移就业617人。"
    found = find_quantities(text)
    assert [(f.label, f.quantity.value, f.quantity.unit) for f in found] == [
        ("新增城镇就业", Decimal(3096), "人"),
        ("新增农村劳动力转移就业", Decimal(617), "人"),
    ]
    assert [text[f.start : f.end] for f in found] == ["3096人", "617人"]


def test_it_keeps_qualifiers_in_the_span() -> None:
    text = "实现全年外贸进出口达到9亿元，外贸实绩企业达到30家。"
    found = find_quantities(text)
    assert [text[f.start : f.end] for f in found] == ["达到9亿元", "达到30家"]
    assert [f.label for f in found] == ["实现全年外贸进出口", "外贸实绩企业"]
    assert found[0].quantity.value == Decimal("900000000")


def test_the_label_stops_at_the_previous_figure() -> None:
    found = find_quantities("上半年纳入3户11人，消除2户4人。")
    assert [(f.quantity.text, f.label) for f in found] == [
        ("3户", "上半年纳入"),
        ("11人", ""),
        ("2户", "消除"),
        ("4人", ""),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "1-6月，2024年7月29日",  # dates are not quantities
        "S208、S209道路，G0421许广高速，6#-7#泊位",  # codes are names
        "一期工程，催生一批企业，“一站式”办公和“一条龙”服务",  # idioms
        "加快实施高标准农田建设。",
    ],
)
def test_it_finds_nothing_in_dates_codes_and_idioms(text: str) -> None:
    assert find_quantities(text) == []


def test_signed_is_not_about() -> None:
    # 签约 ends in 约 ("about"), which is no qualifier here.
    (found,) = find_quantities("园区共新签约29个项目")
    assert found.quantity.qualifier is None
    assert found.quantity.text == "29个"


def test_the_longest_unit_wins() -> None:
    units = [f.quantity.unit for f in find_quantities("接待来访人员113人次，低于全市平均1.5个百分点")]
    assert units == ["人次", "个百分点"]


@given(st.text(max_size=60))
def test_arbitrary_text_never_crashes(text: str) -> None:
    q = parse_quantity(text)
    assert q.value is None or isinstance(q.value, Decimal)
    for f in find_quantities(text):
        assert 0 <= f.start < f.end <= len(text)
        assert f.quantity.value is not None


@given(
    st.decimals(min_value=0, max_value=10**9, places=3, allow_nan=False),
    st.sampled_from(["万元", "万亩", "亿元"]),
)
def test_multipliers_scale_exactly(number: Decimal, unit: str) -> None:
    q = parse_quantity(f"{number:f}{unit}")
    factor = Decimal(10) ** (8 if unit.startswith("亿") else 4)
    assert q.value == number * factor
    assert q.unit == unit[1:]
