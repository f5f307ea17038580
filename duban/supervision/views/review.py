"""审核: the office's queue of reports, and the review page with the flags beside each entry."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from duban.core import model as core
from duban.core.evaluation import consistency_flag
from duban.errors import DomainError, Forbidden
from duban.roles import Role
from duban.supervision.bulletin import entry_facts, text_pairs
from duban.supervision.choices import EntryState
from duban.supervision.compare import COPY_THRESHOLD, similarity
from duban.supervision.forms import DecideForm, ReturnForm
from duban.supervision.lights import lights
from duban.supervision.models import Entry, Instruction, ItemUnit, Round
from duban.supervision.policy import may_review
from duban.supervision.queries import LOADED_LINKS
from duban.supervision.services import accept_entry, return_entry
from duban.supervision.views.common import actor, refuse, today
from duban.units.scope import scope_of


def _office_only(request: HttpRequest) -> None:
    if scope_of(request.user).role != Role.OFFICE:
        raise Forbidden("审核是督查室的工作", "review by non-office")


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    _office_only(request)
    state = request.GET.get("state", EntryState.SUBMITTED)
    # The queue holds what this office reviews: its own region's lists. An office above the
    # counties reads theirs on the dashboards, read-only.
    entries = (
        Entry.objects.visible_to(request.user)
        .filter(round__task_list__region=scope_of(request.user).region)
        .select_related("item", "round__task_list", "submitted_by")
        # The queue writes each item's lead links as written: their own columns, in a list on the item.
        .prefetch_related(
            Prefetch(
                "item__units",
                queryset=ItemUnit.objects.only("item_id", "duty", "as_written").order_by("pk"),
                to_attr=LOADED_LINKS,
            )
        )
        .order_by("submitted_at", "round_id", "item__seq")
    )
    if state:
        entries = entries.filter(state=state)
    round_id = request.GET.get("round", "")
    if round_id.isdigit():
        entries = entries.filter(round_id=int(round_id))
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "lights": lights(list(page.object_list), today()),
        "state": state,
        "states": EntryState.choices,
        "round_id": round_id,
        "rounds": Round.objects.visible_to(request.user).select_related("task_list").order_by("-as_of")[:20],
        "query": "&".join(f"{k}={v}" for k, v in (("state", state), ("round", round_id)) if v),
    }
    return render(request, "supervision/review_queue.html", context)


def flags_of(entry: Entry) -> dict[str, object]:
    """What the office should see beside a report: contradictions, targets in the text, copying."""
    flag = None
    if entry.status:
        facts = entry_facts(entry, entry.round)
        if facts is not None:
            found = consistency_flag(core.Status(entry.status), facts)
            flag = found.message if found else None
    previous_round = entry.round.previous()
    previous = (
        Entry.objects.filter(round=previous_round, item_id=entry.item_id).first() if previous_round else None
    )
    copied = None
    if previous is not None and entry.progress and previous.progress:
        ratio = similarity(entry.progress, previous.progress)
        copied = round(ratio * 100) if ratio >= COPY_THRESHOLD else None
    return {"flag": flag, "pairs": text_pairs(entry), "copied": copied, "previous": previous}


@login_required
def entry(request: HttpRequest, pk: int) -> HttpResponse:
    _office_only(request)
    found = get_object_or_404(
        Entry.objects.visible_to(request.user).select_related(
            "item__task_list", "round__task_list", "submitted_by"
        ),
        pk=pk,
    )
    if not may_review(actor(request), found):
        raise Forbidden(
            f"该填报由{found.round.task_list.region.full_name}督查室审核，您可以在看板中查看（只读）",
            f"review of entry {found.pk} outside the office's region",
        )
    decide_form = DecideForm(kind=found.kind, prefix="decide")
    return_form = ReturnForm(prefix="return")
    if request.method == "POST":
        me = actor(request)
        version = int(request.POST["version"]) if request.POST.get("version", "").isdigit() else None
        try:
            if "return" in request.POST:
                return_form = ReturnForm(request.POST, prefix="return")
                if return_form.is_valid():
                    return_entry(me, found, return_form.cleaned_data["comment"], version=version)
                    messages.success(request, f"第{found.item.seq}项已退回，单位会看到退回意见。")
                    return redirect(_next(request, found))
            else:
                decide_form = DecideForm(request.POST, kind=found.kind, prefix="decide")
                if decide_form.is_valid():
                    data = decide_form.cleaned_data
                    accept_entry(
                        me, found, status=data["status"] or None, reason=data["reason"], version=version
                    )
                    messages.success(request, f"第{found.item.seq}项已审核。")
                    return redirect(_next(request, found))
        except DomainError as exc:
            refuse(return_form if "return" in request.POST else decide_form, exc)
    context = {
        "entry": found,
        "kind": found.kind,
        "light": lights([found], today())[found.pk],
        "suggested": found.suggested_status(),
        "decide_form": decide_form,
        "return_form": return_form,
        "answers": Instruction.objects.filter(answered_entry=found).select_related("author"),
        "open_instructions": Instruction.objects.filter(item_id=found.item_id)
        .unanswered()
        .select_related("author"),
        "links": found.item.units.select_related("unit", "group"),
        **flags_of(found),
    }
    return render(request, "supervision/review_entry.html", context)


def _next(request: HttpRequest, entry: Entry) -> str:
    """Back to the queue, at the next report waiting in the same round."""
    from django.urls import reverse

    following = (
        Entry.objects.visible_to(request.user)
        .filter(round=entry.round, state=EntryState.SUBMITTED)
        .exclude(pk=entry.pk)
        .order_by("submitted_at", "item__seq")
        .first()
    )
    if following is not None:
        return reverse("supervision:review_entry", args=[following.pk])
    return reverse("supervision:review") + f"?round={entry.round_id}"
