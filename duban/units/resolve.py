"""Resolving names in documents to the units of a region's directory, seeding it on first use."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q

from duban.core.divisions import check_region, match_region
from duban.core.errors import ParseError
from duban.core.units import Directory, UnitSpec, builtin_units, group_reference, split_org, town_kind
from duban.errors import InvalidInput
from duban.units.choices import AliasKind, GroupRule, UnitKind
from duban.units.models import Region, Unit, UnitAlias, UnitGroup


class RegionUnknown(InvalidInput):
    """The region cannot be told from the issuer (or the name given is not one); the user must name it."""

    def __init__(self, name: str, reason: str = "") -> None:
        message = (
            reason or f"无法从发文机关“{name}”判断所属行政区划，请指定行政区划（如：湖南省岳阳市云溪区）"
        )
        super().__init__(message, f"region unknown for {name!r}")
        self.name = name


def region_for(issuer: str, explicit: str | None = None) -> tuple[Region, list[str]]:
    """The region of a document — the one the user names first, else the issuer's — with what to check.

    Any county-level region of the national list imports; a well-formed name that is not in the
    list, or a former name, is accepted with a warning for the office.
    """
    try:
        match = check_region(explicit) if explicit else match_region(issuer)
    except ParseError as exc:
        raise RegionUnknown(explicit or issuer, exc.message) from exc
    if match is None:
        raise RegionUnknown(explicit or issuer)
    found = match.region
    region, _ = Region.objects.get_or_create(
        province=found.province,
        city=found.city or "",
        county=found.county,
        defaults={"level": found.level_char},
    )
    ensure_directory(region)
    return region, list(match.warnings)


def ensure_directory(region: Region) -> None:
    """Seed the region with the built-in directory of county-level bodies, once."""
    if Unit.objects.filter(region=region).exclude(builtin_key="").exists():
        return
    specs = builtin_units(region.level)
    with transaction.atomic():
        by_key: dict[str, Unit] = {}
        for spec in specs:
            unit = Unit.objects.create(
                region=region,
                name=spec.name,
                kind=UnitKind.of(spec.kind),
                builtin_key=spec.key,
            )
            by_key[spec.key] = unit
            UnitAlias.objects.bulk_create(
                [UnitAlias(unit=unit, name=n, kind=AliasKind.SHORT) for n in dict.fromkeys(spec.short_names)]
                + [UnitAlias(unit=unit, name=n, kind=AliasKind.ALIAS) for n in dict.fromkeys(spec.aliases)]
                + [
                    UnitAlias(unit=unit, name=n, kind=AliasKind.LOOSE)
                    for n in dict.fromkeys(spec.loose_names)
                ],
                ignore_conflicts=True,
            )
        for spec in specs:
            if spec.parent and spec.parent in by_key:
                Unit.objects.filter(pk=by_key[spec.key].pk).update(parent=by_key[spec.parent])


def directory_for(region: Region) -> Directory:
    """The core's resolver over the region's top-level, unmerged units (key = primary key)."""
    return directory_and_units(region)[0]


def directory_and_units(region: Region) -> tuple[Directory, dict[int, Unit]]:
    """The region's directory, and the units it names by primary key (read in the same queries)."""
    aliases: dict[int, list[tuple[str, str]]] = {}
    for unit_id, name, kind in UnitAlias.objects.filter(unit__region=region).values_list(
        "unit_id", "name", "kind"
    ):
        aliases.setdefault(unit_id, []).append((name, kind))
    specs = []
    found: dict[int, Unit] = {}
    # Top-level units, and built-in sub-units (区疾病预防控制中心 under 区卫生健康局), which documents
    # cite by their own full names; sub-units met inside posts are reached through split_org.
    units = Unit.objects.filter(region=region, merged_into__isnull=True).filter(
        Q(parent__isnull=True) | ~Q(builtin_key="")
    )
    for unit in units:
        found[unit.pk] = unit
        names = aliases.get(unit.pk, [])
        specs.append(
            UnitSpec(
                key=str(unit.pk),
                name=unit.name,
                kind=UnitKind(unit.kind).core().value,
                short_names=[n for n, k in names if k == AliasKind.SHORT],
                aliases=[n for n, k in names if k in (AliasKind.ALIAS, AliasKind.FORMER)],
                loose_names=[n for n, k in names if k == AliasKind.LOOSE],
                parent=None,
            )
        )
    # Units merged into another are found under their old names.
    by_key = {spec.key: spec for spec in specs}
    for old in Unit.objects.filter(region=region, merged_into__isnull=False).select_related("merged_into"):
        target = by_key.get(str(old.canonical().pk))
        if target is not None:
            target.aliases.append(old.name)
    return Directory(specs, level=region.level), found


