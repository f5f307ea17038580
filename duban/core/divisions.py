"""Administrative divisions: which county-level region a document's issuer belongs to.

The national list (duban/core/data/divisions.tsv: every province, prefecture-level and
county-level division with its GB/T 2260 code, and the date of the list) is completed by
divisions.yaml: the provinces' short forms, former names and customary short forms.

A region is written as [province][city]county, each part in full or short, or under a former
name. A name is recognised only when it names exactly one listed region; a name that is well
formed (a known province and city, then a county-level name) but not in the list is accepted
with a warning, since the list is only as new as its date. Everything else is an error that
says which part is wrong. Indexes are built once, on first use.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import yaml

from duban.core.errors import ParseError
from duban.core.units import LEVELS, normalize

LIST_DATE = "2023-06-30"  # the date of divisions.tsv, named in warnings


@dataclass(frozen=True)
class Region:
    """A county-level region: 湖南省 / 岳阳市 / 云溪区, level character 区.

    `city` is None for a county directly under its province (a municipality's districts,
    省直管 cities such as 仙桃市, a prefecture-level city without counties such as 东莞市).
    `code` is the GB/T 2260 code, "" for a well-formed region not in the list; it takes no
    part in comparisons, so a region written by hand equals the listed one."""

    province: str
    city: str | None
    county: str
    level_char: str
    code: str = field(default="", compare=False)

    @property
    def name(self) -> str:
        """The full name: 湖南省岳阳市云溪区, 北京市朝阳区."""
        return self.province + (self.city or "") + self.county

    @property
    def listed(self) -> bool:
        """Whether the region is in the national list (else it was accepted as well formed)."""
        return bool(self.code)

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True)
class Province:
    """A provincial-level division with its short forms (湖南) and 简称 characters (湘)."""

    name: str
    short_names: tuple[str, ...]
    abbr: tuple[str, ...]
    code: str = ""


@dataclass(frozen=True)
class City:
    """A prefecture-level division (地级市, 自治州, 地区, 盟) with its short forms."""

    province: str
    name: str
    code: str
    short_names: tuple[str, ...] = ()


@dataclass(frozen=True)
class RegionMatch:
    """A region found in a text, the text it was found in, and what the office should check."""

    region: Region
    form: str  # the part of the (normalised) text that names the region
    warnings: tuple[str, ...] = ()


# --- the data ---------------------------------------------------------------------------------


@cache
def _yaml() -> Any:
    text = resources.files("duban.core.data").joinpath("divisions.yaml").read_text(encoding="utf-8")
    # libyaml's loader where PyYAML was built with it: the same safe loader, 1.4 ms instead of
    # 11 ms for this file (read once a process, by every CLI import).
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506 — a safe loader


@cache
def _rows() -> tuple[tuple[str, str, str], ...]:
    """(code, level p/c/x, name) of the national list, in its order."""
    text = resources.files("duban.core.data").joinpath("divisions.tsv").read_text(encoding="utf-8")
    rows = []
    for line in text.splitlines():
        if line and not line.startswith("#"):
            code, level, name = line.split("\t")
            rows.append((code, level, name))
    return tuple(rows)


@cache
def provinces() -> tuple[Province, ...]:
    """All 34 provincial-level divisions."""
    return tuple(
        Province(p["name"], tuple(p.get("short", [])), tuple(p.get("abbr", [])), str(p.get("code", "")))
        for p in _yaml()["provinces"]
    )


@cache
def _province_by_code() -> dict[str, Province]:
    return {p.code[:2]: p for p in provinces()}


def find_province(name: str) -> str | None:
    """The full name of a province written in full or short (湖南 → 湖南省), or None."""
    text = normalize(name)
    for province in provinces():
        if text == province.name or text in province.short_names:
            return province.name
    return None


# An autonomous prefecture or county is customarily named by the place before its peoples:
# 湘西土家族苗族自治州 → 湘西州, 城步苗族自治县 → 城步县.
def _words(text: str) -> tuple[str, ...]:
    """Whitespace-separated words: a long vocabulary reads better as text than as a list literal."""
    return tuple(text.split())


_PEOPLES = _words(
    "蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 高山 拉祜 水 东乡 纳西"
    " 景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 塔吉克 怒 乌孜别克 俄罗斯 鄂温克 德昂"
    " 保安 裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺"
)
_AUTONOMOUS = re.compile(
    r"^(?P<stem>[\u4e00-\u9fff]{2,}?)(?:(?:" + "|".join(sorted(_PEOPLES, key=len, reverse=True)) + r")族)+"
    r"自治(?P<level>州|县|旗)$"
)


def _city_short_names(name: str) -> tuple[str, ...]:
    if m := _AUTONOMOUS.match(name):
        return (m["stem"] + "州", m["stem"])
    if name.endswith(("地区", "林区")) and len(name) > 3:
        return (name[:-2],)
    if name.endswith(("市", "盟")) and len(name) >= 3:
        return (name[:-1],)
    return ()


@cache
def cities() -> tuple[City, ...]:
    """Every prefecture-level division of the national list, with its short forms."""
    extra: dict[str, list[str]] = {}
    for entry in _yaml().get("short", []):
        extra.setdefault(str(entry["code"]), []).append(entry["name"])
    found = []
    for code, level, name in _rows():
        if level == "c":
            shorts = (*_city_short_names(name), *extra.get(code, []))
            found.append(City(_province_by_code()[code[:2]].name, name, code, shorts))
    return tuple(found)


@cache
def _city_by_code() -> dict[str, City]:
    return {c.code[:4]: c for c in cities()}


def _level_char(county: str) -> str:
    # 区, 县 (自治县), 市 (县级市), 旗: the last character says how the region names itself.
    level = county[-1]
    if level not in LEVELS:
        raise ValueError(f"county-level name {county!r} does not end in one of {LEVELS}")
    return level


@cache
def regions() -> tuple[Region, ...]:
    """Every county-level region of the national list."""
    by_city = _city_by_code()
    found = []
    for code, level, name in _rows():
        if level != "x":
            continue
        city = by_city.get(code[:4])
        # A prefecture-level city without counties (东莞市, code 441900) is its own county level.
        city_name = city.name if city is not None and not code.endswith("00") else None
        found.append(Region(_province_by_code()[code[:2]].name, city_name, name, _level_char(name), code))
    return tuple(found)


@cache
def _region_by_code() -> dict[str, Region]:
    return {r.code: r for r in regions()}


def region_by_code(code: str) -> Region | None:
    """The listed region with a GB/T 2260 code (430603 → 湖南省岳阳市云溪区), or None."""
    return _region_by_code().get(code.strip())


def _county_short_names(county: str) -> tuple[str, ...]:
    m = _AUTONOMOUS.match(county)
    return (m["stem"] + m["level"],) if m and m["level"] != "州" else ()


# --- the indexes --------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Form:
    """One way of writing a region: the region and, for a former name, the name it replaced."""

    region: Region
    former: str = ""


def _province_forms(name: str) -> list[str]:
    province = next(p for p in provinces() if p.name == name)
    return [province.name, *province.short_names]


def _city_forms(city: City | None) -> list[str]:
    return [city.name, *city.short_names] if city else []


@cache
def _forms() -> dict[str, tuple[_Form, ...]]:
    """Every way of writing each region: [province][city]county, in full, short or former."""
    by_city = {c.name: c for c in cities()}
    official: dict[str, list[_Form]] = {}
    other: dict[str, list[_Form]] = {}
    former_counties: dict[str, list[tuple[str, int]]] = {}
    former_cities: dict[str, list[str]] = {}
    for entry in _yaml().get("former", []):
        code = str(entry["code"])
        if code.endswith("00") and code[:4] in _city_by_code():
            former_cities.setdefault(_city_by_code()[code[:4]].name, []).append(entry["name"])
        else:
            former_counties.setdefault(code, []).append((entry["name"], int(entry.get("year", 0))))
    for region in regions():
        city = by_city.get(region.city) if region.city else None
        provinces_ = ["", *_province_forms(region.province)]
        cities_ = ["", *_city_forms(city)]
        former_city_forms = [""] + former_cities.get(region.city or "", [])
        for p in provinces_:
            for c in cities_:
                _add(official if c in ("", region.city) else other, p + c + region.county, _Form(region))
                for short in _county_short_names(region.county):
                    _add(other, p + c + short, _Form(region))
            for c in former_city_forms[1:]:
                _add(other, p + c + region.county, _Form(region, c))
            for old, _year in former_counties.get(region.code, []):
                for c in cities_:
                    _add(other, p + c + old, _Form(region, old))
    # A short or former form never takes the place of another region's official name.
    for form, found in other.items():
        if form not in official:
            official[form] = found
    return {form: tuple(found) for form, found in official.items()}


def _add(index: dict[str, list[_Form]], form: str, item: _Form) -> None:
    bucket = index.setdefault(form, [])
    if all(f.region != item.region for f in bucket):
        bucket.append(item)


@cache
def _longest_form() -> int:
    return max(len(f) for f in _forms())


def _match(text: str) -> tuple[str, tuple[_Form, ...]]:
    """The longest known region form that `text` starts with, and the regions it names."""
    forms = _forms()
    for end in range(min(len(text), _longest_form()), 0, -1):
        found = forms.get(text[:end])
        if found:
            return text[:end], found
    return "", ()


# --- looking a region up ------------------------------------------------------------------------

# Party bodies name themselves "中共婺源县委…"; the region follows.
_PARTY_PREFIX = ("中国共产党", "中共")
# What follows a region's name in an issuer: 人民政府, 县委, 人大常委会, 督查室 …
_ISSUER_TAIL = re.compile(r"^(?:人民政府|政府|委|人大|人民代表大会|政协|纪委|监委|党|$)")
_COUNTY_NAME = re.compile(r"^[\u4e00-\u9fff]{1,12}?(?:自治县|自治旗|林区|特区|区|县|市|旗)")


def _clean(text: str) -> str:
    cleaned = normalize(text)
    for prefix in _PARTY_PREFIX:
        if cleaned.startswith(prefix):
            return cleaned[len(prefix) :]
    return cleaned


def _warnings(form: _Form) -> tuple[str, ...]:
    if form.former:
        return (f"“{form.former}”是调整前的名称，现为{form.region.name}，已按现名记录",)
    return ()


def match_region(text: str) -> RegionMatch | None:
    """The region an issuer or a typed name starts with, with warnings; None when it names no
    county-level region, or several (then `parse_region` says which)."""
    cleaned = _clean(text)
    form, found = _match(cleaned)
    if len(found) == 1:
        return RegionMatch(found[0].region, form, _warnings(found[0]))
    if found:
        return None
    return _well_formed(cleaned, issuer=True)


def find_region(issuer: str) -> Region | None:
    """The region of an issuing authority (岳阳市云溪区人民政府办公室, 婺源县委督查办), or None when
    the issuer names no county-level region or names several."""
    found = match_region(issuer)
    return found.region if found else None


_NOT_A_COUNTY_START = frozenset("省市府州盟地县区旗")


def _well_formed(cleaned: str, *, issuer: bool) -> RegionMatch | None:
    """A known province and city (or municipality), then a county-level name not in the list."""
    province, rest = _prefix(cleaned, [(f, p.name) for p in provinces() for f in (p.name, *p.short_names)])
    if province is None:
        # A prefecture-level name alone says its province when no other province has it.
        named = [(f, c) for c in cities() for f in (c.name,) if cleaned.startswith(f)]
        if len({c.code for _, c in named}) != 1:
            return None
        province = named[0][1].province
    city, rest = _prefix(
        rest, [(f, c.name) for c in cities() if c.province == province for f in _city_forms(c)]
    )
    municipality = province.endswith("市")
    if city is None and not municipality:
        return None
    m = _COUNTY_NAME.match(rest)
    if m is None or len(m.group(0)) < 2:
        return None
    if m.group(0)[0] in _NOT_A_COUNTY_START:
        # "南昌府东湖区": a city's short form followed by a wrong suffix is a misspelt city, not
        # an unlisted county "府东湖区" (listed names such as 市中区 never reach this path).
        return None
    tail = rest[m.end() :]
    if (issuer and not _ISSUER_TAIL.match(tail)) or (not issuer and tail):
        return None
    county = m.group(0)
    if any(r.county == county and r.province == province for r in regions()):
        return None  # a listed county under the wrong city: an error, not a new region
    region = Region(province, city, county, county[-1])
    warning = f"“{region.name}”不在行政区划表（截至{LIST_DATE}）中，已按所写名称接受，请核对"
    return RegionMatch(region, cleaned[: len(cleaned) - len(tail)], (warning,))


def _prefix(text: str, forms: Iterable[tuple[str, str]]) -> tuple[str | None, str]:
    """The name behind the longest form `text` starts with, and the text after it."""
    best: tuple[str, str] | None = None
    for form, name in forms:
        if text.startswith(form) and (best is None or len(form) > len(best[0])):
            best = (form, name)
    return (best[1], text[len(best[0]) :]) if best else (None, text)


def check_region(text: str) -> RegionMatch:
    """Parse a region the user typed, with warnings; ParseError saying which part is wrong."""
    cleaned = _clean(text).removesuffix("人民政府")
    form, found = _match(cleaned)
    if found and form == cleaned:
        if len(found) > 1:
            names = "、".join(f.region.name for f in found)
            raise _error(text, f"有多个同名地区（{names}）：请加上省、市名称", "ambiguous region")
        return RegionMatch(found[0].region, form, _warnings(found[0]))
    unknown = _well_formed(cleaned, issuer=False)
    if unknown is not None:
        return unknown
    raise _error(text, _what_is_wrong(cleaned, form, found), "unknown or malformed region")


def parse_region(text: str) -> Region:
    """Parse a region the user typed (湖南省岳阳市云溪区, 婺源县); ParseError if it names no
    county-level region, several, or more than a region."""
    return check_region(text).region


def _error(text: str, detail: str, english: str) -> ParseError:
    return ParseError(f"无法识别行政区划“{text}”：{detail}", english=f"{english}: {text!r}")


_HINT = "请写到县（市、区）一级，例如“湖南省岳阳市云溪区”"


def _what_is_wrong(cleaned: str, form: str, found: tuple[_Form, ...]) -> str:
    """Which part of a typed region is wrong, in words for the user."""
    if not cleaned:
        return _HINT
    if found:
        return f"“{cleaned[len(form) :]}”不是行政区划名称；{_HINT}"
    province, rest = _prefix(cleaned, [(f, p.name) for p in provinces() for f in (p.name, *p.short_names)])
    all_cities = [(f, c) for c in cities() for f in _city_forms(c)]
    city_form, city = _longest(rest, all_cities)
    if city is not None:
        if province is not None and city.province != province:
            return f"{city.name}属于{city.province}，不属于{province}"
        rest = rest[len(city_form) :]
        if not rest:
            return f"“{city.name}”是地级行政区，{_HINT}"
    elif province is not None and not rest:
        return f"“{province}”是省级行政区，{_HINT}"
    county = _COUNTY_NAME.match(rest)
    if county is not None:
        elsewhere = [r for r in regions() if r.county == county.group(0)]
        if elsewhere:
            places = "、".join(r.name for r in elsewhere)
            within = city.name if city is not None else province
            return f"{county.group(0)}不在{within}（同名地区：{places}）"
        if city is None and province is not None:
            return f"{province}没有名为“{county.group(0)}”的地级行政区；{_HINT}"
    if province is None and city is None:
        return f"开头不是已知的省、市或县（市、区）名称；{_HINT}"
    return f"“{rest}”不是县（市、区）名称；{_HINT}"


def _longest(text: str, forms: list[tuple[str, City]]) -> tuple[str, City | None]:
    best: tuple[str, City] | None = None
    for form, city in forms:
        if text.startswith(form) and (best is None or len(form) > len(best[0])):
            best = (form, city)
    return best if best else ("", None)
