"""Importing documents in the browser: upload → preview of the parsed records and warnings → confirm.

The preview parses the file and stores nothing in the database: its bytes wait in a private
file of the data folder (`duban.web.uploads.stash`), bound to the officer and to their hash,
until the confirmation imports exactly those bytes through `import_data`. The upload form posts
with htmx so that a large file shows its progress; every page also works without scripts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from duban.actors import Actor
from duban.core import model as core
from duban.core.divisions import find_region, parse_region
from duban.core.errors import ParseError
from duban.core.lint import lint_all
from duban.core.model import decimal_str
from duban.core.parse import parse_data
from duban.documents.choices import DocumentKind, ImportState
from duban.documents.models import Document, ImportRecord
from duban.errors import DomainError, Forbidden, InvalidInput
from duban.intake.records import OUTCOME_LABELS, DocResult, ImportResult, Options, Outcome, content_hash
from duban.intake.services import import_data
from duban.roles import Role
from duban.units.models import Region
from duban.units.scope import scope_of
from duban.web import uploads
from duban.web.forms import StyledForm

COUNT_LABELS = {
    "appointments": "任免事项",
    "tasks": "目标任务",
    "indicators": "民生实事指标",
    "measures": "激励措施",
    "items": "事项",
}
PREVIEW_ROWS = 5  # the first rows of each list shown in the preview
PREVIEW_APPOINTMENTS = 300  # appointment items shown in full up to this many per document
# An import that still says "running" this long after it began was cut off (killed, crashed).
STALE_AFTER = timedelta(minutes=30)


# --- forms ------------------------------------------------------------------------------------


class _OptionsForm(StyledForm):
    region = forms.ChoiceField(
        label="行政区划",
        required=False,
        help_text="发文机关写明行政区划时不必选择；无法从发文机关判断时按这里导入",
    )
    as_of = forms.DateField(
        label="调度截至日期",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="导入督查通报时生成的调度轮次截至哪一天；不填则按标题所述期间",
    )
    replace = forms.BooleanField(
        label="同一文号已导入而内容不同时，用新内容替换（保留督查室的审核、改判与人员核实）", required=False
    )
    confirm = forms.BooleanField(label="替换会删除督查室的工作记录时，确认删除", required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        region = scope_of(user).region
        choices = [("", "按发文机关判断")]
        if region is not None and region.tier == "county":
            choices.append((region.full_name, region.full_name))
        self.fields["region"].choices = choices  # type: ignore[attr-defined]

    def options(self) -> Options:
        data = self.cleaned_data
        replace = bool(data.get("replace"))
        return Options(
            region=data.get("region") or None,
            replace=replace,
            confirm=replace and bool(data.get("confirm")),  # confirming means nothing without replacing
            as_of=data.get("as_of"),
        )


class UploadForm(_OptionsForm):
    file = forms.FileField(label="公文文件", allow_empty_file=True)
    field_order = ["file", "region", "as_of", "replace", "confirm"]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        limit = uploads.size_text(uploads.max_bytes())
        self.fields["file"].help_text = f".txt、.docx 或 .xlsx，不超过 {limit}；一个文件可含多份公文"
        self.fields["file"].widget.attrs["accept"] = ".txt,.docx,.xlsx"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("confirm") and not data.get("replace"):
            self.add_error("confirm", "只有选择“替换”时才需要确认删除")
        return data

    def clean_file(self) -> uploads.Upload:
        try:
            return uploads.check_upload(self.cleaned_data.get("file"))
        except InvalidInput as exc:
            raise forms.ValidationError(exc.message) from exc


class ConfirmForm(_OptionsForm):
    """The preview's confirmation: which stashed file (token and hash) and how to import it."""

    token = forms.CharField(widget=forms.HiddenInput)
    sha256 = forms.CharField(widget=forms.HiddenInput)


# --- access -----------------------------------------------------------------------------------


def _require_office(request: HttpRequest) -> None:
    if scope_of(request.user).role != Role.OFFICE:
        raise Forbidden("只有督查室可以导入公文和查看导入记录", f"forbidden: imports page for {request.user}")


def _page(request: HttpRequest, area: str, context: dict[str, Any], status: int = 200) -> HttpResponse:
    """The import page around one of its parts; an htmx request gets the part alone."""
    if request.headers.get("HX-Request"):
        return render(request, area, context, status=status)
    return render(request, "intake/page.html", {**context, "area": area}, status=status)


