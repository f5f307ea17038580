"""The unit directory in the browser: every unit, and everything a unit answers for.

The unit page shows the directory's own record (names, aliases, sub-units, merges, renamings)
and the office's corrections. What other apps know of the unit — the items it leads or co-leads,
its current leaders — comes from those apps as sections loaded by URL name: the directory is the
floor the other apps stand on and never imports them.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from duban.actors import Actor
from duban.errors import DomainError, Forbidden, InvalidInput
from duban.roles import Role
from duban.units import policy
from duban.units.forms import DirectorySearchForm, MergeForm, RenameForm
from duban.units.models import Unit, UnitAlias
from duban.units.scope import scope_of
from duban.units.services import merge_units, record_renaming


def _query_string(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


@login_required
def directory(request: HttpRequest) -> HttpResponse:
    """Every unit the user may see, searchable by any of its names; 待核实 units flagged for the office."""
    form = DirectorySearchForm(request.GET or None)
    data: dict[str, Any] = form.cleaned_data if form.is_valid() else {}
    visible = Unit.objects.visible_to(request.user)
    units = visible if data.get("merged") else visible.active()
    q = (data.get("q") or "").strip()
    if q:
        named = UnitAlias.objects.filter(name__contains=q).values("unit_id")
        units = units.filter(Q(name__contains=q) | Q(pk__in=named))
    if data.get("kind"):
        units = units.filter(kind=data["kind"])
    if data.get("flagged"):
        units = units.filter(needs_review=True)
    units = (
        units.select_related("region", "parent__parent", "merged_into__parent")
        .prefetch_related("aliases")
        # Sub-units right after their parent, as their full names read.
        .annotate(root=Coalesce("parent__name", "name"))
        .order_by("region", "root", F("parent_id").asc(nulls_first=True), "name", "pk")
    )
    page = Paginator(units, 50).get_page(request.GET.get("page"))
    scope = scope_of(request.user)
    flagged = visible.active().needing_review().count() if scope.role == Role.OFFICE else 0
    context = {
        "form": form,
        "page": page,
        "query": _query_string(request),
        "flagged_count": flagged,
        "several_regions": visible.values("region_id").distinct().count() > 1,
    }
    return render(request, "units/directory.html", context)


def _unit(request: HttpRequest, pk: int) -> Unit:
    return get_object_or_404(
        Unit.objects.visible_to(request.user).select_related("region", "parent__parent", "merged_into"), pk=pk
    )


def _correctable(request: HttpRequest, pk: int) -> tuple[Unit, Actor]:
    """The unit to correct and the actor, who must be allowed to; a merged unit is corrected no more."""
    found = _unit(request, pk)
    actor = Actor.from_request(request)
    policy.require_directory(actor, found.region_id)
    if found.merged_into is not None:
        raise InvalidInput(
            f"“{found.full_name}”已并入“{found.merged_into.full_name}”，请在那个单位的页面上更正",
            f"unit {found.pk} is merged into {found.merged_into_id}",
        )
    return found, actor


@login_required
def unit(request: HttpRequest, pk: int) -> HttpResponse:
    """One unit: its names and structure, its responsibilities and leaders, and the office's corrections."""
    found = _unit(request, pk)
    return _unit_page(request, found)


def _unit_page(
    request: HttpRequest,
    found: Unit,
    merge: MergeForm | None = None,
    rename: RenameForm | None = None,
    status: int = 200,
) -> HttpResponse:
    scope = scope_of(request.user)
    may_correct = policy.may_edit_directory(Actor.from_request(request), found.region_id)
    units = Unit.objects.visible_to(request.user)
    if may_correct and found.merged_into_id is None:
        merge = merge or MergeForm(unit=found, units=units, prefix="merge")
        rename = rename or RenameForm(unit=found, units=units, prefix="rename")
    else:
        merge = rename = None
    context = {
        "unit": found,
        "aliases": list(found.aliases.order_by("kind", "name")),
        "children": list(found.children.select_related("parent").order_by("name")),
        "merged_from": list(found.merged_from.order_by("name")),
        "renamed_to": list(found.renamed_to.select_related("new__parent").order_by("on", "pk")),
        "renamed_from": list(found.renamed_from.select_related("old__parent").order_by("on", "pk")),
        "sees_items": scope.sees_supervision,
        "sees_leaders": scope.sees_supervision and scope.role in (Role.OFFICE, Role.LEADER),
        "merge_form": merge,
        "rename_form": rename,
    }
    return render(request, "units/unit.html", context, status=status)


@login_required
@require_POST
def merge(request: HttpRequest, pk: int) -> HttpResponse:
    """Merge the unit into another: chosen on the unit page, confirmed on its own page."""
    found, actor = _correctable(request, pk)
    form = MergeForm(request.POST, unit=found, units=Unit.objects.visible_to(request.user), prefix="merge")
    if not form.is_valid():
        return _unit_page(request, found, merge=form, status=400)
    target = form.cleaned_data["target"]
    if not form.cleaned_data["confirmed"]:
        context = {
            "unit": found,
            "target": target,
            "form": form,
            "aliases": list(found.aliases.order_by("name")),
            "children": list(found.children.order_by("name")),
        }
        return render(request, "units/confirm_merge.html", context)
    try:
        merge_units(actor, found, target)
    except Forbidden:
        raise
    except DomainError as exc:
        form.add_error(None, exc.message)
        return _unit_page(request, found, merge=form, status=exc.status)
    messages.success(request, f"已将“{found.full_name}”并入“{target.full_name}”，原有记录全部保留")
    return redirect("units:unit", pk=target.pk)


@login_required
@require_POST
def rename(request: HttpRequest, pk: int) -> HttpResponse:
    """Record that the unit was renamed or reorganised into another: chosen, then confirmed."""
    found, actor = _correctable(request, pk)
    form = RenameForm(request.POST, unit=found, units=Unit.objects.visible_to(request.user), prefix="rename")
    if not form.is_valid():
        return _unit_page(request, found, rename=form, status=400)
    new = form.cleaned_data["new"]
    if not form.cleaned_data["confirmed"]:
        return render(request, "units/confirm_rename.html", {"unit": found, "new": new, "form": form})
    try:
        record_renaming(actor, found, new, on=form.cleaned_data["on"], note=form.cleaned_data["note"])
    except Forbidden:
        raise
    except DomainError as exc:
        form.add_error(None, exc.message)
        return _unit_page(request, found, rename=form, status=exc.status)
    messages.success(request, f"已记录：“{found.full_name}”更名（改组）为“{new.full_name}”")
    return redirect("units:unit", pk=found.pk)
