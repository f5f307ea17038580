"""The three-colour escalation of a round's lead units, and issuing the 督办单 with their notices."""

from __future__ import annotations

import logging
from datetime import date, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from duban.actors import Actor
from duban.audit import services as audit
from duban.audit.choices import EventType
from duban.reminders.choices import CAUSE_LEVELS, Cause, Level, rank
from duban.reminders.models import Channel, Delivery, Notification, Reminder, ReminderItem
from duban.reminders.plans import PlanItem, ReminderPlan
from duban.reminders.rules import Rule, rule_from_settings
from duban.reminders.texts import notice_text, notice_title
from duban.supervision import policy
from duban.supervision.bulletin import entries_of
from duban.supervision.choices import Status
from duban.supervision.models import Entry, Round
from duban.supervision.queries import lead_units

log = logging.getLogger("duban.reminders")

__all__ = ["Cause", "PlanItem", "ReminderPlan", "Rule", "escalation", "issue_reminders"]


def is_submitted(entry: Entry) -> bool:
    """A unit has reported once it submitted, or once the office recorded a status (imported rounds)."""
    return bool(entry.status) or entry.submitted_at is not None


def escalation(rnd: Round, today: date, rule: Rule | None = None) -> list[ReminderPlan]:
    """The 督办单 each lead unit of the round is due today, before de-duplication against those issued.

    Not submitted: blue from `blue_days_before` days before the deadline until overdue; yellow once more than
    `yellow_after_days` days past it; red when the unit is still overdue `red_after_days` after it was sent
    a yellow (or red) for this round. Lagging: yellow; red when the item also lagged in the previous round.
    A round without a deadline only escalates on lagging items.
    """
    rule = rule or rule_from_settings()
    deadline = rnd.deadline
    overdue = deadline is not None and today > deadline + timedelta(days=rule.yellow_after_days)
    due_soon = (
        deadline is not None and not overdue and today >= deadline - timedelta(days=rule.blue_days_before)
    )
    prev = rnd.previous()
    lagged_before: set[int] = set()
    if prev is not None:
        lagged_before = set(prev.entries.filter(status=Status.LAGGING).values_list("item_id", flat=True))
    chased = _units_chased(rnd, today, rule) if overdue else set()

    plans: dict[int, ReminderPlan] = {}
    for entry in entries_of(rnd):
        if entry.status == Status.LAGGING:
            item_cause: Cause | None = (
                Cause.LAGGING_TWICE if entry.item_id in lagged_before else Cause.LAGGING
            )
        elif is_submitted(entry):
            item_cause = None
        elif overdue:
            item_cause = Cause.OVERDUE
        elif due_soon:
            item_cause = Cause.DUE_SOON
        else:
            item_cause = None
        if item_cause is None:
            continue
        for unit in lead_units(entry.item):
            cause = Cause.OVERDUE_AGAIN if item_cause == Cause.OVERDUE and unit.pk in chased else item_cause
            plans.setdefault(unit.pk, ReminderPlan(unit, [])).items.append(PlanItem(entry, cause))
    return list(plans.values())


def _units_chased(rnd: Round, today: date, rule: Rule) -> set[int]:
    """Units already sent a yellow (or red) for this round at least `red_after_days` ago.

    Any such notice counts, even one sent for a lagging item before the deadline: it listed every item the
    unit had not yet submitted, so a unit still overdue has been chased once and escalates to red.
    """
    return set(
        Reminder.objects.filter(
            round=rnd,
            level__in=[Level.YELLOW, Level.RED],
            issued_on__lte=today - timedelta(days=rule.red_after_days),
        ).values_list("unit_id", flat=True)
    )


def issue_reminders(actor: Actor, rnd: Round, today: date, rule: Rule | None = None) -> list[Reminder]:
    """Store the 督办单 due today with their notices and deliveries; returns those issued or supplemented.

    Idempotent: a unit has at most one reminder per level and round. An item already listed at its level
    (or higher) is not sent again; a unit's plan with new items creates the reminder of the plan's level,
    or, when that reminder exists, adds the items to it and sends a supplementary (补充) notice.
    """
    policy.require(policy.is_office(actor, rnd.task_list.region_id), "签发督办单")
    rule = rule or rule_from_settings()
    issued: list[Reminder] = []
    with transaction.atomic():
        by_unit: dict[int, dict[Level, Reminder]] = {}
        for old in Reminder.objects.filter(round=rnd).prefetch_related("listed"):
            by_unit.setdefault(old.unit_id, {})[Level(old.level)] = old
        for plan in escalation(rnd, today, rule):
            mine = by_unit.setdefault(plan.unit.pk, {})
            fresh = [p for p in plan.items if not _covered(mine, p)]
            if not fresh:
                continue
            level = plan.level
            reply_by = _reply_by(rnd, today, rule, level)
            text = notice_text(plan, rnd, today, reply_by)
            reminder = mine.get(level)
            supplement = reminder is not None
            if reminder is None:
                reminder, _ = Reminder.objects.get_or_create(
                    round=rnd,
                    unit=plan.unit,
                    level=level,
                    defaults={"reason": plan.reason, "text": text, "issued_on": today, "reply_by": reply_by},
                )
                mine[level] = reminder
            else:
                reminder.reason, reminder.text, reminder.reply_by = plan.reason, text, reply_by
                reminder.save(update_fields=["reason", "text", "reply_by"])
            _list_items(reminder, plan.items)
            title = notice_title(level, rnd) + ("（补充）" if supplement else "")
            _notify(reminder, title)
            log.info(
                "%s %s reminder %s to unit %s for round %s (%d new items)",
                "supplemented" if supplement else "issued",
                level,
                reminder.pk,
                plan.unit.pk,
                rnd.pk,
                len(fresh),
            )
            audit.record(
                actor,
                EventType.REMINDER,
                reminder,
                detail={
                    "level": level,
                    "unit": plan.unit.full_name,
                    "items": [p.entry.item.seq for p in fresh],
                    "supplement": supplement,
                },
            )
            issued.append(reminder)
    return issued


def _covered(mine: dict[Level, Reminder], planned: PlanItem) -> bool:
    """Whether the unit was already sent this item for a cause at least as serious (at any level)."""
    needed = rank(CAUSE_LEVELS[planned.cause])
    return any(
        listed.item_id == planned.entry.item_id and rank(CAUSE_LEVELS[Cause(listed.cause)]) >= needed
        for r in mine.values()
        for listed in r.listed.all()
    )


def _list_items(reminder: Reminder, planned: list[PlanItem]) -> None:
    """List the plan's items in the reminder, each with its current cause."""
    for p in planned:
        ReminderItem.objects.update_or_create(
            reminder=reminder, item_id=p.entry.item_id, defaults={"cause": p.cause}
        )


def _reply_by(rnd: Round, today: date, rule: Rule, level: Level) -> date | None:
    """A blue notice asks for the report by the deadline; yellow and red give `reply_days` from today."""
    if level == Level.BLUE:
        return rnd.deadline
    return today + timedelta(days=rule.reply_days)


def _notify(reminder: Reminder, title: str) -> Notification:
    """The in-app notice, and a pending delivery on each active channel of the unit and of the office."""
    unit = reminder.unit
    notification = Notification.objects.create(reminder=reminder, unit=unit, title=title, body=reminder.text)
    channels = Channel.objects.filter(active=True).filter(
        Q(unit=unit) | Q(unit__isnull=True, region_id=unit.region_id)
    )
    now = timezone.now()
    Delivery.objects.bulk_create(
        [Delivery(notification=notification, channel=c, next_attempt_at=now) for c in channels.order_by("pk")]
    )
    return notification
