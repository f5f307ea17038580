"""交办: opening a round, following it unit by unit with its lights, closing it, its return forms."""

from __future__ import annotations

import io
import tempfile
import zipfile
from collections import defaultdict
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from duban.errors import DomainError
from duban.supervision import policy
from duban.supervision.choices import EntryState
from duban.supervision.dashboard import by_unit, round_entries
from duban.supervision.forms import RoundForm
from duban.supervision.lights import lights
from duban.supervision.models import Round, TaskList
from duban.supervision.returnforms.writing import write_forms
from duban.supervision.services import close_round, note_export, open_round, reopen_round
from duban.supervision.views.common import actor, attachment, refuse, today

ROUNDS_PAGE = 30


@login_required
def index(request: HttpRequest) -> HttpResponse:
    rounds = (
        Round.objects.visible_to(request.user)
        .select_related("task_list", "document")
        # The page names a round's bulletin (its number or title), it does not need its text.
        .defer("document__text", "document__raw", "document__body")
        .order_by("-as_of", "-pk")
    )
    # A list is rounded every month for years (and an upper office sees every county's rounds):
    # the newest first, a page at a time.
    page = Paginator(rounds, ROUNDS_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "supervision/rounds.html",
        {"page": page, "can_open": policy.is_office(actor(request), _own_region(request))},
    )


def _own_region(request: HttpRequest) -> int:
    region = getattr(request.user, "region_id", None)
    return int(region or 0)


@login_required
def create(request: HttpRequest) -> HttpResponse:
    me = actor(request)
    policy.require(policy.is_office(me, _own_region(request)), "开启调度")
    lists = (
        TaskList.objects.visible_to(request.user)
        .filter(region_id=_own_region(request))
        .order_by("-year", "kind")
    )
    initial = {"task_list": request.GET.get("list")} if request.GET.get("list", "").isdigit() else {}
    form = RoundForm(request.POST or None, lists=lists, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            rnd = open_round(
                me,
                data["task_list"],
                period=data["period"],
                as_of=data["as_of"],
                deadline=data["deadline"],
                tolerance=data["tolerance"],
            )
        except DomainError as exc:
            refuse(form, exc)
        else:
            messages.success(request, f"已开启“{rnd}”，各牵头单位已收到通知。")
            return redirect("supervision:round", pk=rnd.pk)
    return render(request, "supervision/round_form.html", {"form": form})


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    rnd = get_object_or_404(
        Round.objects.visible_to(request.user).select_related("task_list", "document"), pk=pk
    )
    entries = round_entries(request.user, rnd)
    lit = lights(entries, today())
    state = request.GET.get("state", "")
    shown = [e for e in entries if not state or e.state == state]
    per_light: dict[str, int] = defaultdict(int)
    for value in lit.values():
        per_light[value.light] += 1
    context = {
        "round": rnd,
        "kind": rnd.task_list.kind,
        "entries": shown,
        "lights": lit,
        "units": by_unit(entries, lit),
        "per_light": dict(per_light),
        "states": EntryState.choices,
        "state": state,
        "is_office": policy.is_office(actor(request), rnd.task_list.region_id),
        "bulletins": rnd.bulletins.all(),
    }
    return render(request, "supervision/round.html", context)


@login_required
@require_POST
def change(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    rnd = get_object_or_404(Round.objects.visible_to(request.user).select_related("task_list"), pk=pk)
    actions = {"close": (close_round, "已截止报送。"), "reopen": (reopen_round, "已重新开启。")}
    if action not in actions:
        raise Http404("no such action")
    service, done = actions[action]
    service(actor(request), rnd)
    messages.success(request, f"“{rnd}”{done}")
    return redirect("supervision:round", pk=rnd.pk)


@login_required
def forms_zip(request: HttpRequest, pk: int) -> HttpResponse:
    """Every lead unit's return forms (Excel and Word) of the round, in one zip file."""
    rnd = get_object_or_404(Round.objects.visible_to(request.user).select_related("task_list"), pk=pk)
    policy.require(policy.is_office(actor(request), rnd.task_list.region_id), "导出回执表")
    buffer = io.BytesIO()
    with tempfile.TemporaryDirectory() as folder:
        paths = write_forms(rnd, folder)
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in paths:
                archive.write(path, Path(path).name)
    note_export(actor(request), rnd, "回执表.zip")
    response = HttpResponse(buffer.getvalue(), content_type="application/zip")
    response["Content-Disposition"] = attachment(
        f"回执表-{rnd.period}-{rnd.task_list.get_kind_display()}.zip"
    )
    return response
