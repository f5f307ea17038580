"""The audit administrator's pages: browse the log with filters, export it, check its chain.

Only the audit administrator (审计管理员) opens them; anyone else gets a 403, itself audited.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from duban.actors import Actor
from duban.audit import services
from duban.audit.forms import EventFilterForm
from duban.audit.models import Event, EventQuerySet
from duban.audit.policy import require_auditor
from duban.errors import InvalidInput

PAGE_SIZE = 50
VIA = {"cli": "命令行", "web": "网页", "api": "接口", "admin": "后台", "system": "系统"}
FORMATS = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


def _filtered(request: HttpRequest) -> tuple[EventFilterForm, EventQuerySet, dict[str, Any]]:
    form = EventFilterForm(request.GET or None)
    data: dict[str, Any] = form.cleaned_data if form.is_valid() else {}
    events = Event.objects.matching(
        since=data.get("since"),
        until=data.get("until"),
        actor=(data.get("actor") or "").strip(),
        type=data.get("type") or "",
        obj=(data.get("object") or "").strip(),
        outcome=data.get("outcome") or "",
    )
    shown = {k: str(v) for k, v in data.items() if v}
    return form, events, shown


@login_required
def events(request: HttpRequest) -> HttpResponse:
    require_auditor(Actor.from_request(request))
    form, matching, _ = _filtered(request)
    page = Paginator(matching.order_by("-seq"), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(e, VIA.get(e.via, e.via), services.change_lines(e.changes)) for e in page]
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "audit/events.html",
        {"form": form, "page": page, "rows": rows, "query": params.urlencode()},
    )


@login_required
def export(request: HttpRequest, fmt: str) -> HttpResponse:
    actor = Actor.from_request(request)
    require_auditor(actor)
    if fmt not in FORMATS:
        raise InvalidInput("导出格式只能是 xlsx 或 csv", f"bad export format {fmt!r}")
    _, matching, shown = _filtered(request)
    data = services.export_events(actor, matching, fmt, shown)
    response = HttpResponse(data, content_type=FORMATS[fmt])
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(f'审计日志.{fmt}')}"
    return response


@login_required
@require_POST
def verify(request: HttpRequest) -> HttpResponse:
    """Walk the whole chain now (it reads every row, so it is a button, not part of every page)."""
    require_auditor(Actor.from_request(request))
    verdict = services.verify()
    if verdict.ok:
        messages.success(request, f"审计日志完好：已校验{verdict.checked}条记录，防篡改链未断。")
    else:
        messages.error(
            request,
            f"审计日志校验失败：第{verdict.bad_seq}条记录有问题（{verdict.reason}）；此前{verdict.checked}条完好。",
        )
    return redirect("audit:events")
