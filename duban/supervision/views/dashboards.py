"""看板: the round dashboard, a list's trends, a unit's record, and the regions below a city or a province.

Every chart is drawn from the table printed beside it (the same rows, `duban.supervision.charts`);
the pages only read, so an upper office can open a county's dashboards but writes nothing there.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from duban.errors import Forbidden
from duban.roles import Role
from duban.supervision import charts, policy
from duban.supervision.choices import ListKind, Status
from duban.supervision.dashboard import (
    comparison,
    oversees,
    region_lagging,
    region_rounds,
    regions_below,
    round_dashboard,
)
from duban.supervision.models import Round, TaskList
from duban.supervision.trends import list_trend, unit_record
from duban.supervision.views.common import actor, today
from duban.units.models import Region, Unit
from duban.units.scope import scope_of


def _require_supervision(request: HttpRequest) -> None:
    if not scope_of(request.user).sees_supervision:
        raise Forbidden("您的角色不查看督办看板", "dashboard without a supervision role")


def _year(request: HttpRequest) -> int | None:
    value = request.GET.get("year", "")
    return int(value) if value.isdigit() else None


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """The dashboards the user may open: each round, each list's trends, the own units, the regions below."""
    _require_supervision(request)
    scope = scope_of(request.user)
    rounds = list(
        Round.objects.visible_to(request.user)
        .select_related("task_list__region")
        .order_by("-as_of", "task_list__kind", "-pk")[:24]
    )
    lists = list(
        TaskList.objects.visible_to(request.user).select_related("region").order_by("-year", "region", "kind")
    )
    units = (
        list(Unit.objects.filter(pk__in=scope.unit_ids, parent__isnull=True).order_by("name"))
        if scope.role in (Role.REPORTER, Role.HEAD)
        else []
    )
    context = {
        "rounds": rounds,
        "lists": lists,
        "units": units,
        "oversees": oversees(request.user),
        "several_regions": len({r.task_list.region_id for r in rounds}) > 1,
    }
    return render(request, "supervision/dashboards.html", context)


@login_required
def round_view(request: HttpRequest, pk: int) -> HttpResponse:
    """One round at a glance: units and lights, the bulletin's numbers, lagging items, what is open."""
    _require_supervision(request)
    rnd = get_object_or_404(Round.objects.visible_to(request.user).select_related("task_list__region"), pk=pk)
    board = round_dashboard(request.user, rnd, today())
    pie = charts.share_pie([(s.label, s.key, s.count) for s in board.shares])
    units_chart = charts.stacked_bars(
        ["已全部报送", "尚有未报送"],
        [
            charts.Series("已全部报送", "completed", [len(board.submitted_units), None]),
            charts.Series("尚有未报送", "", [None, len(board.pending_units)]),
        ],
        unit="个",
    )
    context = {
        "board": board,
        "round": rnd,
        "kind": board.kind,
        "pie": pie,
        "units_chart": units_chart,
        "is_office": policy.is_office(actor(request), rnd.task_list.region_id),
    }
    return render(request, "supervision/dashboard_round.html", context)


def _share_series(keys: list[str], label: Any, rows: list[Any]) -> list[charts.Series]:
    """One stacked series per category key, a value per row (a round, a unit's round, a region)."""
    return [
        charts.Series(label(key), key, [row.share_of(key) for row in rows])
        for key in keys
        if any(row.count_of(key) for row in rows)
    ]