# --- the preview ------------------------------------------------------------------------------


@dataclass
class DocPreview:
    """One document of the file as it would be imported."""

    doc: core.ParsedDocument
    kind_label: str
    region: str = ""
    problem: str = ""  # why it cannot be imported as it stands (the region)
    foreign: bool = False  # another region's document: the file is not imported at all
    state: str = "new"  # new / same / conflict
    existing: Document | None = None
    counts: list[tuple[str, int]] = field(default_factory=list)
    tasks: list[dict[str, str]] = field(default_factory=list)
    indicators: list[dict[str, str]] = field(default_factory=list)
    measures: list[dict[str, str]] = field(default_factory=list)
    appointments: list[core.Appointment] = field(default_factory=list)

    @property
    def more_appointments(self) -> int:
        return len(self.doc.appointments) - len(self.appointments)


def preview_documents(user: Any, data: bytes, name: str, options: Options) -> list[DocPreview]:
    """The documents of a file, linted, each with its region and whether its 文号 is stored already."""
    try:
        parsed = parse_data(data, name)
    except ParseError as exc:
        raise InvalidInput(str(exc), exc.log_message()) from exc
    lint_all(parsed)
    return [_preview_one(user, doc, options) for doc in parsed]


def _preview_one(user: Any, doc: core.ParsedDocument, options: Options) -> DocPreview:
    kinds = dict(DocumentKind.choices)
    found = DocPreview(doc, kind_label=str(kinds.get(str(doc.kind), doc.kind)))
    counts = {
        "appointments": len(doc.appointments),
        "tasks": len(doc.tasks),
        "indicators": len(doc.indicators),
        "measures": len(doc.measures),
    }
    found.counts = [(COUNT_LABELS[k], n) for k, n in counts.items() if n]
    found.tasks = [_task_row(t) for t in doc.tasks[:PREVIEW_ROWS]]
    found.indicators = [_indicator_row(i) for i in doc.indicators[:PREVIEW_ROWS]]
    found.measures = [_measure_row(m) for m in doc.measures[:PREVIEW_ROWS]]
    found.appointments = doc.appointments[:PREVIEW_APPOINTMENTS]
    region = _region(user, doc, options, found)
    if region is not None:
        existing = _existing(user, region, doc)
        if existing is not None:
            found.existing = existing
            found.state = "same" if existing.content_hash == content_hash(doc) else "conflict"
    return found


def _region(user: Any, doc: core.ParsedDocument, options: Options, found: DocPreview) -> Region | None:
    """The stored region the document would go to, when the officer manages it (nothing is created)."""
    try:
        division = parse_region(options.region) if options.region else find_region(doc.issuer)
    except ParseError as exc:
        found.problem = exc.message
        return None
    if division is None:
        found.problem = (
            f"无法从发文机关“{doc.issuer or '（未写明）'}”判断所属行政区划，请选择行政区划后重新上传"
        )
        return None
    found.region = division.name
    region = (
        Region.objects.visible_to(user)
        .filter(province=division.province, city=division.city or "", county=division.county)
        .first()
    )
    if region is None or not scope_of(user).manages(region.pk):
        found.problem = f"本份公文属于{division.name}，不是您所在的行政区划，不能导入"
        found.foreign = True
        return None
    return region


def _existing(user: Any, region: Region, doc: core.ParsedDocument) -> Document | None:
    documents = Document.objects.visible_to(user).filter(region=region)
    if doc.number is not None:
        return documents.filter(code=doc.number.code, year=doc.number.year, serial=doc.number.serial).first()
    return documents.filter(number="", content_hash=content_hash(doc)).first()


def _task_row(t: core.Task) -> dict[str, str]:
    return {
        "seq": str(t.seq),
        "text": t.text,
        "units": "、".join(t.lead_units),
        "status": t.status.task_label if t.status else "",
        "livelihood": "区级民生实事" if t.district_livelihood else "",
    }


def _indicator_row(i: core.Indicator) -> dict[str, str]:
    return {
        "category": i.category,
        "seq": str(i.seq),
        "names": " / ".join(i.names),
        "indicator": i.indicator,
        "target": i.target.text,
        "unit": i.lead_unit,
        "percent": f"{decimal_str(i.percent)}%" if i.percent is not None else "",
        "status": i.evaluation.indicator_label if i.evaluation else "",
    }


