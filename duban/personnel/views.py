"""The cadre register in the browser: people, rosters, vacancies, probations, notice drafts.

Cadre records are for the office and the leaders of the region (`Person.objects.visible_to`);
unit accounts get a refusal. Reads come from `duban.personnel.queries`; the one write, the
office's review of a person record, goes through `duban.personnel.services.review_person`.
"""

from __future__ import annotations

import tempfile
from datetime import date, timedelta
from io import BytesIO
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST

from duban.actors import Actor
from duban.core.errors import ParseError
from duban.core.model import Appointment
from duban.core.notice_draft import draft_notice, load_changes, write_notice_docx
from duban.core.readers import decode
from duban.errors import DomainError, Forbidden, InvalidInput
from duban.personnel import queries
from duban.personnel.choices import MatchBasis
from duban.personnel.forms import (
    BLANK_ROW,
    ChangeFormSet,
    NoticeForm,
    ProbationForm,
    RegionDayForm,
    ReviewForm,
    RosterForm,
    SearchForm,
    change_rows,
    today,
)
from duban.personnel.models import Person
from duban.personnel.services import note_notice_draft, review_person
from duban.roles import Role
from duban.supervision.choices import Duty
from duban.supervision.models import Item
from duban.supervision.queries import responsibilities
from duban.units.models import Region, Unit
from duban.units.scope import scope_of
from duban.web import uploads

DEFAULT_PROBATION_DAYS = 60
NEW_ROWS = 5
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _require_cadre_reader(request: HttpRequest) -> None:
    scope = scope_of(request.user)
    if scope.role not in (Role.OFFICE, Role.LEADER) or not scope.sees_supervision:
        raise Forbidden("干部任免记录仅供督查室和领导查阅", f"forbidden: cadre pages for {request.user}")


