"""领导批示 and 延期申请: a leader's instruction on an item; a unit's request for a later deadline."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from duban.actors import Actor
from duban.audit import services as audit
from duban.audit.choices import EventType
from duban.errors import Conflict, Forbidden, InvalidInput
from duban.roles import Role
from duban.supervision import policy
from duban.supervision.choices import ExtensionState
from duban.supervision.models import Entry, ExtensionRequest, Instruction, Item, Round


def give_instruction(actor: Actor, item: Item, text: str, *, round: Round | None = None) -> Instruction:
    """A leader writes an instruction on an item; the office and the lead unit see it."""
    user = actor.user
    if user is None or user.role != Role.LEADER or not item.task_list.region_id == user.region_id:
        raise Forbidden("只有本区领导可以作出批示", f"forbidden: instruction by {actor.name}")
    if not text.strip():
        raise InvalidInput("请填写批示内容", "empty instruction")
    with transaction.atomic():
        instruction = Instruction.objects.create(item=item, round=round, author=user, text=text.strip())
        audit.record(actor, EventType.ITEM_CHANGE, instruction, changes={"text": [None, instruction.text]})
    return instruction


def request_extension(actor: Actor, entry: Entry, *, until: date, reason: str) -> ExtensionRequest:
    """A lead unit asks for a later deadline on an item of an open round, with a reason."""
    policy.require(policy.may_report(actor, entry), "为本事项申请延期")
    entry.round.require_open()
    if actor.user is None:
        raise Forbidden("延期申请须由单位账号提出", "extension without a user")
    if not reason.strip():
        raise InvalidInput("请写明延期理由", "extension without reason")
    deadline = entry.round.deadline
    if deadline is not None and until <= deadline:
        raise InvalidInput(
            f"申请延至的日期应晚于报送截止日期（{deadline:%Y年%-m月%-d日}）", "extension not later"
        )
    with transaction.atomic():
        if ExtensionRequest.objects.filter(entry=entry, state=ExtensionState.PENDING).exists():
            raise Conflict("本事项已有待审批的延期申请", f"entry {entry.pk} has a pending extension")
        request = ExtensionRequest.objects.create(
            entry=entry, requested_by=actor.user, reason=reason.strip(), until=until
        )
        audit.record(actor, EventType.ENTRY_SAVE, request, changes={"until": [None, until]})
    return request


def decide_extension(
    actor: Actor, request: ExtensionRequest, *, approve: bool, note: str = ""
) -> ExtensionRequest:
    """The office approves or refuses; the decision is kept and the lights use an approved date."""
    policy.require(policy.may_review(actor, request.entry), "审批延期申请")
    if request.state != ExtensionState.PENDING:
        raise Conflict("该申请已审批", f"extension {request.pk} already decided")
    if not approve and not note.strip():
        raise InvalidInput("不同意延期须写明理由", "refusal without note")
    with transaction.atomic():
        request.state = ExtensionState.APPROVED if approve else ExtensionState.REFUSED
        request.decided_by = actor.user
        request.decided_at = timezone.now()
        request.decision_note = note.strip()
        request.save(update_fields=["state", "decided_by", "decided_at", "decision_note"])
        audit.record(
            actor, EventType.ENTRY_ACCEPT, request, changes={"state": [ExtensionState.PENDING, request.state]}
        )
    return request
