"""承办: a unit's page of everything it reports this month, the entry form, the head's approval, form uploads."""

from __future__ import annotations

import hashlib
import secrets
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from duban.core.errors import ParseError
from duban.errors import DomainError, Forbidden, InvalidInput
from duban.roles import Role
from duban.supervision import policy
from duban.supervision.choices import EntryState, ExtensionState, RoundState
from duban.supervision.forms import EntryForm, ExtensionForm
from duban.supervision.lights import lights
from duban.supervision.models import Entry, ExtensionRequest, Instruction, ItemUnit, Round
from duban.supervision.returnforms.importing import apply_form, plan_form
from duban.supervision.returnforms.reading import read_form
from duban.supervision.services import Report, approve_entry, save_entry, submit_entry
from duban.supervision.views.common import actor, refuse, today, user_of
from duban.units.scope import scope_of
from duban.web import uploads


@login_required
def my(request: HttpRequest) -> HttpResponse:
    """Everything the user's units lead in the rounds now collecting, with the lights."""
    scope = scope_of(request.user)
    if scope.role not in (Role.REPORTER, Role.HEAD) or not scope.sees_supervision:
        raise Forbidden("这是单位填报员和单位负责人的页面", f"my page for {scope.role}")
    entries = list(
        Entry.objects.visible_to(request.user)
        .of_user_units(request.user)
        .filter(round__state=RoundState.OPEN, item__closed_at__isnull=True)
        .select_related("item", "round__task_list")
        .prefetch_related(Prefetch("item__units", queryset=ItemUnit.objects.select_related("unit")))
        .order_by("round__task_list__kind", "round_id", "item__seq", "item__order")
    )
    lit = lights(entries, today())
    rounds: dict[int, tuple[Round, list[Entry]]] = {}
    for entry in entries:
        rounds.setdefault(entry.round_id, (entry.round, []))[1].append(entry)
    open_instructions = (
        Instruction.objects.visible_to(request.user)
        .unanswered()
        .select_related("item", "author")
        .order_by("created_at")
    )
    context = {
        "rounds": list(rounds.values()),
        "lights": lit,
        "returned": [e for e in entries if e.state == EntryState.RETURNED],
        "to_approve": [e for e in entries if e.state == EntryState.AWAITING_HEAD]
        if scope.role == Role.HEAD
        else [],
        "instructions": open_instructions,
        "units": user_of(request).units.all(),
    }
    return render(request, "supervision/my.html", context)


def _entry(request: HttpRequest, pk: int) -> Entry:
    return get_object_or_404(
        Entry.objects.visible_to(request.user).select_related("item__task_list", "round__task_list"), pk=pk
    )


@login_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The entry form: last round's entry beside it, instructions to answer, save or submit."""
    entry = _entry(request, pk)
    me = actor(request)
    if policy.may_review(me, entry) and not policy.may_report(me, entry):
        return redirect("supervision:review_entry", pk=entry.pk)
    instructions = list(
        Instruction.objects.filter(item_id=entry.item_id).unanswered().select_related("author")
    )
    editable = (
        policy.may_report(me, entry)
        and entry.round.state == RoundState.OPEN
        and entry.state != EntryState.ACCEPTED
    )
    initial = {
        "progress": entry.progress,
        "percent": entry.percent,
        "self_status": entry.self_status,
        "remark": entry.remark,
        "version": entry.version,
    }
    form = EntryForm(request.POST or None, initial=initial, entry=entry, instructions=instructions)
    if request.method == "POST" and editable and form.is_valid():
        data = form.cleaned_data
        report = Report(
            progress=data["progress"],
            self_status=data["self_status"],
            percent=data.get("percent"),
            remark=data["remark"],
            answers=form.answers(),
        )
        try:
            if "submit" in request.POST:
                submit_entry(me, entry, report, version=data["version"])
                messages.success(request, f"第{entry.item.seq}项已报送。")
            else:
                save_entry(me, entry, report, version=data["version"])
                messages.success(request, f"第{entry.item.seq}项已保存为草稿（尚未报送）。")
        except DomainError as exc:
            refuse(form, exc)
        else:
            return (
                redirect("supervision:my")
                if "submit" in request.POST
                else redirect("supervision:entry", pk=entry.pk)
            )
    previous_round = entry.round.previous()
    previous = (
        Entry.objects.visible_to(request.user).filter(round=previous_round, item_id=entry.item_id).first()
        if previous_round
        else None
    )
    context = {
        "entry": entry,
        "kind": entry.kind,
        "form": form,
        "editable": editable,
        "previous": previous,
        "instructions": instructions,
        "light": lights([entry], today())[entry.pk],
        "can_approve": policy.may_approve(me, entry) and entry.state == EntryState.AWAITING_HEAD,
        "extensions": ExtensionRequest.objects.filter(entry=entry).select_related("requested_by"),
        "extension_form": ExtensionForm()
        if editable
        and not ExtensionRequest.objects.filter(entry=entry, state=ExtensionState.PENDING).exists()
        else None,
    }
    return render(request, "supervision/entry.html", context)


