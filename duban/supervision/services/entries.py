"""A unit's report on an item and the office's decision on it: save, submit, approve, return, accept."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from duban.actors import Actor
from duban.audit import services as audit
from duban.audit.choices import EventType
from duban.audit.models import Event
from duban.errors import Conflict, InvalidInput
from duban.supervision import policy
from duban.supervision.models import Entry, Instruction

ENTRY_FIELDS = [
    "state",
    "progress",
    "percent",
    "completed_value",
    "self_status",
    "status",
    "override_reason",
    "remark",
    "review_comment",
    "returns",
    "first_reported_at",
    "submitted_by_id",
    "approved_by_id",
    "reviewed_by_id",
]


@dataclass(frozen=True)
class Report:
    """What a unit reports for an item (remark None: leave the remark as it is)."""

    progress: str
    self_status: str
    percent: Decimal | None = None
    completed_value: Decimal | None = None
    remark: str | None = None
    answers: dict[int, str] = field(default_factory=dict)  # 领导批示 id → how the unit carried it out


def _apply(entry: Entry, report: Report) -> None:
    entry.report(
        progress=report.progress,
        self_status=report.self_status,
        percent=report.percent,
        completed_value=report.completed_value,
        remark=report.remark,
    )


def _answer_instructions(actor: Actor, entry: Entry, answers: dict[int, str], now: datetime) -> None:
    """Every open instruction on the item must be answered by the report that goes to the office."""
    open_ = list(Instruction.objects.filter(item_id=entry.item_id).unanswered().order_by("created_at"))
    missing = [i for i in open_ if not answers.get(i.pk, "").strip()]
    if missing:
        raise InvalidInput(
            f"本事项有{len(missing)}条领导批示尚未答复，请在“落实情况”中逐条填写后再报送",
            f"entry {entry.pk}: {len(missing)} instructions unanswered",
        )
    for instruction in open_:
        instruction.answer = answers[instruction.pk].strip()
        instruction.answered_entry = entry
        instruction.answered_at = now
        instruction.save(update_fields=["answer", "answered_entry", "answered_at"])
        audit.record(actor, EventType.ENTRY_SUBMIT, instruction, changes={"answer": ["", instruction.answer]})


def _locked(entry: Entry, version: int | None) -> Entry:
    """The entry, locked for the transaction; a stale version is a conflict showing the other's change."""
    locked = Entry.objects.select_for_update().select_related("round__task_list", "item").get(pk=entry.pk)
    if version is not None and locked.version != version:
        raise Conflict(
            f"本项已被他人修改（当前版本{locked.version}，您编辑的是版本{version}）：{_last_change(locked)}"
            f"进展情况现为“{locked.progress[:60]}”，自评“{locked.status_label('self_status') or '无'}”，"
            f"填报状态“{locked.get_state_display()}”。您填写的内容尚未保存，请在最新内容上修改后再提交。",
            f"entry {entry.pk}: version {version} is stale (now {locked.version})",
        )
    return locked


def _last_change(entry: Entry) -> str:
    """Who changed the entry last and when, from the audit log (the reader must know whose work it is)."""
    when = timezone.localtime(entry.updated_at).strftime("%Y-%m-%d %H:%M")
    last = Event.objects.for_object(entry).order_by("-seq").only("actor", "user_id").first()
    if last is None:
        return f"最后修改于{when}，"
    user = get_user_model().objects.filter(pk=last.user_id).first() if last.user_id else None
    who = (
        f"{user.display_name}（{last.actor}）"
        if user is not None and user.display_name != last.actor
        else last.actor
    )
    return f"{who}于{when}修改，"


def _write(actor: Actor, entry: Entry, event: str, before: dict[str, object], **detail: object) -> Entry:
    entry.save()
    audit.record(
        actor, event, entry, changes=audit.diff(before, audit.snapshot(entry, ENTRY_FIELDS)), detail=detail
    )
    return entry


def save_entry(actor: Actor, entry: Entry, report: Report, *, version: int | None = None) -> Entry:
    """A unit saves its report as a draft (nothing reaches the office yet)."""
    policy.require(policy.may_report(actor, entry), "填报本事项")
    with transaction.atomic():
        locked = _locked(entry, version)
        before = audit.snapshot(locked, ENTRY_FIELDS)
        _apply(locked, report)
        return _write(actor, locked, EventType.ENTRY_SAVE, before)


def submit_entry(
    actor: Actor, entry: Entry, report: Report | None = None, *, version: int | None = None
) -> Entry:
    """A unit sends its report on (with the report given, or the saved draft): to its head, or to the office."""
    policy.require(policy.may_report(actor, entry), "报送本事项")
    with transaction.atomic():
        locked = _locked(entry, version)
        before = audit.snapshot(locked, ENTRY_FIELDS)
        now = timezone.now()
        if report is not None:
            _apply(locked, report)
        locked.submit(actor.user, now, needs_head=policy.needs_head(locked, actor))
        _answer_instructions(actor, locked, report.answers if report else {}, now)
        return _write(actor, locked, EventType.ENTRY_SUBMIT, before)


def approve_entry(actor: Actor, entry: Entry, *, version: int | None = None) -> Entry:
    """The unit head approves the report, which then goes to the office."""
    policy.require(policy.may_approve(actor, entry), "审核本单位的填报")
    with transaction.atomic():
        locked = _locked(entry, version)
        before = audit.snapshot(locked, ENTRY_FIELDS)
        locked.approve(actor.user, timezone.now())
        return _write(actor, locked, EventType.ENTRY_APPROVE, before)


def return_entry(actor: Actor, entry: Entry, comment: str, *, version: int | None = None) -> Entry:
    """The office returns a report with a comment (the unit sees it and resubmits)."""
    policy.require(policy.may_review(actor, entry), "退回填报")
    with transaction.atomic():
        locked = _locked(entry, version)
        before = audit.snapshot(locked, ENTRY_FIELDS)
        locked.send_back(actor.user, timezone.now(), comment)
        return _write(actor, locked, EventType.ENTRY_RETURN, before)


def accept_entry(
    actor: Actor, entry: Entry, *, status: str | None = None, reason: str = "", version: int | None = None
) -> Entry:
    """The office accepts a report; a status against the figures (an override) needs a reason."""
    policy.require(policy.may_review(actor, entry), "审核填报")
    with transaction.atomic():
        locked = _locked(entry, version)
        before = audit.snapshot(locked, ENTRY_FIELDS)
        locked.decide(actor.user, timezone.now(), status=status, reason=reason)
        event = EventType.ENTRY_OVERRIDE if locked.override_reason else EventType.ENTRY_ACCEPT
        return _write(actor, locked, event, before)


def override_entry(
    actor: Actor, entry: Entry, *, status: str, reason: str, version: int | None = None
) -> Entry:
    """The office sets an item's status; against the figures or the unit's word it needs a reason."""
    return accept_entry(actor, entry, status=status, reason=reason, version=version)