def _measure_row(m: core.Measure) -> dict[str, str]:
    return {
        "seq": str(m.seq),
        "text": m.text,
        "provincial": m.provincial_lead or "",
        "unit": m.lead_unit,
        "related": "、".join(m.related_units),
    }


# --- pages ------------------------------------------------------------------------------------


@login_required
def upload(request: HttpRequest) -> HttpResponse:
    """The upload form (GET) and its preview (POST): nothing is stored in the database."""
    _require_office(request)
    if request.method != "POST":
        return _page(request, "intake/_upload_form.html", {"form": UploadForm(user=request.user)})
    form = UploadForm(request.POST, request.FILES, user=request.user)
    if not form.is_valid():
        return _page(request, "intake/_upload_form.html", {"form": form}, status=400)
    upload_: uploads.Upload = form.cleaned_data["file"]
    options = form.options()
    try:
        documents = preview_documents(request.user, upload_.data, upload_.name, options)
    except InvalidInput as exc:
        form.add_error("file", exc.message)
        return _page(request, "intake/_upload_form.html", {"form": form}, status=400)
    foreign = [d for d in documents if d.foreign]
    if foreign:
        # The import service stores every document of a file; another region's is not this office's.
        context = {"upload": upload_, "size": uploads.size_text(upload_.size), "documents": documents}
        return _page(request, "intake/_preview.html", {**context, "foreign": foreign})
    stashed = uploads.stash(upload_, int(request.user.pk or 0))
    confirm = ConfirmForm(
        initial={
            "token": stashed.token,
            "sha256": stashed.sha256,
            "region": options.region or "",
            "as_of": options.as_of,
            "replace": options.replace,
            "confirm": options.confirm,
        },
        user=request.user,
    )
    context = {
        "upload": upload_,
        "size": uploads.size_text(stashed.size),
        "documents": documents,
        "confirm_form": confirm,
        "importable": any(not d.problem for d in documents),
        "conflicts": [d for d in documents if d.state == "conflict"],
    }
    return _page(request, "intake/_preview.html", context)


@login_required
@require_POST
def confirm(request: HttpRequest) -> HttpResponse:
    """Import the previewed file; the result lists each document's outcome and every change."""
    _require_office(request)
    form = ConfirmForm(request.POST, user=request.user)
    if not form.is_valid():
        raise InvalidInput(
            "确认导入的请求不完整，请重新上传文件", f"bad confirm form: {form.errors.as_json()}"
        )
    token, digest = form.cleaned_data["token"], form.cleaned_data["sha256"]
    try:
        stashed, data = uploads.take(token, digest, int(request.user.pk or 0))
    except InvalidInput as exc:
        retry = UploadForm(user=request.user)
        return _page(request, "intake/_upload_form.html", {"form": retry, "error": exc.message}, status=400)
    options = form.options()
    try:
        result = import_data(Actor.from_request(request), data, stashed.name, options)
    except DomainError as exc:
        return _page(
            request,
            "intake/_result.html",
            {"error": exc.message, "stashed": stashed, "retry_form": form},
            status=exc.status,
        )
    again = _again(result, options)
    if again is None:
        uploads.discard(token)
    context = _result_context(request.user, result, stashed, again, options)
    return _page(request, "intake/_result.html", context)


def _again(result: ImportResult, options: Options) -> Options | None:
    """The options of a second run the officer may ask for (replace, confirm), if any is needed."""
    outcomes = {d.outcome for d in result.documents}
    if Outcome.NEEDS_CONFIRMATION in outcomes:
        return Options(region=options.region, replace=True, confirm=True, as_of=options.as_of)
    if Outcome.CONFLICT in outcomes:
        return Options(region=options.region, replace=True, confirm=options.confirm, as_of=options.as_of)
    return None


TONES = {
    Outcome.CREATED: "success",
    Outcome.REPLACED: "success",
    Outcome.UNCHANGED: "secondary",
    Outcome.CONFLICT: "warning",
    Outcome.NEEDS_CONFIRMATION: "warning",
    Outcome.NEEDS_REGION: "danger",
    Outcome.ERROR: "danger",
}


@dataclass(frozen=True)
class ResultView:
    result: DocResult
    label: str
    counts: list[tuple[str, int]]

    @property
    def tone(self) -> str:
        return TONES[self.result.outcome]


