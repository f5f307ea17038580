"""立项: the task lists, their items (with their history across rounds) and the 任务分解 notice in Word."""

from __future__ import annotations

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from duban.core.render.docx import render_docx
from duban.errors import DomainError, Forbidden
from duban.roles import Role
from duban.supervision import policy
from duban.supervision.forms import CloseItemForm, InstructionForm, ItemForm, ListForm
from duban.supervision.models import Entry, Instruction, Item, ItemUnit, TaskList
from duban.supervision.notices import decomposition_notice
from duban.supervision.services import (
    ItemFields,
    close_item,
    create_list,
    note_export,
    reopen_item,
    save_item,
)
from duban.supervision.views.common import actor, attachment, refuse
from duban.units.scope import scope_of


@login_required
def index(request: HttpRequest) -> HttpResponse:
    lists = (
        TaskList.objects.visible_to(request.user)
        .select_related("region", "document")
        .annotate(n_items=Count("items"), n_closed=Count("items", filter=Q(items__closed_at__isnull=False)))
        .order_by("-year", "kind", "title")
    )
    return render(request, "supervision/lists.html", {"lists": lists, "can_create": _office(request)})


def _office(request: HttpRequest) -> bool:
    scope = scope_of(request.user)
    return scope.role == Role.OFFICE and scope.region is not None and scope.region.tier == "county"


@login_required
def create(request: HttpRequest) -> HttpResponse:
    scope = scope_of(request.user)
    if not _office(request):
        raise Forbidden("只有区县督查室可以新建任务清单", "list create by non-office")
    form = ListForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            task_list = create_list(actor(request), scope.region, **form.cleaned_data)
        except DomainError as exc:
            refuse(form, exc)
        else:
            messages.success(request, f"已新建清单“{task_list.title}”，请添加事项。")
            return redirect("supervision:item_new", pk=task_list.pk)
    return render(request, "supervision/list_form.html", {"form": form})


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    task_list = get_object_or_404(
        TaskList.objects.visible_to(request.user).select_related("region", "document"), pk=pk
    )
    # The page writes each link as the list does and links to the unit: the link's own columns
    # are enough, in a plain list on each item (a prefetch into item.units builds a query set for
    # every item of the list).
    items = task_list.items.order_by("order").prefetch_related(
        Prefetch(
            "units",
            queryset=ItemUnit.objects.only("item_id", "duty", "as_written", "unit_id").order_by("duty", "pk"),
            to_attr="listed_links",
        )
    )
    context = {
        "list": task_list,
        "items": items,
        "can_edit": policy.is_office(actor(request), task_list.region_id),
    }
    return render(request, "supervision/list.html", context)


@login_required
def item(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(
        Item.objects.visible_to(request.user).select_related("task_list", "closed_by"), pk=pk
    )
    me = actor(request)
    entries = list(
        Entry.objects.visible_to(request.user)
        .filter(item=found)
        .select_related("round", "submitted_by", "reviewed_by")
        .order_by("-round__as_of", "-round__pk")
    )
    instructions = (
        Instruction.objects.visible_to(request.user)
        .filter(item=found)
        .select_related("author", "answered_entry__round")
    )
    scope = scope_of(request.user)
    context = {
        "item": found,
        "kind": found.task_list.kind,
        "links": found.units.select_related("unit", "group").order_by("duty", "pk"),
        "entries": entries,
        "instructions": instructions,
        "can_edit": policy.is_office(me, found.task_list.region_id),
        "can_instruct": scope.role == Role.LEADER
        and scope.region is not None
        and scope.region.pk == found.task_list.region_id,
        "instruction_form": InstructionForm(),
        "close_form": CloseItemForm(
            item=found, entries=Entry.objects.filter(pk__in=[e.pk for e in entries if e.progress])
        ),
    }
    return render(request, "supervision/item.html", context)


@login_required
def item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Add an item to list `pk` (route item_new) or correct item `pk` (route item_edit)."""
    if request.resolver_match and request.resolver_match.url_name == "item_new":
        task_list = get_object_or_404(TaskList.objects.visible_to(request.user), pk=pk)
        existing = None
        next_seq = (task_list.items.order_by("-seq").values_list("seq", flat=True).first() or 0) + 1
        initial = {"seq": next_seq}
    else:
        existing = get_object_or_404(Item.objects.visible_to(request.user).select_related("task_list"), pk=pk)
        task_list = existing.task_list
        initial = ItemForm.initial_for(existing)
    policy.require(policy.is_office(actor(request), task_list.region_id), "编辑任务事项")
    form = ItemForm(request.POST or None, initial=initial, region=task_list.region)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fields = ItemFields(
            seq=data["seq"],
            text=data["text"],
            category=data["category"],
            district_livelihood=data["district_livelihood"],
            target_text=data["target_text"],
            target_value=data["target_value"],
            target_unit=data["target_unit"],
            target_qualifier=data["target_qualifier"],
            leads=list(data["leads"]),
            related=list(data["related"] or []),
        )
        try:
            saved = save_item(actor(request), task_list, fields, existing)
        except DomainError as exc:
            refuse(form, exc)
        else:
            messages.success(request, f"已保存第{saved.seq}项。")
            if "another" in request.POST:
                return redirect("supervision:item_new", pk=task_list.pk)
            return redirect("supervision:list", pk=task_list.pk)
    return render(request, "supervision/item_form.html", {"form": form, "list": task_list, "item": existing})


@login_required
@require_POST
def item_close(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(Item.objects.visible_to(request.user).select_related("task_list"), pk=pk)
    entries = Entry.objects.visible_to(request.user).filter(item=found)
    form = CloseItemForm(request.POST, item=found, entries=entries)
    if form.is_valid():
        try:
            close_item(
                actor(request), found, note=form.cleaned_data["note"], entry=form.cleaned_data["entry"]
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"第{found.seq}项已办结销号，以后的调度不再收集。")
    else:
        messages.error(request, "办结信息有误，请检查。")
    return redirect("supervision:item", pk=found.pk)


@login_required
@require_POST
def item_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(Item.objects.visible_to(request.user).select_related("task_list"), pk=pk)
    reopen_item(actor(request), found)
    messages.success(request, f"已撤销第{found.seq}项的办结。")
    return redirect("supervision:item", pk=found.pk)


@login_required
def notice_docx(request: HttpRequest, pk: int) -> HttpResponse:
    """The list as a 任务分解 notice in Word (issued by the office)."""
    task_list = get_object_or_404(TaskList.objects.visible_to(request.user).select_related("region"), pk=pk)
    policy.require(policy.is_office(actor(request), task_list.region_id), "生成任务分解通知")
    doc = decomposition_notice(task_list)
    buffer = io.BytesIO()
    render_docx(doc, buffer)
    note_export(actor(request), task_list, "任务分解通知.docx")
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = attachment(f"{task_list.title}-任务分解.docx")
    return response
