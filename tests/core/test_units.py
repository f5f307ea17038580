"""Unit directory, strict name resolution, nested orgs, towns/parks and group references."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from duban.core.errors import ParseError
from duban.core.units import (
    LEVELS,
    Directory,
    ResolutionStatus,
    UnitKind,
    UnitSpec,
    builtin_units,
    check_level,
    group_reference,
    normalize,
    park_unit,
    split_org,
    town_kind,
    town_unit,
)

EXACT, RULE, AMBIGUOUS, UNKNOWN = (
    ResolutionStatus.EXACT,
    ResolutionStatus.RULE,
    ResolutionStatus.AMBIGUOUS,
    ResolutionStatus.UNKNOWN,
)
DATA = Path(__file__).resolve().parents[2] / "duban" / "core" / "data" / "units.yaml"
SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "yunxi-2024.txt"


@pytest.fixture(scope="module")
def district() -> Directory:
    return Directory.builtin("区")


@pytest.fixture(scope="module")
def county() -> Directory:
    return Directory.builtin("县")


# --- normalize ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("区发改局", "区发改局"),
        ("区 发改局\n", "区发改局"),
        ("\u3000区统计局\u3000", "区统计局"),
        ("区交通\n运输局", "区交通运输局"),
        ("各镇(街道)", "各镇（街道）"),
        ("各镇（街道）", "各镇（街道）"),
        ("“区发改局”", "区发改局"),
        ("「区妇联」", "区妇联"),
        ("区发改局、", "区发改局"),
        ("Ｓ２０８", "S208"),
        ("", ""),
    ],
)
def test_it_normalizes_names(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


# --- the built-in directory -----------------------------------------------------------------


def test_it_fills_the_level_character() -> None:
    names = {u.name for u in builtin_units("县")}
    assert "县发展和改革局" in names
    assert "县人民政府办公室" in names
    assert "团县委" in next(u for u in builtin_units("县") if u.key == "youth_league").short_names
    assert not any("{L}" in n for u in builtin_units("县") for n in u.names() + u.loose_names)


@pytest.mark.parametrize(
    ("level", "present", "absent"),
    [
        ("区", "公安分局", "区公安局"),
        ("县", "县公安局", "公安分局"),
        ("市", "市公安局", "公安分局"),
    ],
)
def test_it_keeps_level_specific_units(level: str, present: str, absent: str) -> None:
    names = {u.name for u in builtin_units(level)}
    assert present in names
    assert absent not in names


@pytest.mark.parametrize("level", LEVELS)
def test_it_gives_every_builtin_name_to_one_unit_only(level: str) -> None:
    seen: dict[str, str] = {}
    for unit in builtin_units(level):
        for name in unit.names():
            assert seen.setdefault(normalize(name), unit.key) == unit.key, name


@pytest.mark.parametrize("level", LEVELS)
def test_it_has_consistent_builtin_records(level: str) -> None:
    units = builtin_units(level)
    keys = [u.key for u in units]
    assert len(keys) == len(set(keys))
    assert all(u.parent in keys for u in units if u.parent)
    assert {u.kind for u in units} <= {str(k) for k in UnitKind}


def test_it_keeps_region_specific_names_out_of_the_data() -> None:
    text = DATA.read_text(encoding="utf-8")
    for name in ("云溪", "长岭", "绿色化工", "岳阳", "松杨湖", "陆城", "城发"):
        assert name not in text
    assert yaml.safe_load(text)["units"]


@pytest.mark.parametrize("level", ["省", "", "区县"])
def test_it_refuses_an_unknown_level(level: str) -> None:
    with pytest.raises(ParseError):
        check_level(level)
    with pytest.raises(ParseError):
        Directory([], level)


@pytest.mark.parametrize(
    ("kind", "level", "label"),
    [
        (UnitKind.DEPARTMENT, "区", "区直单位"),
        (UnitKind.DEPARTMENT, "县", "县直单位"),
        (UnitKind.STATIONED, "区", "驻区单位"),
        (UnitKind.STATIONED, "县", "驻县单位"),
        (UnitKind.TOWN, "区", "镇"),
        (UnitKind.SUBDISTRICT, "县", "街道"),
        (UnitKind.MASS_ORG, "区", "群团组织"),
    ],
)
def test_it_labels_kinds_for_the_level(kind: UnitKind, level: str, label: str) -> None:
    assert kind.label(level) == label


def test_kind_values_are_the_kinds_chinese_names() -> None:
    assert [str(k) for k in UnitKind] == [
        "区直单位", "镇", "乡", "街道", "园区管委会", "驻区单位", "国有企业", "内设/下属机构", "群团组织", "其他"
    ]  # fmt: skip
    assert town_kind("长岭街道") == "街道"
    kinds = {u.key: u.kind for u in builtin_units("县")}
    assert (kinds["finance"], kinds["taxation"], kinds["federation_women"]) == (
        "区直单位",
        "驻区单位",
        "群团组织",
    )


# --- resolution -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "status", "key"),
    [
        ("区发展和改革局", EXACT, "development_reform"),
        ("区发改局", EXACT, "development_reform"),
        ("区 发改局", EXACT, "development_reform"),
        ("发改局", RULE, "development_reform"),
        ("发展和改革局", RULE, "development_reform"),
        ("区发展和改革委员会", EXACT, "development_reform"),
        ("区发展和改革委", RULE, "development_reform"),
        ("区政府办", EXACT, "general_office"),
        ("区政府办公室", EXACT, "general_office"),
        ("区人民政府办公室", EXACT, "general_office"),
        ("政府办", RULE, "general_office"),
        ("区优化办", EXACT, "business_environment"),
        ("区优化办公室", RULE, "business_environment"),
        ("区教育局", EXACT, "education"),
        ("区教体局", EXACT, "education_sports"),
        ("区人社局", EXACT, "human_resources"),
        ("区卫健委", EXACT, "health"),
        ("区城管执法局", EXACT, "urban_management_enforcement"),
        ("区城市管理局", EXACT, "urban_management"),
        ("公安分局", EXACT, "public_security_branch"),
        ("区公安分局", EXACT, "public_security_branch"),
        ("税务局", EXACT, "taxation"),
        ("区税务局", EXACT, "taxation"),
        ("区供电分公司", EXACT, "power_supply"),
        ("区消防救援大队", EXACT, "fire_rescue"),
        ("团区委", EXACT, "youth_league"),
        ("区妇联", EXACT, "federation_women"),
        ("妇联", RULE, "federation_women"),
    ],
)
def test_it_resolves_district_names(
    district: Directory, name: str, status: ResolutionStatus, key: str
) -> None:
    resolution = district.resolve(name)
    assert resolution.status == status
    assert resolution.unit is not None and resolution.unit.key == key
    assert resolution.ok
    assert (resolution.rule != "") == (status == RULE)


@pytest.mark.parametrize(
    ("name", "status", "key"),
    [
        ("县发展和改革局", EXACT, "development_reform"),
        ("县发改局", EXACT, "development_reform"),
        ("发改局", RULE, "development_reform"),
        ("县公安局", EXACT, "public_security"),
        ("县政府办", EXACT, "general_office"),
        ("团县委", EXACT, "youth_league"),
        ("税务局", EXACT, "taxation"),
        ("县税务局", EXACT, "taxation"),
        ("生态环境分局", EXACT, "ecology_environment"),
        ("县生态环境分局", EXACT, "ecology_environment"),
    ],
)
def test_it_resolves_county_names(county: Directory, name: str, status: ResolutionStatus, key: str) -> None:
    resolution = county.resolve(name)
    assert (resolution.status, resolution.unit and resolution.unit.key) == (status, key)


def test_it_resolves_in_a_county_level_city_whose_level_char_starts_names() -> None:
    city = Directory.builtin("市")
    assert city.resolve("市市场监管局").unit == city.get("market_regulation")
    resolution = city.resolve("市场监督管理局")
    assert (resolution.status, resolution.rule) == (RULE, "add_prefix")
    assert resolution.unit == city.get("market_regulation")


@pytest.mark.parametrize(
    ("level", "name", "keys"),
    [
        ("区", "区城管局", ["urban_management", "urban_management_enforcement"]),
        ("区", "城管局", ["urban_management", "urban_management_enforcement"]),
        ("县", "县城管局", ["urban_management", "urban_management_enforcement"]),
    ],
)
def test_it_reports_ambiguous_names_with_their_candidates(level: str, name: str, keys: list[str]) -> None:
    resolution = Directory.builtin(level).resolve(name)
    assert resolution.status == AMBIGUOUS
    assert resolution.unit is None and not resolution.ok
    assert sorted(u.key for u in resolution.candidates) == keys


@pytest.mark.parametrize(
    ("level", "name"),
    [
        ("区", "县发改局"),  # another level's bureau: never swap the level character
        ("区", "市发改局"),
        ("县", "区发改局"),
        ("县", "公安分局"),
        ("区", "区公安局"),
        ("区", "区发改"),  # a substring is not a resolution
        ("区", "发展改革局"),  # nor a near miss
        ("区", "区市场监管"),
        ("区", "区发改局办公室"),
        ("区", "区城发集团"),
        ("区", "项目指挥部"),
        ("区", ""),
        ("区", "   "),
    ],
)
def test_it_never_guesses(level: str, name: str) -> None:
    resolution = Directory.builtin(level).resolve(name)
    assert resolution.status == UNKNOWN
    assert resolution.unit is None and resolution.candidates == []


def test_it_resolves_a_loose_name_by_rule_when_it_has_one_claimant() -> None:
    enforcement = next(u for u in builtin_units("区") if u.key == "urban_management_enforcement")
    resolution = Directory([enforcement]).resolve("区城管局")
    assert (resolution.status, resolution.rule, resolution.unit) == (RULE, "loose_name", enforcement)


def test_it_works_over_records_built_elsewhere() -> None:
    # what the Django layer does: build the records from its tables
    units = [
        UnitSpec("7", "区乡村振兴局", "区直单位", ["区振兴局"]),
        UnitSpec("8", "区农业农村局", "区直单位", ["区农业局"]),
        UnitSpec("9", "区农村工作局", "区直单位", ["区农业局"]),
    ]
    directory = Directory(units, level="区")
    assert directory.resolve("振兴局").unit == units[0]
    assert directory.resolve("区农业局").status == AMBIGUOUS
    assert len(directory) == 3 and "8" in directory
    with pytest.raises(ValueError, match="duplicate"):
        directory.add(UnitSpec("7", "区另一个局", "区直单位"))


def test_it_resolves_towns_once_the_caller_adds_them() -> None:
    directory = Directory.builtin("区")
    assert directory.resolve("长岭街道").status == UNKNOWN
    unit = town_unit("长岭街道办事处")
    assert unit is not None
    directory.add(unit)
    for name in ("长岭街道", "长岭街道办事处", "长岭街道办"):
        assert directory.resolve(name).unit == unit


# --- towns and parks ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("陆城镇", UnitKind.TOWN),
        ("路口镇人民政府", UnitKind.TOWN),
        ("长岭街道", UnitKind.SUBDISTRICT),
        ("长岭街道办事处", UnitKind.SUBDISTRICT),
        ("松杨湖街道办", UnitKind.SUBDISTRICT),
        ("龙湾乡", UnitKind.TOWNSHIP),
        ("黄柏山瑶族乡", UnitKind.TOWNSHIP),
        ("各乡镇", None),
        ("各镇（街道）", None),
        ("区城乡", None),
        ("区住房和城乡建设局", None),
        ("区乡村振兴局", None),
        ("区发改局", None),
        ("长岭街道人民政府", None),
        ("镇", None),
        ("", None),
    ],
)
def test_it_recognises_towns(name: str, kind: UnitKind | None) -> None:
    assert town_kind(name) == kind


@pytest.mark.parametrize(
    ("name", "canonical", "alias"),
    [
        ("长岭街道办事处", "长岭街道", "长岭街道办事处"),
        ("长岭街道", "长岭街道", "长岭街道办事处"),
        ("陆城镇", "陆城镇", "陆城镇人民政府"),
        ("陆城镇人民政府", "陆城镇", "陆城镇人民政府"),
    ],
)
def test_it_makes_town_units_with_their_office_as_alias(name: str, canonical: str, alias: str) -> None:
    unit = town_unit(name)
    assert unit is not None
    assert (unit.key, unit.name) == (canonical, canonical)
    assert alias in unit.aliases


@pytest.mark.parametrize(
    ("name", "canonical"),
    [
        ("绿色化工高新区", "绿色化工高新区"),
        ("绿色化工高新区管委会", "绿色化工高新区"),
        ("湖南岳阳绿色化工高新技术产业开发区", "湖南岳阳绿色化工高新技术产业开发区"),
        ("华容县经济开发区管理委员会", "华容县经济开发区"),
        ("区发改局", None),
        ("开发区", None),
    ],
)
def test_it_recognises_parks(name: str, canonical: str | None) -> None:
    unit = park_unit(name)
    assert (unit.name if unit else None) == canonical
    assert unit is None or unit.kind == UnitKind.PARK


# --- nested orgs ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("org", "chain"),
    [
        ("区市场监督管理局云溪市场监督管理所", ["区市场监督管理局", "云溪市场监督管理所"]),
        ("区人力资源和社会保障局劳动人事争议仲裁院", ["区人力资源和社会保障局", "劳动人事争议仲裁院"]),
        (
            "区人力资源和社会保障局劳动和社会保障监察大队",
            ["区人力资源和社会保障局", "劳动和社会保障监察大队"],
        ),
        ("区数据局政务服务中心", ["区数据局", "政务服务中心"]),
        ("区应急管理局执法局", ["区应急管理局", "执法局"]),
        ("区应急局执法局", ["区应急局", "执法局"]),
        ("区卫生健康局疾病预防控制中心", ["区卫生健康局", "疾病预防控制中心"]),
        ("区供销合作联社监事会", ["区供销合作联社", "监事会"]),
        ("区城管局执法大队", ["区城管局", "执法大队"]),
        ("区统计局", ["区统计局"]),
        ("区政府办公室", ["区政府办公室"]),
        ("区城市管理和综合执法局", ["区城市管理和综合执法局"]),
        ("区长岭炼化协作协调事务中心", ["区长岭炼化协作协调事务中心"]),
        ("陆城镇综合执法大队", ["陆城镇", "综合执法大队"]),
        ("松杨湖街道综合执法大队", ["松杨湖街道", "综合执法大队"]),
        ("长岭街道办事处", ["长岭街道办事处"]),
        ("长岭街道办事处党政综合办公室", ["长岭街道办事处", "党政综合办公室"]),
        (
            "湖南岳阳绿色化工高新技术产业开发区财政金融部",
            ["湖南岳阳绿色化工高新技术产业开发区", "财政金融部"],
        ),
        ("区住房和城乡建设局", ["区住房和城乡建设局"]),
        ("区 统计局\n", ["区统计局"]),
        ("", []),
    ],
)
def test_it_splits_nested_orgs(district: Directory, org: str, chain: list[str]) -> None:
    assert split_org(org, district) == chain


# --- group references -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "level", "key", "rule"),
    [
        ("各镇（街道）", "区", "towns", "towns"),
        ("各镇(街道)", "区", "towns", "towns"),
        ("各镇街道", "区", "towns", "towns"),
        ("各乡镇", "县", "towns", "towns"),
        ("各实事承办单位", "区", "livelihood_leads", "livelihood_leads"),
        ("区直各指标牵头单位", "区", "indicator_leads", "named"),
        ("县直各指标牵头单位", "县", "indicator_leads", "named"),
        ("各相关单位", "区", "related_units", "named"),
        ("各有关单位", "区", "concerned_units", "named"),
        ("区直各单位", "区", "departments", "named"),
        ("区直及驻区各单位", "区", "all_units", "named"),
    ],
)
def test_it_recognises_group_references(phrase: str, level: str, key: str, rule: str) -> None:
    group = group_reference(phrase, level)
    assert group is not None
    assert (group.key, group.rule) == (key, rule)


@pytest.mark.parametrize(
    ("phrase", "level"),
    [("区直各指标牵头单位", "县"), ("区发改局", "区"), ("各镇", "区"), ("", "区")],
)
def test_it_ignores_what_is_not_a_group(phrase: str, level: str) -> None:
    assert group_reference(phrase, level) is None


def test_the_directory_knows_its_groups(county: Directory) -> None:
    group = county.group_reference("县直各单位")
    assert group is not None and group.name == "县直各单位"


# --- the sample's names ---------------------------------------------------------------------

# Every unit of the 牵头单位 / 牵头责任单位 / 相关责任单位 columns of the sample, read by hand.
SAMPLE_UNITS = [
    "区发改局", "区财政局", "区金融事务中心", "区人社局", "区应急局", "区农业农村局", "区水利局",
    "区卫健局", "区教体局", "区医保局", "区商粮局", "区交通局", "区物流发展服务中心", "区科工局",
    "区公路建养中心", "区自然资源局", "区住建局", "区林业局", "公安分局", "区退役军人事务局",
    "区数据局", "区文旅广电局", "区政府办", "生态环境分局", "区市场监管局", "区民政局", "区妇联",
    "区残联", "区司法局", "供电分公司", "税务局", "区优化办", "区工商联", "区机关事务服务中心",
    "区信访局",
]  # fmt: skip
# The org part of every post of the two 任免 notices, as a chain of units (read by hand).
SAMPLE_POST_ORGS = {
    "区供销合作联社理事会": ["区供销合作联社", "理事会"],
    "区供销合作联社监事会": ["区供销合作联社", "监事会"],
    "区自然资源局": ["区自然资源局"],
    "区统计局": ["区统计局"],
    "区城市管理局": ["区城市管理局"],
    "区医疗保障局": ["区医疗保障局"],
    "区科技和工业信息化局": ["区科技和工业信息化局"],
    "区数据局": ["区数据局"],
    "区人力资源和社会保障局劳动人事争议仲裁院": ["区人力资源和社会保障局", "劳动人事争议仲裁院"],
    "区应急管理局执法局": ["区应急管理局", "执法局"],
    "区民政局": ["区民政局"],
    "区财政局": ["区财政局"],
    "区人力资源和社会保障局劳动和社会保障监察大队": ["区人力资源和社会保障局", "劳动和社会保障监察大队"],
    "区住房和城乡建设局": ["区住房和城乡建设局"],
    "区交通运输局": ["区交通运输局"],
    "区农业农村局": ["区农业农村局"],
    "区文化旅游广电局": ["区文化旅游广电局"],
    "区卫生健康局": ["区卫生健康局"],
    "区妇幼保健院": ["区妇幼保健院"],
    "区退役军人事务局": ["区退役军人事务局"],
    "区应急管理局": ["区应急管理局"],
    "区市场监督管理局云溪市场监督管理所": ["区市场监督管理局", "云溪市场监督管理所"],
    "区城市管理和综合执法局": ["区城市管理和综合执法局"],
    "区信访局": ["区信访局"],
    "区政府办": ["区政府办"],
    "区金融事务中心": ["区金融事务中心"],
    "区疾病预防控制局": ["区疾病预防控制局"],
    "区疾病预防控制中心": ["区疾病预防控制中心"],
    "区妇幼保健计划生育服务中心": ["区妇幼保健计划生育服务中心"],
    "区数据局政务服务中心": ["区数据局", "政务服务中心"],
    "区公路建设和养护中心": ["区公路建设和养护中心"],
    "区重点项目服务中心": ["区重点项目服务中心"],
    "区水利局": ["区水利局"],
}
# The region's towns, as met in the posts: recognised, then created by the caller.
SAMPLE_TOWN_ORGS = {
    "长岭街道办事处": ["长岭街道办事处"],
    "松杨湖街道办事处": ["松杨湖街道办事处"],
    "陆城镇综合执法大队": ["陆城镇", "综合执法大队"],
    "云溪街道综合执法大队": ["云溪街道", "综合执法大队"],
    "长岭街道综合执法大队": ["长岭街道", "综合执法大队"],
    "松杨湖街道综合执法大队": ["松杨湖街道", "综合执法大队"],
}
# Names truly absent from a generic county directory.
SAMPLE_ABSENT = {
    "区城发集团": UNKNOWN,  # a state-owned company of the region
    "区城发建设投资集团有限责任公司": UNKNOWN,
    "项目指挥部": UNKNOWN,  # an ad-hoc project headquarters
    "区长岭炼化协作协调事务中心": UNKNOWN,  # named after the region's refinery
    "绿色化工高新区": UNKNOWN,  # the region's park (recognised by park_unit below)
    "湖南岳阳绿色化工高新技术产业开发区": UNKNOWN,
    "区城管局": AMBIGUOUS,  # 区城市管理局 or 区城市管理和综合执法局: the office decides
}
SAMPLE_GROUPS = ["各镇（街道）", "区直各指标牵头单位", "各实事承办单位", "各相关单位"]


@pytest.fixture(scope="module")
def sample_text() -> str:
    return SAMPLE.read_text(encoding="utf-8")


def test_the_hand_read_names_are_in_the_sample(sample_text: str) -> None:
    for name in [*SAMPLE_UNITS, *SAMPLE_POST_ORGS, *SAMPLE_TOWN_ORGS, *SAMPLE_ABSENT, *SAMPLE_GROUPS]:
        assert name in sample_text, name


@pytest.mark.parametrize("name", SAMPLE_UNITS)
def test_the_sample_units_resolve(district: Directory, name: str) -> None:
    assert district.resolve(name).status in (EXACT, RULE)


@pytest.mark.parametrize(("org", "chain"), SAMPLE_POST_ORGS.items())
def test_the_sample_post_orgs_resolve(district: Directory, org: str, chain: list[str]) -> None:
    assert split_org(org, district) == chain
    assert district.resolve(chain[0]).status in (EXACT, RULE)


@pytest.mark.parametrize(("org", "chain"), SAMPLE_TOWN_ORGS.items())
def test_the_sample_towns_are_recognised(org: str, chain: list[str]) -> None:
    directory = Directory.builtin("区")
    assert split_org(org, directory) == chain
    town = town_unit(chain[0])
    assert town is not None
    directory.add(town)
    assert directory.resolve(chain[0]).status == EXACT


@pytest.mark.parametrize(("name", "status"), SAMPLE_ABSENT.items())
def test_the_sample_names_absent_from_a_generic_directory(
    district: Directory, name: str, status: ResolutionStatus
) -> None:
    assert district.resolve(name).status == status


@pytest.mark.parametrize("name", ["绿色化工高新区", "湖南岳阳绿色化工高新技术产业开发区"])
def test_the_sample_park_is_recognised(name: str) -> None:
    assert park_unit(name) is not None


@pytest.mark.parametrize("phrase", SAMPLE_GROUPS)
def test_the_sample_groups_are_recognised(phrase: str) -> None:
    assert group_reference(phrase, "区") is not None


# --- properties -----------------------------------------------------------------------------

_NAMEISH = st.text(alphabet="区县镇乡街道办事处局委会中心所队发改城管理和综合执法（）() \n各直", max_size=20)


@given(st.one_of(st.text(max_size=30), _NAMEISH))
def test_arbitrary_text_never_crashes_and_splits_without_loss(district: Directory, text: str) -> None:
    directory = district
    resolution = directory.resolve(text)
    assert resolution.ok == (resolution.status in (EXACT, RULE))
    assert "".join(split_org(text, directory)) == normalize(text)
    town_kind(text)
    park_unit(text)
    group_reference(text)