def _result_context(
    user: Any,
    result: ImportResult,
    stashed: uploads.Stashed,
    again: Options | None,
    options: Options,
) -> dict[str, Any]:
    views = [
        ResultView(
            d,
            OUTCOME_LABELS[d.outcome],
            [(COUNT_LABELS.get(k, k), v) for k, v in d.counts.items() if v and k != "items"],
        )
        for d in result.documents
    ]
    again_form = None
    if again is not None:
        again_form = ConfirmForm(
            initial={
                "token": stashed.token,
                "sha256": stashed.sha256,
                "region": again.region or "",
                "as_of": again.as_of,
                "replace": again.replace,
                "confirm": again.confirm,
            },
            user=user,
        )
    return {
        "record": result.record,
        "stashed": stashed,
        "documents": views,
        "again": again,
        "again_form": again_form,
        "needs_confirmation": [v for v in views if v.result.outcome == Outcome.NEEDS_CONFIRMATION],
        "conflicts": [v for v in views if v.result.outcome == Outcome.CONFLICT],
        "stored": sum(1 for d in result.documents if d.outcome.stored),
        "tally": [
            (OUTCOME_LABELS[o], n)
            for o in Outcome
            if (n := sum(1 for d in result.documents if d.outcome == o))
        ],
        "failed": result.failed,
        "options": options,
    }


@dataclass(frozen=True)
class RecordRow:
    record: ImportRecord
    state: str  # running / stale / finished / failed
    label: str
    documents: list[dict[str, Any]]  # those listed one by one (`summary_of`)
    counts: dict[str, int]  # every document's outcome → how many
    omitted: int  # documents not listed one by one

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def tally(self) -> list[tuple[str, int]]:
        """How many documents had each outcome, in the order of the outcomes."""
        return [(OUTCOME_LABELS[o], self.counts[o]) for o in Outcome if self.counts.get(o)]


def _record_row(record: ImportRecord, now: Any, summary: dict[str, Any] | None = None) -> RecordRow:
    """The record as a page shows it (`summary`: what of its summary is read, if not all of it)."""
    summary = (record.summary or {}) if summary is None else summary
    documents = [
        {**d, "label": OUTCOME_LABELS.get(Outcome(d["outcome"]), d["outcome"])}
        for d in summary.get("documents", [])
        if d.get("outcome") in set(Outcome)
    ]
    # Every finished record has a tally (`summary_of`; older ones from documents/0004_summary_tally).
    tally = summary.get("tally")
    tally = tally if isinstance(tally, dict) else {}
    counts = {k: v for k, v in tally.items() if k in set(Outcome) and isinstance(v, int)}
    omitted = summary.get("omitted", 0) if isinstance(summary.get("omitted"), int) else 0
    if record.state == ImportState.RUNNING:
        state, label = (
            ("stale", "未完成：导入被中断（已存入的公文各自完整）")
            if now - record.imported_at > STALE_AFTER
            else ("running", "正在导入")
        )
    elif record.state == ImportState.FAILED:
        state, label = "failed", "失败"
    else:
        state, label = "finished", "已完成"
    return RecordRow(record, state, label, documents, counts, omitted)


@login_required
def records(request: HttpRequest) -> HttpResponse:
    """The imports the officer may see, newest first, with their state."""
    _require_office(request)
    # The tally alone, from the database: a large import's summary lists a thousand documents.
    queryset = (
        ImportRecord.objects.visible_to(request.user)
        .defer("summary")
        .annotate(tally=F("summary__tally"))
        .order_by("-imported_at", "-pk")
    )
    page = Paginator(queryset, 30).get_page(request.GET.get("page"))
    now = timezone.now()
    # getattr: the type stubs do not know the annotation.
    rows = [_record_row(r, now, {"tally": getattr(r, "tally", None)}) for r in page]
    return render(request, "intake/records.html", {"page": page, "rows": rows})


@login_required
def record(request: HttpRequest, pk: int) -> HttpResponse:
    """One import: who, when, which bytes, each document's outcome, the documents stored."""
    _require_office(request)
    found = get_object_or_404(ImportRecord.objects.visible_to(request.user), pk=pk)
    row = _record_row(found, timezone.now())
    documents = Document.objects.visible_to(request.user).filter(import_record=found).order_by("pk")
    # A page at a time: an archive's import stores ten thousand documents.
    stored = Paginator(documents, STORED_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "intake/record.html", {"row": row, "stored": stored})


STORED_PER_PAGE = 200