@dataclass
class Resolved:
    """The outcome of resolving a name: the unit, and whether the office must look at it."""

    unit: Unit
    status: str  # exact / rule / town / park / created / ambiguous
    note: str = ""


class Resolver:
    """Resolves names to units of one region, creating flagged units for unknown names.

    Keeps one Directory for a whole import and refreshes it when it creates a unit; a name once
    resolved, a sub-unit once found and a group once stored are remembered for the import, so a
    document citing 区卫健局 forty times looks it up once.
    """

    def __init__(self, region: Region) -> None:
        self.region = region
        self._directory: Directory | None = None
        self._units: dict[int, Unit] = {}
        self._names: dict[str, Resolved] = {}
        self._children: dict[tuple[int, str], Unit] = {}
        self._groups: dict[str, UnitGroup | None] = {}

    @property
    def directory(self) -> Directory:
        if self._directory is None:
            self._directory, self._units = directory_and_units(self.region)
        return self._directory

    def _created(self, unit: Unit | None = None, aliases: tuple[str, ...] = ()) -> None:
        """A unit was created (or given a name): the directory learns it, without reading it all again."""
        if unit is None or self._directory is None:
            self._directory = None  # read again on next use
            return
        self._units[unit.pk] = unit
        self._directory.add(
            UnitSpec(
                key=str(unit.pk),
                name=unit.name,
                kind=UnitKind(unit.kind).core().value,
                short_names=[],
                aliases=list(aliases),
                loose_names=[],
                parent=None,
            )
        )

    def unit(self, name: str) -> Resolved:
        """One unit name as written (区人社局, 公安分局, 陆城镇 …) → a unit of the region."""
        name = _clean(name)
        if name not in self._names:
            self._names[name] = self._resolve(name)
        return self._names[name]

    def _resolve(self, name: str) -> Resolved:
        res = self.directory.resolve(name)
        if res.status in ("exact", "rule") and res.unit is not None:
            pk = int(res.unit.key)
            unit = self._units.get(pk) or Unit.objects.get(pk=pk)
            return Resolved(unit.canonical(), res.status)
        if res.status == "ambiguous":
            choices = "、".join(c.name for c in res.candidates)
            return self._flagged(name, f"简称有歧义，可能是：{choices}；请核实后合并到正确单位", "ambiguous")
        kind = town_kind(name)
        if kind:
            return self._town(name, kind)
        park = _park_key(name, self.region)
        if park:
            return self._park(name, park)
        return self._flagged(name, "文件中出现的单位名称未在单位目录中找到，已新建，请核实", "created")

    def org_chain(self, org: str) -> Resolved:
        """A possibly nested org (区市场监督管理局云溪市场监督管理所) → the innermost unit."""
        chain = split_org(org, self.directory) or [org]
        top = self.unit(chain[0])
        unit = top.unit
        for part in chain[1:]:
            key = (unit.pk, part)
            if key not in self._children:
                self._children[key], _ = Unit.objects.get_or_create(
                    region=self.region, parent=unit, name=part, defaults={"kind": UnitKind.SUBUNIT}
                )
            unit = self._children[key]
        return Resolved(unit, top.status, top.note)

    def group(self, name: str) -> UnitGroup | None:
        """A group reference (各镇（街道）…) → its stored group, or None when the name is not one."""
        ref = group_reference(_clean(name), self.region.level)
        if ref is None:
            return None
        if ref.name not in self._groups:
            # Keyed by the canonical phrase: 各镇街道 and 各乡镇 are the one group 各镇（街道）.
            self._groups[ref.name], _ = UnitGroup.objects.get_or_create(
                region=self.region, name=ref.name, defaults={"rule": GroupRule(ref.rule)}
            )
        return self._groups[ref.name]

    def _town(self, name: str, kind: str) -> Resolved:
        base = re.sub(r"办事处$", "", name)
        unit_kind = UnitKind.of(kind)
        unit = Unit.objects.filter(region=self.region, parent__isnull=True, name=base).first()
        if unit is None:
            unit = Unit.objects.create(region=self.region, name=base, kind=unit_kind)
            aliases: tuple[str, ...] = ()
            if base.endswith("街道"):
                UnitAlias.objects.get_or_create(
                    unit=unit, name=base + "办事处", defaults={"kind": AliasKind.ALIAS}
                )
                aliases = (base + "办事处",)
            self._created(unit, aliases)
        return Resolved(unit.canonical(), "town")

    def _park(self, name: str, key: str) -> Resolved:
        for unit in Unit.objects.filter(region=self.region, kind=UnitKind.PARK, merged_into__isnull=True):
            if _park_key(unit.name, self.region) == key:
                UnitAlias.objects.get_or_create(unit=unit, name=name, defaults={"kind": AliasKind.ALIAS})
                self._created()
                return Resolved(unit, "park")
        unit = Unit.objects.create(region=self.region, name=name, kind=UnitKind.PARK)
        self._created(unit)
        return Resolved(unit, "park")

    def _flagged(self, name: str, note: str, status: str) -> Resolved:
        unit = Unit.objects.filter(region=self.region, parent__isnull=True, name=name).first()
        if unit is None:
            unit = Unit.objects.create(
                region=self.region, name=name, kind=UnitKind.OTHER, needs_review=True, review_note=note
            )
            self._created(unit)
        return Resolved(unit.canonical(), status, unit.review_note if unit.needs_review else "")


