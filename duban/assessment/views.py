"""年度考核 pages: the ranking with the rule beside it, a unit's breakdown, the rule's form, the files."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from duban.assessment import exports, policy
from duban.assessment.choices import Measure
from duban.assessment.forms import RuleForm
from duban.assessment.scoring import Assessment, assess, rule_for
from duban.assessment.services import note_download, save_rule
from duban.errors import DomainError, Forbidden, InvalidInput
from duban.supervision.models import Round
from duban.supervision.views.common import actor, attachment, refuse
from duban.units.models import Region
from duban.units.scope import scope_of

FORMATS = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


@dataclass(frozen=True)
class Where:
    """The region and year a page is about, and the choices around them."""

    region: Region
    year: int
    regions: list[Region]
    years: list[int]

    def query(self) -> str:
        return f"?region={self.region.pk}&year={self.year}"


def where(request: HttpRequest) -> Where:
    """The region (the user's own, or one below an upper office) and the year asked for."""
    scope = scope_of(request.user)
    if not scope.sees_supervision:
        raise Forbidden("您没有权限查看年度考核", f"assessment refused to {request.user}")
    regions = list(Region.objects.visible_to(request.user).order_by("province", "city", "county"))
    asked = request.GET.get("region", "")
    region = next((r for r in regions if str(r.pk) == asked), None)
    if region is None:
        own = next((r for r in regions if r.pk == scope.region.pk), None)
        region = own if own is not None and own.county else next((r for r in regions if r.county), own)
    if region is None:
        raise Forbidden("您没有权限查看年度考核", "no region")
    years = sorted({d.year for d in Round.objects.filter(task_list__region=region).dates("as_of", "year")})
    raw = request.GET.get("year", "")
    if raw:
        if not raw.isdigit() or not 2000 <= int(raw) <= 2100:
            raise InvalidInput(f"年度“{raw[:10]}”无效，请填写如2024的年份", f"bad year {raw[:10]!r}")
        year = int(raw)
    else:
        year = years[-1] if years else timezone.localdate().year
    return Where(region, year, regions, sorted({*years, year}))


@login_required
def index(request: HttpRequest) -> HttpResponse:
    at = where(request)
    if not policy.may_read(request.user, at.region):
        raise Forbidden("您没有权限查看年度考核", "assessment refused")
    result = assess(at.region, at.year)
    mine_ids = scope_of(request.user).unit_ids
    context = {
        "at": at,
        "result": result,
        "rule_rows": _rule_rows(result),
        "rule_lines": exports.rule_lines(result),
        "reads_all": policy.reads_every_unit(request.user, at.region),
        "mine": [u for u in result.units if u.unit_id in mine_ids],
        "mine_ids": mine_ids,
        "can_edit": policy.may_set_rule(actor(request), at.region),
        "can_download": policy.may_download(request.user, at.region),
    }
    return render(request, "assessment/index.html", context)


def _rule_rows(result: Assessment) -> list[tuple[str, str, str]]:
    """The rule as rows: measure, how it is counted, weight and cap in words."""
    rule = result.rule
    return [(m.label, m.explained, exports.rule_text(m, rule.weight(m), rule.cap(m))) for m in Measure]


@login_required
def unit(request: HttpRequest, unit_id: int) -> HttpResponse:
    at = where(request)
    if not policy.may_read_unit(request.user, at.region, unit_id):
        raise Forbidden("您只能查看本单位的考核明细", f"breakdown of unit {unit_id} refused")
    result = assess(at.region, at.year)
    score = result.of_unit(unit_id)
    if score is None:
        raise Http404("本年度该单位没有计分事项")
    context = {
        "at": at,
        "result": result,
        "score": score,
        "count": len(result.units),
        "rule_lines": exports.rule_lines(result),
        "reads_all": policy.reads_every_unit(request.user, at.region),
    }
    return render(request, "assessment/unit.html", context)


@login_required
def rule(request: HttpRequest) -> HttpResponse:
    at = where(request)
    me = actor(request)
    if not policy.may_set_rule(me, at.region):
        raise Forbidden("只有本区督查室可以修改考核规则", "rule edit refused")
    current = rule_for(at.region, at.year)
    form = RuleForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        try:
            save_rule(me, at.region, at.year, {f: form.cleaned_data[f] for f in form.Meta.fields})
        except DomainError as exc:
            refuse(form, exc)
        else:
            messages.success(request, f"已保存{at.year}年度考核规则，得分已按新规则重新计算。")
            return redirect(reverse("assessment:index") + at.query())
    status = 400 if request.method == "POST" else 200
    return render(request, "assessment/rule.html", {"at": at, "form": form, "rule": current}, status=status)


@login_required
def download(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404("no such format")
    at = where(request)
    if not policy.may_download(request.user, at.region):
        raise Forbidden("考核结果文件含各单位明细，仅督查室和领导可以下载", "assessment download refused")
    result = assess(at.region, at.year)
    body = exports.xlsx_bytes(result) if fmt == "xlsx" else exports.docx_bytes(result)
    note_download(actor(request), at.region, at.year, fmt)
    response = HttpResponse(body, content_type=FORMATS[fmt])
    response["Content-Disposition"] = attachment(f"{exports.title_of(result)}.{fmt}")
    return response