@login_required
@require_POST
def approve(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _entry(request, pk)
    approve_entry(actor(request), entry, version=_version(request))
    messages.success(request, f"第{entry.item.seq}项已审核，报送督查室。")
    return redirect("supervision:my")


def _version(request: HttpRequest) -> int | None:
    raw = request.POST.get("version", "")
    return int(raw) if raw.isdigit() else None


# --- return forms (回执表) uploaded by a unit ------------------------------------------------------


def _store(data: bytes) -> str:
    folder = Path(settings.DATA_DIR) / "uploads" / "forms"
    folder.mkdir(parents=True, exist_ok=True)
    token = secrets.token_urlsafe(16)
    (folder / token).write_bytes(data)
    return f"{token}.{hashlib.sha256(data).hexdigest()[:16]}"


def _load(key: str) -> bytes:
    token, _, digest = key.partition(".")
    path = Path(settings.DATA_DIR) / "uploads" / "forms" / token
    if not token.replace("-", "").replace("_", "").isalnum() or not path.is_file():
        raise InvalidInput("上传的文件已过期，请重新上传", f"upload {token!r} gone")
    data = path.read_bytes()
    if hashlib.sha256(data).hexdigest()[:16] != digest:
        raise InvalidInput("上传的文件已被改动，请重新上传", f"upload {token!r} changed")
    return data


@login_required
def upload_form(request: HttpRequest) -> HttpResponse:
    """Upload a filled-in return form → every change it would make → confirm."""
    me = actor(request)
    context: dict[str, object] = {}
    if request.method == "POST":
        try:
            if "confirm" in request.POST:
                data, name = _load(request.POST.get("key", "")), request.POST.get("name", "回执表.xlsx")
                filled = read_form(data, name)
                rnd = get_object_or_404(Round.objects.visible_to(request.user), pk=filled.round_id)
                plan = apply_form(me, rnd, filled)
                messages.success(request, f"已写入{plan.updated}项（{len(plan.changes)}处改动）。")
                if policy.is_office(me, rnd.task_list.region_id):
                    return redirect("supervision:round", pk=rnd.pk)
                return redirect("supervision:my")
            upload = request.FILES.get("file")
            if upload is None:
                raise InvalidInput("请选择要上传的回执表（.xlsx 或 .docx）", "no file")
            # Size and kind by content, as every upload; the reader is chosen by what the file is.
            checked = uploads.check_upload(upload, allowed=(uploads.FileKind.XLSX, uploads.FileKind.DOCX))
            data, name = checked.data, f"{Path(checked.name).stem}.{checked.kind.value}"
            filled = read_form(data, name)
            rnd = get_object_or_404(
                Round.objects.visible_to(request.user).select_related("task_list"), pk=filled.round_id
            )
            context.update(plan=plan_form(me, rnd, filled), key=_store(data), name=name, round=rnd)
        except (DomainError, ParseError) as exc:
            context["error"] = exc.message if isinstance(exc, DomainError) else str(exc)
            status = exc.status if isinstance(exc, DomainError) else 400
            return render(request, "supervision/form_upload.html", context, status=status)
    return render(request, "supervision/form_upload.html", context)
