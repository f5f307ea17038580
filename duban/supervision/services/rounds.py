"""Opening, closing, reopening and publishing rounds."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction

from duban.actors import Actor
from duban.audit import services as audit
from duban.audit.choices import EventType
from duban.errors import InvalidInput
from duban.supervision import policy
from duban.supervision.choices import RoundState
from duban.supervision.models import Entry, Round, TaskList
from duban.supervision.signals import round_opened

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
        # Closed items (办结销号) stay in history but leave the rounds that follow.
        items = list(task_list.items.open().order_by("order"))
        entries = Entry.objects.bulk_create([Entry(round=rnd, item=item) for item in items])
        opened = audit.Entry(
            EventType.ROUND_OPEN,
            rnd,
            {"state": [None, rnd.state]},
            detail={"period": rnd.period, "as_of": as_of, "deadline": deadline, "entries": len(items)},
        )
        # A bulk write is audited row by row: each new entry with its item and state.
        created = [
            audit.Entry(EventType.ENTRY_CREATE, e, {"item_id": [None, e.item_id], "state": [None, e.state]})
            for e in entries
        ]
        audit.record_many(actor, [opened, *created])
        round_opened.send(sender=Round, round=rnd, actor=actor)
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
