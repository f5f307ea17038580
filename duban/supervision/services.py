"""The writes of supervision: rounds and entries. Shared by the pages, the API, the admin and the CLI.

Each function takes an explicit actor, checks what the actor may do, runs in one transaction,
applies the model's rules (`Round.close`, `Entry.report`, `Entry.decide` …) and records the
audit event with the fields it changed. Refusals are `duban.errors` exceptions.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from duban.actors import Actor
from duban.audit import services as audit
from duban.audit.choices import EventType
from duban.errors import Conflict, InvalidInput
from duban.supervision import policy
from duban.supervision.choices import RoundState
from duban.supervision.models import Entry, Round, TaskList

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
    "submitted_by_id",
    "approved_by_id",
    "reviewed_by_id",
]


# --- rounds -------------------------------------------------------------------------------------


def open_round(
    actor: Actor,
    task_list: TaskList,
    *,
    period: str,
    as_of: date,
    deadline: date | None = None,
    tolerance: Decimal | None = None,
) -> Round:
    """Open a collection round with an empty entry for every item of the list."""
    policy.require(policy.is_office(actor, task_list.region_id), "开启调度")
    if not period.strip():
        raise InvalidInput("请填写调度期间，如：2024年1-7月", "empty period")
    if deadline is not None and deadline < as_of:
        raise InvalidInput("报送截止日期不能早于截至日期", f"deadline {deadline} before as-of {as_of}")
    if tolerance is not None and not (Decimal(0) <= tolerance <= Decimal(100)):
        raise InvalidInput("容差应在0到100个百分点之间", f"tolerance {tolerance} out of range")
    with transaction.atomic():
        rnd = Round.objects.create(
            task_list=task_list,
            period=period.strip(),
            as_of=as_of,
            deadline=deadline,
            state=RoundState.OPEN,
            **({"tolerance": tolerance} if tolerance is not None else {}),
        )
        items = list(task_list.items.order_by("order"))
        Entry.objects.bulk_create([Entry(round=rnd, item=item) for item in items])
        audit.record(
            actor,
            EventType.ROUND_OPEN,
            rnd,
            changes={"state": [None, rnd.state]},
            detail={"period": rnd.period, "as_of": as_of, "deadline": deadline, "entries": len(items)},
        )
    return rnd


def _change_state(actor: Actor, rnd: Round, event: str, what: str, action_name: str) -> Round:
    policy.require(policy.is_office(actor, rnd.task_list.region_id), what)
    with transaction.atomic():
        locked = Round.objects.select_for_update().select_related("task_list").get(pk=rnd.pk)
        before = locked.state
        getattr(locked, action_name)()
        locked.save(update_fields=["state"])
        audit.record(actor, event, locked, changes={"state": [before, locked.state]})
    rnd.state = locked.state
    return locked


def close_round(actor: Actor, rnd: Round) -> Round:
    """Stop collecting reports (the office then reviews and publishes)."""
    return _change_state(actor, rnd, EventType.ROUND_CLOSE, "截止调度", "close")


def reopen_round(actor: Actor, rnd: Round) -> Round:
    """Collect again after a close (a published round stays frozen)."""
    return _change_state(actor, rnd, EventType.ROUND_REOPEN, "重新开启调度", "reopen")


def publish_round(actor: Actor, rnd: Round) -> Round:
    """The bulletin is issued: the round is frozen."""
    return _change_state(actor, rnd, EventType.ROUND_PUBLISH, "发布通报", "publish")


# --- entries ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Report:
    """What a unit reports for an item (remark None: leave the remark as it is)."""

    progress: str
    self_status: str
    percent: Decimal | None = None
    completed_value: Decimal | None = None
    remark: str | None = None


def _locked(entry: Entry, version: int | None) -> Entry:
    """The entry, locked for the transaction; a stale version is a conflict showing the other's change."""
    locked = Entry.objects.select_for_update().select_related("round__task_list", "item").get(pk=entry.pk)
    if version is not None and locked.version != version:
        raise Conflict(
            f"本项已被他人修改（当前版本{locked.version}，您编辑的是版本{version}）："
            f"进展情况现为“{locked.progress[:60]}”，自评“{locked.status_label('self_status') or '无'}”。"
            "请刷新后在最新内容上修改。",
            f"entry {entry.pk}: version {version} is stale (now {locked.version})",
        )
    return locked


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
        locked.report(**report.__dict__)
        return _write(actor, locked, EventType.ENTRY_SAVE, before)


def submit_entry(
    actor: Actor, entry: Entry, report: Report | None = None, *, version: int | None = None
) -> Entry:
    """A unit sends its report on (with the report given, or the saved draft): to its head, or to the office."""
    policy.require(policy.may_report(actor, entry), "报送本事项")
    with transaction.atomic():
        locked = _locked(entry, version)
        before = audit.snapshot(locked, ENTRY_FIELDS)
        if report is not None:
            locked.report(**report.__dict__)
        locked.submit(actor.user, timezone.now(), needs_head=policy.needs_head(locked, actor))
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


# --- documents out ------------------------------------------------------------------------------


def note_bulletin(actor: Actor, rounds: list[Round], fmt: str, *, published: bool = False) -> None:
    """Record that a bulletin was generated (and in which format) for the rounds."""
    if not rounds:
        return
    policy.require(policy.is_office(actor, rounds[0].task_list.region_id), "生成通报")
    audit.record(
        actor,
        EventType.BULLETIN_GENERATE,
        rounds[0],
        detail={"rounds": [r.pk for r in rounds], "format": fmt, "published": published},
    )
