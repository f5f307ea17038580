"""What the escalation rule decides: the items a unit must be reminded of, why, and at which level."""

from __future__ import annotations

from dataclasses import dataclass

from duban.reminders.choices import CAUSE_LEVELS, LEVEL_ORDER, Cause, Level
from duban.supervision.models import Entry
from duban.units.models import Unit


@dataclass
class PlanItem:
    """An entry of the round that needs the unit's attention, and why."""

    entry: Entry
    cause: Cause


@dataclass
class ReminderPlan:
    """The 督办单 a unit is due: its level is that of its most serious item."""

    unit: Unit
    items: list[PlanItem]

    @property
    def level(self) -> Level:
        return max((CAUSE_LEVELS[p.cause] for p in self.items), key=LEVEL_ORDER.index)

    @property
    def causes(self) -> set[Cause]:
        return {p.cause for p in self.items}

    @property
    def reason(self) -> str:
        """ "逾期未报送2项；连续两轮进展滞后1项" in the order of seriousness."""
        counts = {c: sum(1 for p in self.items if p.cause == c) for c in Cause}
        order = sorted(counts, key=lambda c: -LEVEL_ORDER.index(CAUSE_LEVELS[c]))
        return "；".join(f"{c.label}{counts[c]}项" for c in order if counts[c])