@login_required
def trends(request: HttpRequest, pk: int) -> HttpResponse:
    """A list across the rounds of its year: status shares, per unit, quantified progress vs time."""
    _require_supervision(request)
    task_list = get_object_or_404(TaskList.objects.visible_to(request.user).select_related("region"), pk=pk)
    trend = list_trend(request.user, task_list)
    periods = [rs.round.period for rs in trend.rounds]
    rounds_chart = charts.stacked_bars(periods, _share_series(trend.keys, trend.label, trend.rounds))

    unit_name = request.GET.get("unit", "")
    unit = next((u for u in trend.units if u.name == unit_name), trend.units[0] if trend.units else None)
    unit_chart = (
        charts.stacked_bars(periods, _share_series(trend.keys, trend.label, unit.rounds)) if unit else None
    )

    item_id = request.GET.get("item", "")
    shown = [i for i in trend.items if str(i.item.pk) == item_id] or trend.behind[:1] or trend.items[:1]
    item = shown[0] if shown else None
    year = task_list.year or (trend.rounds[-1].round.as_of.year if trend.rounds else today().year)
    item_chart = (
        charts.progress_line(
            year, [(p.round.as_of, p.completion) for p in item.points], f"第{item.item.seq}项完成进度"
        )
        if item
        else None
    )
    context = {
        "task_list": task_list,
        "trend": trend,
        "rounds_chart": rounds_chart,
        "unit": unit,
        "unit_chart": unit_chart,
        "item": item,
        "item_chart": item_chart,
        "year": year,
        "status_lagging": Status.LAGGING.value,
    }
    return render(request, "supervision/dashboard_trends.html", context)


@login_required
def unit_record_section(request: HttpRequest, pk: int) -> HttpResponse:
    """A unit's record over the year: a section of the unit page (alone for htmx, else in a page)."""
    _require_supervision(request)
    unit = get_object_or_404(Unit.objects.visible_to(request.user).select_related("region"), pk=pk)
    record = unit_record(request.user, unit, _year(request))
    names = [f"{r.round.period}·{r.round.task_list.get_kind_display()}" for r in record.rounds]
    chart = (
        charts.counts_and_line(
            names,
            [
                charts.Series("按时报送", "completed", [r.on_time for r in record.rounds]),
                charts.Series("逾期报送", "late", [r.late for r in record.rounds]),
                charts.Series("未报送", "", [r.missing for r in record.rounds]),
            ],
            charts.Series("进展滞后", "lagging", [r.lagging for r in record.rounds]),
        )
        if record.rounds
        else None
    )
    context = {"unit": unit, "record": record, "chart": chart}
    if request.headers.get("HX-Request"):
        return render(request, "supervision/_unit_record.html", context)
    return render(request, "supervision/unit_record.html", context)


@login_required
def regions(request: HttpRequest) -> HttpResponse:
    """Every region below the user's city or province on one list kind, side by side."""
    if not oversees(request.user):
        raise Forbidden("只有市、省督查室（或领导）查看各地对比", "regions view below county level")
    kind = request.GET.get("kind", ListKind.INDICATORS)
    if kind not in ListKind.values:
        kind = ListKind.INDICATORS
    found = comparison(request.user, kind, _year(request))
    chart = charts.stacked_bars(
        [row.region.county or row.region.full_name for row in found.rows],
        _share_series(found.keys, found.label, found.rows),
        horizontal=True,
    )
    overall = [
        (ListKind(k).label, k, shares, charts.share_pie([(s.label, s.key, s.count) for s in shares]))
        for k, shares in found.overall.items()
    ]
    context = {
        "found": found,
        "chart": chart,
        "overall": overall,
        "kinds": ListKind.choices,
        "height": max(240, 48 * len(found.rows) + 80),
    }
    return render(request, "supervision/dashboard_regions.html", context)


@login_required
def region(request: HttpRequest, pk: int) -> HttpResponse:
    """One region below: its rounds (each with its dashboard) and its lagging items, to read."""
    if not oversees(request.user):
        raise Forbidden("只有市、省督查室（或领导）查看下级地区", "region drill-down below county level")
    found = get_object_or_404(Region, pk=pk, pk__in=[r.pk for r in regions_below(request.user)])
    rounds = region_rounds(request.user, found)
    context = {"region": found, "rounds": rounds, "lagging": region_lagging(request.user, rounds)}
    return render(request, "supervision/dashboard_region.html", context)
