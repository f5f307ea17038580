"""The landing pages: the office's and the leaders' overview of the rounds in progress."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from duban.errors import Forbidden
from duban.roles import Role
from duban.supervision.choices import EntryState, ExtensionState, RoundState, Status
from duban.supervision.models import Bulletin, Entry, ExtensionRequest, Instruction, Round
from duban.supervision.views.common import today, user_of
from duban.units.scope import scope_of


@dataclass
class RoundSummary:
    """A round at a glance: how many items are reported, awaiting review, and how they stand."""

    round: Round
    total: int = 0
    reported: int = 0
    to_review: int = 0
    statuses: Counter[str] = field(default_factory=Counter)

    @property
    def status_counts(self) -> list[tuple[str, int]]:
        """(status, count) in the order of the levels (a template cannot iterate a Counter's items)."""
        return [(s.value, self.statuses[s.value]) for s in Status if self.statuses[s.value]]

    @property
    def share(self) -> int:
        return round(100 * self.reported / self.total) if self.total else 0


def summaries(rounds: list[Round], entries: QuerySet[Entry]) -> list[RoundSummary]:
    """Counts per round in one grouped query, of the entries the user may see (`visible_to`).

    The visibility filter is applied to the rounds' entries themselves: as `pk IN (visible)` the
    database first collected every visible entry of the region, all its rounds of all its years."""
    out = {r.pk: RoundSummary(r) for r in rounds}
    rows = entries.filter(round__in=rounds).values("round_id", "state", "status").annotate(n=Count("pk"))
    for row in rows:
        s = out[row["round_id"]]
        s.total += row["n"]
        if row["state"] in (EntryState.SUBMITTED, EntryState.ACCEPTED):
            s.reported += row["n"]
        if row["state"] == EntryState.SUBMITTED:
            s.to_review += row["n"]
        if row["status"]:
            s.statuses[row["status"]] += row["n"]
    return list(out.values())


@login_required
def office_home(request: HttpRequest) -> HttpResponse:
    scope = scope_of(request.user)
    if scope.role != Role.OFFICE:
        raise Forbidden("这是督查室的工作台", f"office home for {scope.role}")
    rounds = list(
        Round.objects.visible_to(request.user)
        .filter(state__in=[RoundState.OPEN, RoundState.CLOSED])
        .select_related("task_list")
        .order_by("-as_of", "pk")[:8]
    )
    context = {
        "summaries": summaries(rounds, Entry.objects.visible_to(request.user)),
        "to_review": Entry.objects.visible_to(request.user).filter(state=EntryState.SUBMITTED).count(),
        "open_instructions": Instruction.objects.visible_to(request.user).unanswered().count(),
        "pending_extensions": ExtensionRequest.objects.visible_to(request.user)
        .filter(state=ExtensionState.PENDING)
        .count(),
        "bulletins": Bulletin.objects.visible_to(request.user).order_by("-created_at")[:5],
        "today": today(),
        "status_names": Status,
    }
    return render(request, "supervision/office_home.html", context)


@login_required
def leader_home(request: HttpRequest) -> HttpResponse:
    scope = scope_of(request.user)
    if scope.role != Role.LEADER:
        raise Forbidden("这是领导的首页", f"leader home for {scope.role}")
    rounds = list(
        Round.objects.visible_to(request.user).select_related("task_list").order_by("-as_of", "pk")[:6]
    )
    mine = Instruction.objects.visible_to(request.user).filter(author=user_of(request))
    context = {
        "summaries": summaries(rounds, Entry.objects.visible_to(request.user)),
        "open_instructions": mine.unanswered().select_related("item__task_list").order_by("created_at")[:20],
        "answered": mine.filter(~Q(answered_at=None)).select_related("item").order_by("-answered_at")[:10],
        "bulletins": Bulletin.objects.visible_to(request.user).order_by("-published_at")[:5],
        "lagging": Entry.objects.visible_to(request.user)
        .filter(status=Status.LAGGING, round__in=rounds[:2])
        .select_related("item", "round__task_list")
        .order_by("item__seq")[:30],
        "today": today(),
    }
    return render(request, "supervision/leader_home.html", context)
