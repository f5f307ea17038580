"""领导批示 and 延期申请: the lists with their age, the leader's instruction, the unit's request, the office's decision."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from duban.errors import DomainError
from duban.supervision import policy
from duban.supervision.choices import ExtensionState
from duban.supervision.forms import ExtensionDecisionForm, ExtensionForm, InstructionForm
from duban.supervision.models import Entry, ExtensionRequest, Instruction, Item
from duban.supervision.services import decide_extension, give_instruction
from duban.supervision.services import request_extension as request_extension_service
from duban.supervision.views.common import actor


@login_required
def instructions(request: HttpRequest) -> HttpResponse:
    shown = request.GET.get("show", "open")
    found = Instruction.objects.visible_to(request.user).select_related(
        "item__task_list", "author", "answered_entry__round"
    )
    found = found.unanswered().order_by("created_at") if shown == "open" else found.order_by("-created_at")
    return render(request, "supervision/instructions.html", {"instructions": found[:200], "show": shown})


@login_required
@require_POST
def instruct(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(Item.objects.visible_to(request.user).select_related("task_list"), pk=pk)
    form = InstructionForm(request.POST)
    if form.is_valid():
        latest = item.task_list.rounds.order_by("-as_of", "-pk").first()
        try:
            give_instruction(actor(request), item, form.cleaned_data["text"], round=latest)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "批示已送达督查室和牵头单位。")
    else:
        messages.error(request, "请填写批示内容。")
    return redirect("supervision:item", pk=item.pk)


@login_required
def extensions(request: HttpRequest) -> HttpResponse:
    found = (
        ExtensionRequest.objects.visible_to(request.user)
        .select_related("entry__item", "entry__round__task_list", "requested_by", "decided_by")
        .order_by("state", "-requested_at")
    )
    is_office = policy.is_office(actor(request), getattr(request.user, "region_id", 0) or 0)
    return render(
        request,
        "supervision/extensions.html",
        {
            "extensions": found[:200],
            "is_office": is_office,
            "form": ExtensionDecisionForm(),
            "pending": ExtensionState.PENDING,
        },
    )


@login_required
@require_POST
def request_extension(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_object_or_404(
        Entry.objects.visible_to(request.user).select_related("round__task_list", "item"), pk=pk
    )
    form = ExtensionForm(request.POST)
    if form.is_valid():
        try:
            request_extension_service(
                actor(request), entry, until=form.cleaned_data["until"], reason=form.cleaned_data["reason"]
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "延期申请已提交督查室。")
    else:
        messages.error(request, "请填写申请延至的日期和理由。")
    return redirect("supervision:entry", pk=entry.pk)


@login_required
@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(
        ExtensionRequest.objects.visible_to(request.user).select_related("entry__round__task_list"), pk=pk
    )
    form = ExtensionDecisionForm(request.POST)
    if form.is_valid():
        try:
            decide_extension(
                actor(request), found, approve=form.cleaned_data["approve"], note=form.cleaned_data["note"]
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "已审批。")
    else:
        messages.error(request, "请选择同意或不同意。")
    return redirect("supervision:extensions")
