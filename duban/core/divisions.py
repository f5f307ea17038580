"""Administrative divisions: which county-level region a document's issuer belongs to.

The data (duban/core/data/divisions.yaml) lists every provincial-level division and, for a few
provinces, their prefecture-level cities and county-level divisions. A name is recognised only
when it names exactly one known region: a bare county name that also exists elsewhere, or any
name not in the data, gives no region, and the caller asks the user.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from duban.core.errors import ParseError
from duban.core.units import LEVELS, normalize


@cache
def _data(filename: str) -> Any:
    text = resources.files("duban.core.data").joinpath(filename).read_text(encoding="utf-8")
    return yaml.safe_load(text)


@dataclass(frozen=True)
class Region:
    """A county-level region: 湖南省 / 岳阳市 / 云溪区, level character 区.

    `city` is None for a county directly under its province (a municipality's districts,
    省直管 cities such as 仙桃市)."""

    province: str
    city: str | None
    county: str
    level_char: str

    @property
    def name(self) -> str:
        """The full name: 湖南省岳阳市云溪区, 北京市朝阳区."""
        return self.province + (self.city or "") + self.county

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True)
class Province:
    """A provincial-level division with its short forms (湖南) and 简称 characters (湘)."""

    name: str
    short_names: tuple[str, ...]
    abbr: tuple[str, ...]


@cache
def provinces() -> tuple[Province, ...]:
    """All 34 provincial-level divisions."""
    return tuple(
        Province(p["name"], tuple(p.get("short", [])), tuple(p.get("abbr", [])))
        for p in _data("divisions.yaml")["provinces"]
    )


def find_province(name: str) -> str | None:
    """The full name of a province written in full or short (湖南 → 湖南省), or None."""
    text = normalize(name)
    for province in provinces():
        if text == province.name or text in province.short_names:
            return province.name
    return None


def _level_char(county: str) -> str:
    # 区, 县 (自治县), 市 (县级市), 旗: the last character says how the region names itself.
    level = county[-1]
    if level not in LEVELS:
        raise ValueError(f"county-level name {county!r} does not end in one of {LEVELS}")
    return level


@cache
def regions() -> tuple[Region, ...]:
    """Every county-level region in the data."""
    found: list[Region] = []
    for province, body in _data("divisions.yaml")["regions"].items():
        for city in body.get("cities", []):
            found.extend(Region(province, city["name"], c, _level_char(c)) for c in city["counties"])
        found.extend(Region(province, None, c, _level_char(c)) for c in body.get("counties", []))
    return tuple(found)


@cache
def _city_short_names() -> dict[str, tuple[str, ...]]:
    shorts: dict[str, tuple[str, ...]] = {}
    for body in _data("divisions.yaml")["regions"].values():
        for city in body.get("cities", []):
            name = city["name"]
            derived = [name[:-1]] if name.endswith("市") and len(name) >= 3 else []
            shorts[name] = tuple(derived + list(city.get("short", [])))
    return shorts


_AMBIGUOUS = Region("", None, "", "")  # marks a bare name that also exists outside the data


@cache
def _forms() -> dict[str, tuple[Region, ...]]:
    """Every way of writing each region: [province][city]county, in full or short."""
    by_province = {p.name: p for p in provinces()}
    forms: dict[str, list[Region]] = {}
    for region in regions():
        province = by_province[region.province]
        province_forms = ["", province.name, *province.short_names]
        city_forms = [""]
        if region.city:
            city_forms += [region.city, *_city_short_names()[region.city]]
        for p in province_forms:
            for c in city_forms:
                bucket = forms.setdefault(p + c + region.county, [])
                if region not in bucket:
                    bucket.append(region)
    for county in _data("divisions.yaml").get("elsewhere", []):
        forms.setdefault(county, []).append(_AMBIGUOUS)
    return {form: tuple(found) for form, found in forms.items()}


def _match(text: str) -> tuple[str, tuple[Region, ...]]:
    """The longest known region form that `text` starts with, and the regions it names."""
    forms = _forms()
    for end in range(len(text), 0, -1):
        found = forms.get(text[:end])
        if found:
            return text[:end], found
    return "", ()


def find_region(issuer: str) -> Region | None:
    """The region of an issuing authority (岳阳市云溪区人民政府办公室), or None when the issuer
    names no known county-level region or names several."""
    _, found = _match(normalize(issuer))
    if len(found) == 1 and found[0] is not _AMBIGUOUS:
        return found[0]
    return None


def parse_region(text: str) -> Region:
    """Parse a region the user typed (湖南省岳阳市云溪区, 岳阳市云溪区); ParseError if it names
    no known county-level region, several, or more than a region."""
    cleaned = normalize(text).removesuffix("人民政府")
    form, found = _match(cleaned)
    real = [r for r in found if r is not _AMBIGUOUS]
    if not real or form != cleaned:
        raise ParseError(
            f"无法识别行政区划“{text}”：请写到县（市、区）一级，例如“湖南省岳阳市云溪区”",
            english=f"unknown county-level region {text!r}",
        )
    if len(found) > 1:
        others = ["其他省份的同名地区"] if len(real) < len(found) else []
        raise ParseError(
            f"行政区划“{text}”有多个同名地区（{'、'.join([r.name for r in real] + others)}）：请加上省、市名称",
            english=f"ambiguous region {text!r}: {[r.name for r in real]}",
        )
    return real[0]
