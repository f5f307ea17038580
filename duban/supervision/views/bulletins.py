"""通报: a draft bulletin for rounds, its preview, the office's sections edited in place, downloads, publication."""

from __future__ import annotations

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from duban.core.render.docx import render_docx
from duban.core.render.txt import render_text
from duban.core.render.xlsx import render_xlsx
from duban.core.sections import refresh_statistics
from duban.errors import DomainError
from duban.supervision import policy
from duban.supervision.bulletin import Loaded, statistics
from duban.supervision.bulletin_doc import bulletin_rounds, doc_for, lint_generated
from duban.supervision.choices import RoundState
from duban.supervision.forms import BulletinFrameForm, NewBulletinForm
from duban.supervision.models import Bulletin, Round
from duban.supervision.sections import LAGGING_HEADING, editable_text, sections_of
from duban.supervision.services import (
    create_bulletin,
    note_export,
    publish_bulletin,
    refresh_lagging,
    update_bulletin,
)
from duban.supervision.views.common import actor, attachment, ids, refuse, user_of

FORMATS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "txt": "text/plain; charset=utf-8",
}


@login_required
def index(request: HttpRequest) -> HttpResponse:
    bulletins = (
        Bulletin.objects.visible_to(request.user)
        .prefetch_related("rounds__task_list")
        .order_by("-created_at")
    )
    can_create = policy.is_office(actor(request), user_of(request).region_id or 0)
    return render(request, "supervision/bulletins.html", {"bulletins": bulletins, "can_create": can_create})


@login_required
def create(request: HttpRequest) -> HttpResponse:
    me = actor(request)
    region_id = user_of(request).region_id or 0
    policy.require(policy.is_office(me, region_id), "起草督查通报")
    rounds = (
        Round.objects.visible_to(request.user)
        .filter(task_list__region_id=region_id)
        .exclude(state=RoundState.PUBLISHED)
        .select_related("task_list")
        .order_by("-as_of", "pk")
    )
    chosen = ids(request.GET.getlist("round"))
    form = NewBulletinForm(request.POST or None, rounds=rounds, initial={"rounds": chosen})
    if request.method == "POST" and form.is_valid():
        try:
            bulletin = create_bulletin(
                me, list(form.cleaned_data["rounds"]), title=form.cleaned_data["title"]
            )
        except DomainError as exc:
            refuse(form, exc)
        else:
            messages.success(request, "已起草通报：请补写督查室的各部分，核对后印发。")
            return redirect("supervision:bulletin", pk=bulletin.pk)
    return render(request, "supervision/bulletin_new.html", {"form": form})


def _bulletin(request: HttpRequest, pk: int) -> Bulletin:
    return get_object_or_404(Bulletin.objects.visible_to(request.user).select_related("region"), pk=pk)


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    bulletin = _bulletin(request, pk)
    me = actor(request)
    editable = policy.is_office(me, bulletin.region_id) and not bulletin.published
    frame = BulletinFrameForm(
        request.POST or None, initial={f: getattr(bulletin, f) for f in BulletinFrameForm.base_fields}
    )
    if request.method == "POST" and "lagging" in request.POST:
        refresh_lagging(me, bulletin)
        messages.success(request, "已按最新数据重写进展滞后事项。")
        return redirect("supervision:bulletin", pk=bulletin.pk)
    if request.method == "POST" and editable and frame.is_valid():
        try:
            update_bulletin(me, bulletin, fields=frame.cleaned_data)
        except DomainError as exc:
            refuse(frame, exc)
        else:
            messages.success(request, "已保存。")
            return redirect("supervision:bulletin", pk=bulletin.pk)
    loaded: Loaded = {}
    rounds = bulletin_rounds(bulletin)
    doc = doc_for(bulletin, loaded, rounds)
    context = {
        "bulletin": bulletin,
        "doc": doc,
        "sections": list(enumerate(refresh_statistics(sections_of(bulletin), statistics(rounds, loaded)))),
        "lagging_heading": LAGGING_HEADING,
        "frame": frame,
        "editable": editable,
        "warnings": lint_generated(doc),
        "rounds": rounds,
        "open_rounds": [r for r in rounds if r.state == RoundState.OPEN],
    }
    return render(request, "supervision/bulletin.html", context)


@login_required
def section(request: HttpRequest, pk: int, index: int) -> HttpResponse:
    """One section of the office, edited in place (htmx): GET the editor, POST to save and show it again."""
    bulletin = _bulletin(request, pk)
    current = sections_of(bulletin)
    if not 0 <= index < len(current):
        raise Http404("no such section")
    policy.require(policy.is_office(actor(request), bulletin.region_id), "修改督查通报")
    error = ""
    if request.method == "POST":
        try:
            update_bulletin(actor(request), bulletin, sections={index: request.POST.get("text", "")})
        except DomainError as exc:
            error = exc.message
        else:
            context = {"bulletin": bulletin, "i": index, "s": sections_of(bulletin)[index], "editable": True}
            return render(request, "supervision/bulletin_section.html", context)
    context = {
        "bulletin": bulletin,
        "i": index,
        "s": current[index],
        "error": error,
        "text": request.POST.get("text", editable_text(current[index])),
    }
    return render(request, "supervision/bulletin_section_form.html", context)


@login_required
@require_POST
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    bulletin = _bulletin(request, pk)
    publish_bulletin(actor(request), bulletin)
    messages.success(request, "通报已印发：所涉轮次已冻结，各单位和领导可以查看。")
    return redirect("supervision:bulletin", pk=bulletin.pk)


@login_required
def download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    bulletin = _bulletin(request, pk)
    if fmt not in FORMATS:
        raise Http404("no such format")
    doc = doc_for(bulletin)
    buffer = io.BytesIO()
    if fmt == "docx":
        render_docx(doc, buffer)
    elif fmt == "xlsx":
        render_xlsx(doc.annexes, buffer)
    else:
        buffer.write(render_text(doc).encode("utf-8"))
    note_export(actor(request), bulletin, f"bulletin.{fmt}")
    response = HttpResponse(buffer.getvalue(), content_type=FORMATS[fmt])
    name = bulletin.number or bulletin.title
    response["Content-Disposition"] = attachment(f"{name}.{fmt}")
    return response
