"""Month over month: a round against the previous round of the same list."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from duban.supervision.choices import Status, status_label
from duban.supervision.models import Entry, Round

# Progress texts this similar to last round's are reported as copied: a unit that pastes last
# month's text with a figure changed is still flagged, one that reports new work is not.
COPY_THRESHOLD = 0.9


@dataclass(frozen=True)
class StatusChange:
    """An item whose status moved between the rounds."""

    entry_id: int
    seq: int
    text: str
    before: str
    after: str
    improved: bool

    @property
    def direction(self) -> str:
        return "好转" if self.improved else "退步"


@dataclass(frozen=True)
class Copied:
    """A progress text (nearly) the same as last round's."""

    entry_id: int
    seq: int
    text: str
    similarity: float
    identical: bool


@dataclass
class Comparison:
    """Status changes and copied progress texts between two rounds."""

    current: Round
    previous: Round | None
    changes: list[StatusChange]
    copied: list[Copied]


def similarity(a: str, b: str) -> float:
    """How alike two progress texts are, ignoring whitespace and punctuation (0–1)."""
    a, b = _letters(a), _letters(b)
    if not a or not b:
        return 0.0
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def _letters(text: str) -> str:
    return re.sub(r"[\s，。；：、,.;:（）()“”\"'！!？?]", "", text)


def compare(rnd: Round, previous: Round | None = None) -> Comparison:
    """Status changes (before → after) and progress texts copied from the previous round."""
    previous = previous or rnd.previous()
    result = Comparison(rnd, previous, [], [])
    if previous is None:
        return result
    before: dict[int, Entry] = {e.item_id: e for e in previous.entries.all()}
    kind = rnd.task_list.kind
    for entry in rnd.entries.select_related("item").order_by("item__seq", "item__order"):
        old = before.get(entry.item_id)
        if old is None:
            continue
        if entry.status and old.status and entry.status != old.status:
            result.changes.append(
                StatusChange(
                    entry.pk,
                    entry.item.seq,
                    entry.item.text,
                    status_label(kind, old.status),
                    status_label(kind, entry.status),
                    Status(entry.status).rank > Status(old.status).rank,
                )
            )
        ratio = similarity(entry.progress, old.progress)
        if ratio >= COPY_THRESHOLD:
            result.copied.append(
                Copied(
                    entry.pk,
                    entry.item.seq,
                    entry.item.text,
                    round(ratio, 3),
                    _letters(entry.progress) == _letters(old.progress),
                )
            )
    return result
