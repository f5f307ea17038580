"""Finding the region and the unit a user names on the command line."""

from __future__ import annotations

from duban.commands import UserError
from duban.core.divisions import parse_region
from duban.units.models import Region, Unit
from duban.units.services import search_units


def region_option(text: str | None, *, required: bool) -> Region | None:
    """--region as given, or the only region stored; None means all regions (where allowed)."""
    if text:
        found = parse_region(text)
        region = Region.objects.filter(
            province=found.province, city=found.city or "", county=found.county
        ).first()
        if region is None:
            raise UserError(f"没有行政区划“{text}”的数据", f"no region {text!r}")
        return region
    regions = list(Region.objects.all()[:2])
    if len(regions) == 1:
        return regions[0]
    if not regions:
        raise UserError("数据库中还没有任何数据，请先用 duban import 导入公文", "database is empty")
    if required:
        raise UserError("有多个行政区划，请用 --region 指定", "several regions: --region needed")
    return None


def one_unit(name: str, region_text: str | None) -> Unit:
    """The unit a user names (full name, short name or alias), or a UserError listing the choices."""
    region = region_option(region_text, required=False)
    units = search_units(region, name)
    if not units:
        raise UserError(f"没有找到单位“{name}”", f"no unit named {name!r}")
    if len(units) > 1:
        names = "、".join(f"{u.full_name}（{u.region}）" for u in units)
        raise UserError(
            f"“{name}”对应多个单位：{names}；请写全称或用 --region 指定", f"ambiguous unit {name!r}"
        )
    return units[0]