def _query_string(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def _region(form: RegionDayForm, request: HttpRequest) -> Region:
    """The region asked for, else the user's own county (a city's office picks one)."""
    chosen = form.cleaned_data.get("region") if form.is_valid() else None
    if chosen is not None:
        return chosen
    own = scope_of(request.user).region
    first = form.fields["region"].queryset.first()  # type: ignore[attr-defined]
    return own if own is not None and own.tier == "county" else first or own


# --- people -------------------------------------------------------------------------------------


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Search by name; without a name, the records the office has flagged 待核实."""
    _require_cadre_reader(request)
    form = SearchForm(request.GET or None)
    name, flagged = "", False
    if form.is_valid():
        name, flagged = form.cleaned_data["q"].strip(), form.cleaned_data["flagged"]
    flagged = flagged or not name
    found = queries.people(request.user, name, needs_review=flagged)
    page = Paginator(found, 50).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "name": name,
        "flagged": flagged,
        "page": page,
        "rows": queries.person_rows(page, today()),
        "query": _query_string(request),
    }
    return render(request, "personnel/home.html", context)


@login_required
def person(request: HttpRequest, pk: int) -> HttpResponse:
    """A person's events in the order they took effect, tenures, and the office's review."""
    _require_cadre_reader(request)
    found = get_object_or_404(Person.objects.visible_to(request.user).select_related("region"), pk=pk)
    return _person_page(request, found, ReviewForm(initial=_review_initial(found)))


def _review_initial(found: Person) -> dict[str, Any]:
    return {"verdict": "flag" if found.needs_review else "ok", "note": found.review_note}


def _person_page(request: HttpRequest, found: Person, form: ReviewForm, status: int = 200) -> HttpResponse:
    history = queries.history(found)
    day = today()
    current = {id(t) for t in queries.held_on(history.tenures, day)}
    context = {
        "person": found,
        "history": history,
        "current": current,
        "tenures": [(t, id(t) in current) for t in history.tenures],
        "bases": dict(MatchBasis.choices),
        "may_review": scope_of(request.user).manages(found.region_id),
        "form": form,
        "today": day,
    }
    return render(request, "personnel/person.html", context, status=status)


@login_required
@require_POST
def review(request: HttpRequest, pk: int) -> HttpResponse:
    """The office confirms the record or flags it 待核实, with a note."""
    _require_cadre_reader(request)
    found = get_object_or_404(Person.objects.visible_to(request.user), pk=pk)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        return _person_page(request, found, form, status=400)
    try:
        review_person(
            Actor.from_request(request), found, needs_review=form.needs_review, note=form.cleaned_data["note"]
        )
    except Forbidden:
        raise  # a leader's attempt: the refusal page with its 403
    except DomainError as exc:
        form.add_error(None, exc.message)
        return _person_page(request, found, form, status=exc.status)
    messages.success(request, "已标记为待核实" if form.needs_review else "已记录：核实无误")
    return redirect("personnel:person", pk=found.pk)


# --- the register's questions -------------------------------------------------------------------


@login_required
def roster(request: HttpRequest) -> HttpResponse:
    """Who holds which post in a unit (and its sub-units) on a chosen day."""
    _require_cadre_reader(request)
    form = RosterForm(request.GET or None, user=request.user)
    holders: list[queries.Holder] | None = None
    unit, day = None, today()
    if form.is_valid():
        unit, day = form.cleaned_data["unit"], form.cleaned_data["on"] or today()
        holders = queries.roster(unit, day, user=request.user)
    status = 400 if form.is_bound and not form.is_valid() else 200
    context = {"form": form, "unit": unit, "day": day, "holders": holders}
    return render(request, "personnel/roster.html", context, status=status)


@login_required
def vacancies(request: HttpRequest) -> HttpResponse:
    """Posts left vacant and posts refilled up to a day, seat by seat."""
    _require_cadre_reader(request)
    form = RegionDayForm(request.GET or None, user=request.user)
    valid = form.is_valid() if form.is_bound else True
    day = (form.cleaned_data.get("on") if form.is_bound and valid else None) or today()
    region = _region(form, request)
    found = queries.vacancies(region, day, user=request.user) if valid else queries.Vacancies([], [])
    context = {"form": form, "day": day, "region": region, "found": found}
    return render(request, "personnel/vacancies.html", context, status=200 if valid else 400)


@login_required
def probation(request: HttpRequest) -> HttpResponse:
    """Tenures whose probation ends within N days (default 60), and those already past it."""
    _require_cadre_reader(request)
    form = ProbationForm(request.GET or None, user=request.user)
    valid = form.is_valid() if form.is_bound else True
    days = (form.cleaned_data.get("days") if form.is_bound and valid else None) or DEFAULT_PROBATION_DAYS
    region = _region(form, request)
    day = today()
    due = queries.probation_due(region, day + timedelta(days=days + 1), user=request.user) if valid else []
    rows = [(d, (d.probation_end - day).days) for d in due]
    context = {"form": form, "days": days, "region": region, "rows": rows, "today": day}
    return render(request, "personnel/probation.html", context, status=200 if valid else 400)


# --- sections of the unit page -----------------------------------------------------------------
# The unit directory is the floor the other apps stand on and never imports them: its unit page
# loads these sections by URL name (htmx, with a plain link without scripts).


@login_required
def unit_leaders(request: HttpRequest, pk: int) -> HttpResponse:
    """The unit's current leaders from the cadre register: its roster (with sub-units) today."""
    _require_cadre_reader(request)
    unit = get_object_or_404(Unit.objects.visible_to(request.user), pk=pk)
    day = today()
    holders = queries.roster(unit, day, user=request.user)
    return _section(request, "personnel/_unit_leaders.html", {"unit": unit, "day": day, "holders": holders})


@login_required
def unit_responsibilities(request: HttpRequest, pk: int) -> HttpResponse:
    """Everything the unit leads or co-leads across documents, directly or through a group reference."""
    unit = get_object_or_404(Unit.objects.visible_to(request.user), pk=pk)
    visible = set(
        Item.objects.visible_to(request.user)
        .filter(task_list__region_id=unit.region_id)
        .values_list("pk", flat=True)
    )
    found = [r for r in responsibilities(unit) if r.item_id in visible]
    context = {
        "unit": unit,
        "leads": [r for r in found if r.duty == Duty.LEAD],
        "related": [r for r in found if r.duty == Duty.RELATED],
        "sees_items": scope_of(request.user).sees_supervision,
    }
    return _section(request, "personnel/_unit_responsibilities.html", context)


def _section(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    """A section alone for the unit page's htmx request; inside a page of its own otherwise."""
    if request.headers.get("HX-Request"):
        return render(request, template, context)
    return render(request, "personnel/unit_section.html", {**context, "section": template})


# --- the notice draft ---------------------------------------------------------------------------


def notice_docx(
    changes: list[Appointment], *, issuer: str, number: str | None, date: date | None, recipients: str
) -> bytes:
    """The draft as a 任免通知 in Word, by the core's GB/T 9704 renderer."""
    out = BytesIO()
    write_notice_docx(changes, out, issuer=issuer, number=number, date=date, recipients=recipients)
    return out.getvalue()


def _default_issuer(request: HttpRequest) -> str:
    region = scope_of(request.user).region
    if region is None or region.tier != "county":
        return ""
    return f"{region.city}{region.county}人民政府"


def _changes_from_file(upload: Any) -> list[Appointment]:
    """The changes of an uploaded CSV/YAML list (any text encoding), read by the core."""
    checked = uploads.check_upload(upload, allowed=(uploads.FileKind.TEXT,))
    suffix = Path(checked.name).suffix.lower()
    if suffix not in (".csv", ".yaml", ".yml"):
        raise InvalidInput("变动清单须为 CSV 或 YAML 文件（.csv、.yaml）", f"changes file suffix {suffix!r}")
    try:
        text = decode(checked.data)
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / f"changes{suffix}"
            path.write_text(text, encoding="utf-8")
            return load_changes(str(path))
    except ParseError as exc:
        where = f"第{exc.row}行：" if exc.row else ""
        raise InvalidInput(f"{checked.name} {where}{exc.message}", exc.log_message()) from exc


@login_required
def notice(request: HttpRequest) -> HttpResponse:
    """Enter or upload the changes, preview the 任免通知 text, download it as Word."""
    _require_cadre_reader(request)
    if request.method != "POST":
        form = NoticeForm(initial={"issuer": _default_issuer(request), "date": today()})
        return _notice_page(request, form, None, _blank_rows())
    form = NoticeForm(request.POST, request.FILES)
    rows = ChangeFormSet(request.POST, prefix="rows")
    action = request.POST.get("action", "preview")
    if action in ("add", "load"):
        return _edit_rows(request, form, rows, action)
    valid = form.is_valid() & rows.is_valid()  # both validated, so every message shows at once
    if not valid:
        return _notice_page(request, form, rows, None, status=400)
    changes = [r.change() for r in rows.forms if not r.blank]
    if form.cleaned_data.get("changes_file"):
        try:
            changes += _changes_from_file(form.cleaned_data["changes_file"])
        except InvalidInput as exc:
            form.add_error("changes_file", exc.message)
            return _notice_page(request, form, rows, None, status=400)
    if not changes:
        form.add_error(None, "请至少填写一行任免事项，或上传变动清单")
        return _notice_page(request, form, rows, None, status=400)
    frame = {
        "issuer": form.cleaned_data["issuer"].strip(),
        "number": form.cleaned_data["number"].strip() or None,
        "date": form.cleaned_data["date"],
        "recipients": form.cleaned_data["recipients"],
    }
    if action == "docx":
        return _download(request, changes, frame)
    text = draft_notice(changes, **frame)
    return _notice_page(request, form, None, change_rows(changes), text=text, count=len(changes))


def _edit_rows(request: HttpRequest, form: NoticeForm, rows: Any, action: str) -> HttpResponse:
    """More blank rows, or the rows of an uploaded list added: what was typed stays as typed."""
    typed = [
        r for r in _raw_rows(rows) if any(str(r[k] or "").strip() for k in ("person", "post", "probation"))
    ]
    file_error = ""
    if action == "load":
        try:
            typed += change_rows(_changes_from_file(request.FILES.get("changes_file")))
        except InvalidInput as exc:
            file_error = exc.message
    else:
        typed += _blank_rows()
    form = NoticeForm(
        initial={k: request.POST.get(k, "") for k in ("issuer", "number", "date", "recipients")}
    )
    return _notice_page(
        request, form, None, typed or _blank_rows(), file_error=file_error, status=400 if file_error else 200
    )


def _blank_rows() -> list[dict[str, Any]]:
    return [dict(BLANK_ROW) for _ in range(NEW_ROWS)]


def _raw_rows(rows: Any) -> list[dict[str, Any]]:
    """The rows as typed, valid or not."""
    return [{name: f[name].value() for name in BLANK_ROW} for f in rows.forms]


def _notice_page(
    request: HttpRequest,
    form: NoticeForm,
    rows: Any,
    fresh: list[dict[str, Any]] | None,
    *,
    text: str = "",
    count: int = 0,
    file_error: str = "",
    status: int = 200,
) -> HttpResponse:
    """The draft page; `fresh` rows (read from a file, blank rows added) stand for the posted ones."""
    if fresh is not None:
        rows = ChangeFormSet(initial=fresh, prefix="rows")
    context = {"form": form, "rows": rows, "text": text, "count": count, "file_error": file_error}
    return render(request, "personnel/notice.html", context, status=status)


def _download(request: HttpRequest, changes: list[Appointment], frame: dict[str, Any]) -> HttpResponse:
    data = notice_docx(changes, **frame)
    note_notice_draft(Actor.from_request(request), frame["number"], [c.person for c in changes], "docx")
    name = f"任免通知{('-' + frame['number']) if frame['number'] else ''}.docx"
    response = HttpResponse(data, content_type=DOCX)
    response.headers["Content-Disposition"] = content_disposition_header(True, name)
    return response
