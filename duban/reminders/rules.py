"""The escalation rule's settings: when blue, yellow and red notices are due, and how long units get to reply."""

from __future__ import annotations

import os
from dataclasses import dataclass

from django.conf import settings


@dataclass(frozen=True)
class Rule:
    """When each colour of 督办单 is issued (all in days; every field can be set from the environment).

    - blue_days_before (DUBAN_REMINDER_BLUE_DAYS, 3): a blue reminder for items not yet submitted, from this
      many days before the deadline until the unit is overdue;
    - yellow_after_days (DUBAN_REMINDER_YELLOW_DAYS, 0): days of grace after the deadline; after them an
      unsubmitted item is overdue (yellow); a lagging item is yellow whatever the date;
    - red_after_days (DUBAN_REMINDER_RED_DAYS, 1): a unit still overdue this many days after its yellow is red;
    - reply_days (DUBAN_REMINDER_REPLY_DAYS, 3): the time a yellow or red notice gives the unit to reply.
    """

    blue_days_before: int = 3
    yellow_after_days: int = 0
    red_after_days: int = 1
    reply_days: int = 3


_SETTINGS = {
    "blue_days_before": "DUBAN_REMINDER_BLUE_DAYS",
    "yellow_after_days": "DUBAN_REMINDER_YELLOW_DAYS",
    "red_after_days": "DUBAN_REMINDER_RED_DAYS",
    "reply_days": "DUBAN_REMINDER_REPLY_DAYS",
}


def rule_from_settings() -> Rule:
    """The rule configured by Django settings or, failing them, environment variables of the same names."""
    values: dict[str, int] = {}
    for field_name, name in _SETTINGS.items():
        raw = getattr(settings, name, None)
        if raw is None:
            raw = os.environ.get(name)
        if raw is None or str(raw).strip() == "":
            continue
        try:
            number = int(str(raw).strip())
        except ValueError:
            raise ValueError(f"{name} must be a whole number of days, got {raw!r}") from None
        if number < 0:
            raise ValueError(f"{name} must not be negative, got {number}")
        values[field_name] = number
    return Rule(**values)
