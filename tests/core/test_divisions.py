"""Administrative divisions: provinces, the region of an issuer, the user's --region."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from duban.core.divisions import (
    Region,
    check_region,
    cities,
    find_province,
    find_region,
    match_region,
    parse_region,
    provinces,
    region_by_code,
    regions,
)
from duban.core.errors import ParseError
from duban.core.units import LEVELS

YUNXI = Region("湖南省", "岳阳市", "云溪区", "区")


def test_it_lists_the_34_provincial_level_divisions() -> None:
    names = [p.name for p in provinces()]
    assert len(names) == len(set(names)) == 34
    assert sum(n.endswith("省") for n in names) == 23
    assert sum(n.endswith("自治区") for n in names) == 5
    assert sum(n.endswith("特别行政区") for n in names) == 2
    assert {"北京市", "天津市", "上海市", "重庆市"} <= set(names)


@pytest.mark.parametrize(
    ("name", "full"),
    [
        ("湖南省", "湖南省"),
        ("湖南", "湖南省"),
        ("黑龙江", "黑龙江省"),
        ("内蒙古", "内蒙古自治区"),
        ("广西", "广西壮族自治区"),
        ("新疆", "新疆维吾尔自治区"),
        ("香港", "香港特别行政区"),
        ("重庆", "重庆市"),
        ("湘", None),  # a 简称 is for document numbers, not for naming a province
        ("湖", None),
        ("火星", None),
        ("", None),
    ],
)
def test_it_finds_provinces_by_full_or_short_name(name: str, full: str | None) -> None:
    assert find_province(name) == full


def test_it_has_the_counties_of_yueyang() -> None:
    yueyang = {r.county for r in regions() if r.city == "岳阳市"}
    assert yueyang == {
        "岳阳楼区",
        "云溪区",
        "君山区",
        "岳阳县",
        "华容县",
        "湘阴县",
        "平江县",
        "汨罗市",
        "临湘市",
    }


def test_it_has_every_city_and_county_of_hunan() -> None:
    hunan = [r for r in regions() if r.province == "湖南省"]
    assert len({r.city for r in hunan}) == 14
    assert len(hunan) == 122
    assert {r.city for r in hunan if r.county == "吉首市"} == {"湘西土家族苗族自治州"}


def test_every_region_is_listed_once_with_its_level_char() -> None:
    all_regions = regions()
    assert len(all_regions) == len(set(all_regions))
    assert all(r.level_char == r.county[-1] and r.level_char in LEVELS for r in all_regions)


@pytest.mark.parametrize(
    ("issuer", "region"),
    [
        ("岳阳市云溪区人民政府", YUNXI),
        ("岳阳市云溪区人民政府办公室", YUNXI),
        ("湖南省岳阳市云溪区人民政府", YUNXI),
        ("岳阳市 云溪区\n人民政府", YUNXI),
        ("云溪区人民政府", YUNXI),
        ("华容县人民政府", Region("湖南省", "岳阳市", "华容县", "县")),
        ("岳阳县人民政府", Region("湖南省", "岳阳市", "岳阳县", "县")),
        ("岳阳市岳阳县人民政府办公室", Region("湖南省", "岳阳市", "岳阳县", "县")),
        ("临湘市人民政府", Region("湖南省", "岳阳市", "临湘市", "市")),
        ("津市市人民政府", Region("湖南省", "常德市", "津市市", "市")),
        ("湘西土家族苗族自治州吉首市人民政府", Region("湖南省", "湘西土家族苗族自治州", "吉首市", "市")),
        ("城步苗族自治县人民政府", Region("湖南省", "邵阳市", "城步苗族自治县", "县")),
        ("鄂州市华容区人民政府", Region("湖北省", "鄂州市", "华容区", "区")),
        ("仙桃市人民政府", Region("湖北省", None, "仙桃市", "市")),
        ("北京市朝阳区人民政府", Region("北京市", None, "朝阳区", "区")),
        ("重庆市石柱土家族自治县人民政府", Region("重庆市", None, "石柱土家族自治县", "县")),
        ("长春市朝阳区人民政府", Region("吉林省", "长春市", "朝阳区", "区")),
        # Any county in China, by the names its offices use.
        ("婺源县人民政府督查室", Region("江西省", "上饶市", "婺源县", "县")),
        ("中共婺源县委督查室", Region("江西省", "上饶市", "婺源县", "县")),
        ("婺源县委督查办", Region("江西省", "上饶市", "婺源县", "县")),
        ("瑞金市人民政府民生工作办公室", Region("江西省", "赣州市", "瑞金市", "市")),
        ("阿荣旗人民政府办公室", Region("内蒙古自治区", "呼伦贝尔市", "阿荣旗", "旗")),
        ("城步县人民政府", Region("湖南省", "邵阳市", "城步苗族自治县", "县")),  # 自治县 short form
        ("湘西州吉首市人民政府", Region("湖南省", "湘西土家族苗族自治州", "吉首市", "市")),
        ("东莞市人民政府", Region("广东省", None, "东莞市", "市")),  # a city without counties
        ("神农架林区人民政府", Region("湖北省", None, "神农架林区", "区")),
    ],
)
def test_it_finds_the_region_of_an_issuer(issuer: str, region: Region) -> None:
    assert find_region(issuer) == region


@pytest.mark.parametrize(
    "issuer",
    [
        "朝阳区人民政府",  # 北京市朝阳区 or 长春市朝阳区
        "永定区人民政府",  # 张家界市永定区 or 龙岩市永定区
        "岳阳市人民政府",  # a prefecture, not a county-level region
        "湖南省人民政府",
        "某某县人民政府",
        "赣州市人民政府督查室",  # a prefecture
        "江西省九江市婺源县人民政府",  # a listed county under the wrong city
        "",
    ],
)
def test_it_finds_no_region_for_unknown_or_ambiguous_issuers(issuer: str) -> None:
    assert find_region(issuer) is None


@pytest.mark.parametrize(
    "text",
    [
        "湖南省岳阳市云溪区",
        "岳阳市云溪区",
        "湖南岳阳市云溪区",
        "岳阳云溪区",
        " 湖南省 岳阳市 云溪区 ",
        "云溪区",
        "岳阳市云溪区人民政府",
    ],
)
def test_it_parses_a_region_argument(text: str) -> None:
    assert parse_region(text) == YUNXI


def test_a_region_has_a_full_name() -> None:
    assert YUNXI.name == str(YUNXI) == "湖南省岳阳市云溪区"
    assert parse_region("北京市海淀区").name == "北京市海淀区"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("湖南省岳阳市", "请写到县（市、区）一级"),
        ("云溪", "无法识别"),
        ("湖南省岳阳市云溪区发改局", "无法识别"),
        ("", "无法识别"),
        ("朝阳区", "北京市朝阳区、吉林省长春市朝阳区"),
        ("城区", "有多个同名地区"),
        ("湖南省上饶市婺源县", "上饶市属于江西省，不属于湖南省"),
        ("江西省九江市婺源县", "婺源县不在九江市（同名地区：江西省上饶市婺源县）"),
        ("江西省某某市婺源县", "江西省没有名为“某某市”的地级行政区"),
        ("湖南省岳阳市云溪区发改局", "“发改局”不是行政区划名称"),
        ("湖南", "“湖南省”是省级行政区"),
        ("火星省某县", "开头不是已知的省、市或县（市、区）名称"),
    ],
)
def test_it_refuses_a_region_it_cannot_name(text: str, message: str) -> None:
    with pytest.raises(ParseError) as raised:
        parse_region(text)
    assert message in raised.value.message
    assert raised.value.english


@given(st.text(alphabet="湖南省岳阳市云溪区华容县北京朝阳人民政府城区 ", max_size=16) | st.text(max_size=16))
def test_arbitrary_text_gives_a_region_or_a_parse_error(text: str) -> None:
    region = find_region(text)
    assert region is None or region in regions()
    with contextlib.suppress(ParseError):
        assert parse_region(text) in regions()


def test_the_national_list_has_every_county_level_division_with_its_code() -> None:
    listed = regions()
    assert 2800 < len(listed) < 2900  # 2846 in the list of 2023-06-30
    assert len({r.code for r in listed}) == len(listed)
    assert {r.province for r in listed} == {p.name for p in provinces()} - {
        "台湾省",
        "香港特别行政区",
        "澳门特别行政区",
    }
    assert region_by_code("361130") == Region("江西省", "上饶市", "婺源县", "县")
    assert region_by_code("430603") == YUNXI
    assert region_by_code("999999") is None
    assert parse_region("云溪区").code == "430603"
    # Statistical parks (经济技术开发区 …) are not divisions of their own.
    assert not [r for r in listed if r.county.endswith(("开发区", "产业园区", "管理区"))]
    jiangxi = [c for c in cities() if c.province == "江西省"]
    assert len(jiangxi) == 11


@pytest.mark.parametrize(
    ("text", "region"),
    [
        ("婺源县", "江西省上饶市婺源县"),
        ("江西省上饶市婺源县", "江西省上饶市婺源县"),
        ("江西上饶婺源县", "江西省上饶市婺源县"),
        ("恩施州利川市", "湖北省恩施土家族苗族自治州利川市"),
        ("黔东南州凯里市", "贵州省黔东南苗族侗族自治州凯里市"),
        ("锡林郭勒阿巴嘎旗", "内蒙古自治区锡林郭勒盟阿巴嘎旗"),
    ],
)
def test_it_parses_any_county_in_full_or_short(text: str, region: str) -> None:
    found = check_region(text)
    assert found.region.name == region and found.region.listed
    assert found.warnings == ()


@pytest.mark.parametrize(
    ("text", "region", "warning"),
    [
        ("望城县", "湖南省长沙市望城区", "“望城县”是调整前的名称"),
        ("襄樊市樊城区", "湖北省襄阳市樊城区", "“襄樊市”是调整前的名称"),
        ("沙县", "福建省三明市沙县区", "“沙县”是调整前的名称"),
    ],
)
def test_a_former_name_finds_the_region_today_with_a_warning(text: str, region: str, warning: str) -> None:
    found = check_region(text)
    assert found.region.name == region and found.region.listed
    assert len(found.warnings) == 1 and warning in found.warnings[0]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("江西省上饶市某某县", "江西省上饶市某某县"),
        ("上饶市某某区", "江西省上饶市某某区"),
        ("北京市某某区", "北京市某某区"),
    ],
)
def test_a_well_formed_name_not_in_the_list_is_accepted_with_a_warning(text: str, name: str) -> None:
    found = check_region(text)
    assert found.region.name == name
    assert not found.region.listed and found.region.code == ""
    assert "不在行政区划表（截至2023-06-30）中" in found.warnings[0]


def test_an_issuer_of_a_region_not_in_the_list_names_it_with_a_warning() -> None:
    found = match_region("江西省上饶市某某县人民政府办公室")
    assert found is not None and found.region.name == "江西省上饶市某某县"
    assert found.warnings
    assert match_region("江西省上饶市人民政府") is None  # a prefecture, not a county


def test_lookups_are_indexed_once() -> None:
    import time

    find_region("婺源县人民政府")  # builds the indexes
    start = time.perf_counter()
    for _ in range(1000):
        find_region("岳阳市云溪区人民政府办公室")
    assert time.perf_counter() - start < 0.5


@pytest.mark.parametrize("text", ["江西省南昌府东湖区", "广东省深圳县南山区"])
def test_a_city_with_a_wrong_suffix_is_not_read_as_an_unlisted_county(text: str) -> None:
    from duban.core.divisions import check_region

    with pytest.raises(ParseError):
        check_region(text)
