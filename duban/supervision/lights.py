"""红黄绿 lights: how each entry of a round stands against its deadline and its progress.

- green: reported on time and not lagging (or not yet due, with time to spare);
- yellow: not yet reported with the deadline close (the blue-reminder window), or reported lagging;
- red: not reported past its deadline, or lagging this round and the last one;
- grey: nothing to report (the round is over and the item was closed).

The deadline is the round's, or the later date the office approved on an extension request.
The same rule days as the reminders (`duban.reminders.rules`) are not imported here — supervision
stands below reminders — so the warning window is a parameter with the reminders' default.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from duban.supervision.choices import REPORTED_STATES, EntryState, ExtensionState, Light, RoundState, Status
from duban.supervision.models import Entry, ExtensionRequest, Round

WARN_DAYS = 3


@dataclass(frozen=True)
class Lit:
    """An entry's light, the deadline it was judged against, and why."""

    light: Light
    deadline: date | None
    reason: str

    @property
    def css(self) -> str:
        return f"light light-{self.light}"

    @property
    def word(self) -> str:
        return {Light.GREEN: "正常", Light.YELLOW: "预警", Light.RED: "督办", Light.GREY: "—"}[self.light]


def approved_deadlines(entries: Iterable[Entry]) -> dict[int, date]:
    """The approved extension date of each entry that has one (one query for all)."""
    ids = [e.pk for e in entries]
    found: dict[int, date] = {}
    for entry_id, until in (
        ExtensionRequest.objects.filter(entry_id__in=ids, state=ExtensionState.APPROVED)
        .order_by("decided_at")
        .values_list("entry_id", "until")
    ):
        found[entry_id] = until
    return found


def lagged_before(rnd: Round) -> set[int]:
    """Items that lagged in the previous round of the same list."""
    prev = rnd.previous()
    if prev is None:
        return set()
    return set(prev.entries.filter(status=Status.LAGGING).values_list("item_id", flat=True))


def light_of(
    entry: Entry,
    today: date,
    *,
    deadline: date | None,
    lagged_last_round: bool,
    warn_days: int = WARN_DAYS,
) -> Lit:
    """The light of one entry on a day."""
    rnd = entry.round
    reported = entry.state in REPORTED_STATES or (rnd.state != RoundState.OPEN and bool(entry.status))
    if entry.status == Status.LAGGING and reported:
        if lagged_last_round:
            return Lit(Light.RED, deadline, "连续两轮进展滞后")
        return Lit(Light.YELLOW, deadline, "进展滞后")
    if reported:
        return Lit(Light.GREEN, deadline, "已报送")
    if entry.item.closed_at is not None and rnd.state != RoundState.OPEN:
        return Lit(Light.GREY, deadline, "已办结")
    if deadline is None:
        return Lit(Light.GREEN, None, "未设截止日期")
    if today > deadline:
        return Lit(Light.RED, deadline, f"逾期未报送（截止{deadline:%-m月%-d日}）")
    if today >= deadline - timedelta(days=warn_days):
        return Lit(Light.YELLOW, deadline, f"临近截止未报送（{deadline:%-m月%-d日}截止）")
    if entry.state == EntryState.RETURNED:
        return Lit(Light.YELLOW, deadline, "已退回，待重新报送")
    return Lit(Light.GREEN, deadline, f"{deadline:%-m月%-d日}截止")


def lights(entries: list[Entry], today: date) -> dict[int, Lit]:
    """The light of each entry (entries of any rounds), in a constant number of queries."""
    extended = approved_deadlines(entries)
    lagging: dict[int, set[int]] = {}
    out: dict[int, Lit] = {}
    for entry in entries:
        rnd = entry.round
        if rnd.pk not in lagging:
            lagging[rnd.pk] = lagged_before(rnd)
        out[entry.pk] = light_of(
            entry,
            today,
            deadline=extended.get(entry.pk, rnd.deadline),
            lagged_last_round=entry.item_id in lagging[rnd.pk],
        )
    return out
