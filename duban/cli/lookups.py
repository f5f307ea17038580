"""Finding the region, unit, round or list a user names on the command line."""

from __future__ import annotations

from duban.cli.base import UserError
from duban.core.divisions import parse_region
from duban.core.errors import ParseError
from duban.supervision.models import Round, TaskList
from duban.units.models import Region, Unit
from duban.units.services import search_units


def region_option(text: str | None, *, required: bool) -> Region | None:
    """--region as given, or the only region stored; None means all regions (where allowed)."""
    if text:
        try:
            found = parse_region(text)
        except ParseError as exc:
            raise UserError(f"--region：{exc.message}", exc.log_message()) from exc
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


def one_round(ref: str) -> Round:
    """A round by its number (as `duban round list` shows it)."""
    if not (ref.isascii() and ref.isdigit()):
        raise UserError(f"轮次编号“{ref}”无效，请用 duban round list 查看编号", f"bad round id {ref!r}")
    rnd = Round.objects.select_related("task_list", "document").filter(pk=int(ref)).first()
    if rnd is None:
        raise UserError(f"没有编号为{ref}的调度轮次，请用 duban round list 查看", f"no round {ref}")
    return rnd


def one_list(ref: str) -> TaskList:
    """A task list by number or by exact title."""
    by_id = ref.isascii() and ref.isdigit()
    found = TaskList.objects.filter(pk=int(ref)) if by_id else TaskList.objects.filter(title=ref)
    task_list = found.first()
    if task_list is None:
        raise UserError(f"没有找到任务清单“{ref}”，请用 duban round list 查看", f"no task list {ref!r}")
    return task_list
