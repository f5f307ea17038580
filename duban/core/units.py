"""Units of a county-level government: the built-in directory, name resolution, nested orgs,
towns and parks met in documents, and group references (各镇（街道）, 各相关单位 …).

Resolution is deliberately strict: a name resolves when it is a known full name, short form or
alias ("exact"), or becomes one under a small set of careful rules ("rule"). Several candidates
are reported as "ambiguous" and anything else as "unknown" — substring or fuzzy matches never
resolve, because attaching a task or a post to the wrong unit is worse than asking the office.

The resolution logic works over a `Directory` built from `UnitSpec` records, so a database-backed
directory reuses it by building the records from its tables.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from importlib import resources
from typing import Any

import yaml

from duban.core.errors import ParseError

LEVELS = ("区", "县", "市", "旗")


class UnitKind(StrEnum):
    """What a unit is. The values are the kinds' Chinese names as a 市辖区 writes them; they are
    level-neutral codes (区直单位 also stands for a 县's 县直单位): `label(level)` gives the name
    for a region's level."""

    DEPARTMENT = "区直单位"
    TOWN = "镇"
    TOWNSHIP = "乡"
    SUBDISTRICT = "街道"
    PARK = "园区管委会"
    STATIONED = "驻区单位"
    STATE_ENTERPRISE = "国有企业"
    SUBUNIT = "内设/下属机构"
    MASS_ORG = "群团组织"
    OTHER = "其他"

    def label(self, level: str = "区") -> str:
        """The kind's Chinese name for the level: 区直单位 in a 市辖区, 县直单位 in a 县."""
        if self is UnitKind.DEPARTMENT:
            return f"{level}直单位"
        if self is UnitKind.STATIONED:
            return f"驻{level}单位"
        return str(self)


@dataclass
class UnitSpec:
    """One unit as the resolver sees it: names it answers to, its kind and its parent's key.

    `loose_names` are names people also use for this unit but that another unit may share
    (区城管局 for 区城市管理和综合执法局): they make the unit a candidate, never a sure match.
    """

    key: str
    name: str
    kind: str  # a UnitKind value: 区直单位, 镇, 街道, 驻区单位 …
    short_names: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    parent: str | None = None
    loose_names: list[str] = field(default_factory=list)

    def names(self) -> list[str]:
        """The full name, then the short forms, then the aliases."""
        return [self.name, *self.short_names, *self.aliases]


# --- normalisation --------------------------------------------------------------------------

# Whitespace (a name broken over lines in a table cell), zero-width marks and quotation marks
# carry no meaning in a unit name: drop them. Brackets are made full-width because official
# documents (GB/T 9704) write 各镇（街道） that way, so stored names keep their printed form.
_DROP = " \t\r\n\v\f\u3000\u00a0\u200b\u200c\u200d\u2060\ufeff「」『』“”‘’\"'《》〈〉"
_TABLE: dict[int, str | None] = {ord(c): None for c in _DROP}
_TABLE.update({ord("("): "（", ord(")"): "）"})
# Full-width letters and digits (ＡＢＣ１２) become ASCII.
_TABLE.update({c: chr(c - 0xFEE0) for c in range(ord("！"), ord("～") + 1) if chr(c - 0xFEE0).isalnum()})
_EDGE_PUNCTUATION = "、，,；;。.：:"


def normalize(name: str) -> str:
    """Canonical form of a unit name for matching: no whitespace, no quotation marks,
    full-width brackets （）, ASCII letters and digits, no list punctuation at either end."""
    return name.translate(_TABLE).strip(_EDGE_PUNCTUATION)


def check_level(level: str) -> str:
    """Return `level` if it is a level character (区, 县, 市, 旗), else raise ParseError."""
    if level not in LEVELS:
        raise ParseError(
            f"不支持的行政级别“{level}”：应为区、县、市或旗",
            english=f"unsupported level character {level!r}: expected one of {LEVELS}",
        )
    return level


# --- the built-in directory -----------------------------------------------------------------


@cache
def _data(filename: str) -> Any:
    text = resources.files("duban.core.data").joinpath(filename).read_text(encoding="utf-8")
    return yaml.safe_load(text)


def _fill(template: str, level: str) -> str:
    return template.replace("{L}", level)


def builtin_units(level: str = "区") -> list[UnitSpec]:
    """The usual bodies of a county-level government, named for the level character."""
    check_level(level)
    units = []
    for entry in _data("units.yaml")["units"]:
        if level not in entry.get("levels", LEVELS):
            continue
        units.append(
            UnitSpec(
                key=entry["key"],
                name=_fill(entry["name"], level),
                kind=str(UnitKind[entry["kind"].upper()]),
                short_names=[_fill(n, level) for n in entry.get("short", [])],
                aliases=[_fill(n, level) for n in entry.get("aliases", [])],
                parent=entry.get("parent"),
                loose_names=[_fill(n, level) for n in entry.get("loose", [])],
            )
        )
    return units


# --- resolution -----------------------------------------------------------------------------


class ResolutionStatus(StrEnum):
    """How a name matched the directory."""

    EXACT = "exact"
    RULE = "rule"
    AMBIGUOUS = "ambiguous"
    UNKNOWN = "unknown"


@dataclass
class Resolution:
    """The outcome of `Directory.resolve`: `unit` is set for exact and rule matches only."""

    query: str
    status: ResolutionStatus
    unit: UnitSpec | None = None
    candidates: list[UnitSpec] = field(default_factory=list)
    rule: str = ""  # for status rule: add_prefix / remove_prefix / suffix / loose_name, joined by +

    @property
    def ok(self) -> bool:
        """True when the name names exactly one unit."""
        return self.unit is not None


# A suffix written in full or contracted names the same body: 区优化办公室 = 区优化办,
# 区X委员会 = 区X委. 局 has no such partner: 发改局 and 发改委 are not the same word, and where a
# 委 became a 局 in a reform the data says so with an alias (区发改委 → 区发展和改革局).
_SUFFIX_FORMS = (("办公室", "办"), ("办", "办公室"), ("委员会", "委"), ("委", "委员会"))


class Directory:
    """A set of units of one region and the strict resolver over their names."""

    def __init__(self, units: Iterable[UnitSpec], level: str = "区") -> None:
        self.level = check_level(level)
        self._units: dict[str, UnitSpec] = {}
        self._exact: dict[str, list[UnitSpec]] = {}
        self._loose: dict[str, list[UnitSpec]] = {}
        self._heads: dict[str, list[str]] = {}  # first character → known names, longest first
        for unit in units:
            self.add(unit)

    @classmethod
    def builtin(cls, level: str = "区") -> Directory:
        """A directory of the built-in units for the level character."""
        return cls(builtin_units(level), level)

    def add(self, unit: UnitSpec) -> None:
        """Add a unit (a town or park met in a document, say). Keys must be unique."""
        if unit.key in self._units:
            raise ValueError(f"duplicate unit key {unit.key!r}")
        self._units[unit.key] = unit
        for index, names in ((self._exact, unit.names()), (self._loose, unit.loose_names)):
            for raw in names:
                name = normalize(raw)
                if not name:
                    continue
                bucket = index.setdefault(name, [])
                if unit not in bucket:
                    bucket.append(unit)
                self._add_head(name)
                # Inside a nested org the sub-unit is written bare: 区数据局政务服务中心.
                if name.startswith(self.level) and len(name) > 2:
                    self._add_head(name[1:])

    def _add_head(self, name: str) -> None:
        heads = self._heads.setdefault(name[0], [])
        if name not in heads:
            heads.append(name)
            heads.sort(key=len, reverse=True)

    def __iter__(self) -> Iterator[UnitSpec]:
        return iter(self._units.values())

    def __len__(self) -> int:
        return len(self._units)

    def __contains__(self, key: object) -> bool:
        return key in self._units

    def get(self, key: str) -> UnitSpec | None:
        """The unit with this key, or None."""
        return self._units.get(key)

    def resolve(self, name: str) -> Resolution:
        """Resolve a unit name as written: exact, by a careful rule, ambiguous or unknown."""
        query = normalize(name)
        if not query:
            return Resolution(query, ResolutionStatus.UNKNOWN)
        exact, loose = self._lookup(query)
        if exact or loose:
            return _verdict(query, exact, loose, ResolutionStatus.EXACT, [])
        exact, loose = [], []
        rules: list[str] = []
        for variant, rule in self._variants(query):
            found, maybe = self._lookup(variant)
            if found or maybe:
                _extend(exact, found)
                _extend(loose, maybe)
                rules.append(rule)
        if not exact and not loose:
            return Resolution(query, ResolutionStatus.UNKNOWN)
        return _verdict(query, exact, loose, ResolutionStatus.RULE, rules)

    def _lookup(self, name: str) -> tuple[list[UnitSpec], list[UnitSpec]]:
        return list(self._exact.get(name, [])), list(self._loose.get(name, []))

    def _variants(self, query: str) -> Iterator[tuple[str, str]]:
        bases = [(query, "")]
        # Never swap one level for another: 县发改局 in a 区 is somebody else's bureau.
        bases.append((self.level + query, "add_prefix"))
        if query.startswith(self.level) and len(query) > 2:
            bases.append((query[1:], "remove_prefix"))
        for base, rule in bases:
            if rule:
                yield base, rule
            for long, short in _SUFFIX_FORMS:
                if base.endswith(long) and len(base) > len(long) + 1:
                    yield base[: -len(long)] + short, "+".join(r for r in (rule, "suffix") if r)

    def heads(self, text: str) -> list[str]:
        """Known unit names that `text` starts with, longest first (bare forms included)."""
        return [h for h in self._heads.get(text[:1], []) if text.startswith(h)]

    def group_reference(self, name: str) -> GroupRef | None:
        """The group phrase `name` stands for, at this directory's level."""
        return group_reference(name, self.level)


def _extend(target: list[UnitSpec], units: list[UnitSpec]) -> None:
    for unit in units:
        if unit not in target:
            target.append(unit)


def _verdict(
    query: str, exact: list[UnitSpec], loose: list[UnitSpec], status: ResolutionStatus, rules: list[str]
) -> Resolution:
    candidates = list(exact)
    _extend(candidates, loose)
    if len(candidates) > 1:
        return Resolution(query, ResolutionStatus.AMBIGUOUS, candidates=candidates)
    if not exact:
        # Only a loose name matched: one candidate, but by a weaker rule than a real name.
        status = ResolutionStatus.RULE
        rules = [*rules, "loose_name"]
    rule = "+".join(dict.fromkeys(r for r in rules if r)) if status is ResolutionStatus.RULE else ""
    return Resolution(query, status, candidates[0], candidates, rule)


# --- nested orgs ----------------------------------------------------------------------------

# A head must not end in the middle of a word: 区政府办|公室, 长岭街道办|事处.
_CONTINUATIONS = {"办": ("公室", "事处"), "委": ("员会",)}


def split_org(org: str, directory: Directory) -> list[str]:
    """Split a nested org into its chain of units, outermost first, longest known name first:
    区市场监督管理局云溪市场监督管理所 → [区市场监督管理局, 云溪市场监督管理所]."""
    text = normalize(org)
    chain: list[str] = []
    while text:
        if directory.resolve(text).status is not ResolutionStatus.UNKNOWN or local_unit(text):
            chain.append(text)
            break
        head = _known_head(text, directory) or _local_head(text, directory.level)
        if head is None:
            chain.append(text)
            break
        chain.append(head)
        text = text[len(head) :]
    return chain


def _known_head(text: str, directory: Directory) -> str | None:
    for head in directory.heads(text):
        rest = text[len(head) :]
        if len(rest) < 2 or rest.startswith(_CONTINUATIONS.get(head[-1], ())):
            continue
        return head
    return None


def _local_head(text: str, level: str) -> str | None:
    if text.startswith(level):  # 区城镇化… is a department's name, not a town's
        return None
    for pattern in (_TOWN_HEAD, _PARK_HEAD):
        match = pattern.match(text)
        if match and _plausible_local(match) and len(text) - match.end() >= 2:
            return match.group(0)
    return None


# --- towns and parks (region-specific: created by the caller when met) ---------------------

_HAN = r"[\u4e00-\u9fff]"
_TOWN_WHOLE = re.compile(
    rf"(?P<base>{_HAN}{{1,10}}?)(?P<kind>街道|镇|乡)(?P<suffix>办事处|办|人民政府|政府)?"
)
_TOWN_HEAD = re.compile(rf"(?P<base>{_HAN}{{2,8}}?)(?P<kind>街道|镇|乡)(?P<suffix>办事处|人民政府)?")
_PARK_KINDS = "高新技术产业开发区|经济技术开发区|经济开发区|产业开发区|工业集中区|高新区|经开区|开发区|工业园区|产业园区|工业园|产业园"
_PARK_WHOLE = re.compile(rf"(?P<base>{_HAN}{{2,30}}?)(?P<kind>{_PARK_KINDS})(?P<suffix>管理委员会|管委会)?")
_PARK_HEAD = _PARK_WHOLE
# Characters that never occur in the proper name of a town or park but do in departments and
# group phrases (各乡镇, 住房和城乡建设局, 区直各单位).
_NOT_IN_BASE = set("各、，,（）()和局委办所院队部室处直")
_TOWN_KINDS = {"镇": UnitKind.TOWN, "乡": UnitKind.TOWNSHIP, "街道": UnitKind.SUBDISTRICT}
_TOWN_SUFFIXES = {"街道": ("办事处", "办"), "镇": ("人民政府", "政府"), "乡": ("人民政府", "政府")}


def _plausible_local(match: re.Match[str]) -> bool:
    base, kind, suffix = match.group("base"), match.group("kind"), match.group("suffix")
    if _NOT_IN_BASE & set(base):
        return False
    if kind == "乡":
        # 城乡 and 乡村 are words of departments' names (城乡建设, 乡村振兴), not townships.
        rest = match.string[match.end("kind") :]
        if base.endswith("城") or rest.startswith("村"):
            return False
    return not (suffix and kind in _TOWN_SUFFIXES and suffix not in _TOWN_SUFFIXES[kind])


def town_unit(name: str) -> UnitSpec | None:
    """A unit for a 镇, 乡 or 街道 named as a whole (陆城镇, 长岭街道办事处), or None."""
    match = _TOWN_WHOLE.fullmatch(normalize(name))
    if not match or not _plausible_local(match):
        return None
    kind = match.group("kind")
    canonical = match.group("base") + kind
    return UnitSpec(
        key=canonical,
        name=canonical,
        kind=str(_TOWN_KINDS[kind]),
        aliases=[canonical + s for s in _TOWN_SUFFIXES[kind]],
    )


def town_kind(name: str) -> UnitKind | None:
    """镇 (town), 乡 (township) or 街道 (subdistrict) for a town's name, else None."""
    unit = town_unit(name)
    return UnitKind(unit.kind) if unit else None


def park_unit(name: str) -> UnitSpec | None:
    """A unit for an industrial park named as a whole (XX高新区, XX经济开发区管委会), or None."""
    match = _PARK_WHOLE.fullmatch(normalize(name))
    if not match or not _plausible_local(match):
        return None
    canonical = match.group("base") + match.group("kind")
    return UnitSpec(
        key=canonical,
        name=canonical,
        kind=str(UnitKind.PARK),
        aliases=[canonical + "管委会", canonical + "管理委员会"],
    )


def local_unit(name: str) -> UnitSpec | None:
    """A town or park unit for a region-specific name, or None."""
    return town_unit(name) or park_unit(name)


# --- group references -----------------------------------------------------------------------


@dataclass(frozen=True)
class GroupRef:
    """A phrase standing for a set of units. `rule` says how to expand it:
    towns (every 镇, 乡 and 街道), livelihood_leads (lead units of the 民生实事 items, resolved by
    the caller) or named (a group whose membership the office sets)."""

    key: str
    name: str
    rule: str
    phrase: str


@cache
def _groups(level: str) -> dict[str, tuple[str, str, str]]:
    phrases: dict[str, tuple[str, str, str]] = {}
    for entry in _data("units.yaml")["groups"]:
        target = (entry["key"], _fill(entry["name"], level), entry["rule"])
        for phrase in entry["phrases"]:
            phrases[normalize(_fill(phrase, level))] = target
    return phrases


def group_reference(name: str, level: str = "区") -> GroupRef | None:
    """The group a phrase such as 各镇（街道） or 区直各指标牵头单位 stands for, or None."""
    phrase = normalize(name)
    found = _groups(check_level(level)).get(phrase)
    if found is None:
        return None
    key, canonical, rule = found
    return GroupRef(key, canonical, rule, phrase)