def _clean(name: str) -> str:
    return re.sub(r"\s+", "", name)


_PARK_RE = re.compile(
    r"(高新技术产业开发区|高新技术开发区|高新区|经济技术开发区|经开区|工业园区|产业园区|开发区|园区)"
)


def _park_key(name: str, region: Region) -> str | None:
    """A comparable key for park names: 湖南岳阳绿色化工高新技术产业开发区 ~ 绿色化工高新区(管委会).

    Province and city short names in front, and 管委会 behind, are dropped; the park-type word is
    reduced to its short form. Only the distinctive middle (绿色化工) must match.
    """
    m = _PARK_RE.search(name)
    if not m or m.start() == 0:
        return None
    core = name[: m.start()]
    for prefix in _short_names(region):
        if core.startswith(prefix) and len(core) > len(prefix):
            core = core[len(prefix) :]
    kind = {"高新技术产业开发区": "高新区", "高新技术开发区": "高新区", "经济技术开发区": "经开区"}.get(
        m[1], m[1]
    )
    return core + kind if core else None


def _short_names(region: Region) -> list[str]:
    """湖南省 → 湖南, 岳阳市 → 岳阳, 云溪区 → 云溪: the prefixes a park's full name may carry, in order."""
    names = []
    for full in (region.province, region.city, region.county):
        short = re.sub(
            r"(省|市|自治区|壮族自治区|回族自治区|维吾尔自治区|特别行政区|区|县|自治州|地区|盟)$", "", full
        )
        if short:
            names.append(short)
    return names
