"""The round check: stated statuses the figures contradict, targets found in texts, missing reports, lint."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from duban.core import model as core
from duban.core.evaluation import consistency_flag
from duban.supervision.bulletin import Loaded, entries_of, entry_facts, lead_names, text_pairs
from duban.supervision.bulletin_doc import bulletin_doc, doc_for, lint_generated, sibling_rounds
from duban.supervision.models import Entry, Round


@dataclass(frozen=True)
class Flag:
    """A stated status the figures contradict."""

    entry_id: int
    seq: int
    text: str
    units: list[str]
    message: str


@dataclass(frozen=True)
class TextPair:
    """A target found in a task's text and the figure that answers it in the progress text."""

    entry_id: int
    seq: int
    label: str
    target: str
    actual: str
    share: Decimal | None
    kind: str


@dataclass(frozen=True)
class Missing:
    """An item nobody has reported on."""

    entry_id: int
    seq: int
    text: str
    units: list[str]


@dataclass
class CheckResult:
    """What the round check finds."""

    flags: list[Flag] = field(default_factory=list)
    pairs: list[TextPair] = field(default_factory=list)
    missing: list[Missing] = field(default_factory=list)
    lint: list[str] = field(default_factory=list)


def entry_checks(rnd: Round, entries: list[Entry]) -> CheckResult:
    """The checks of single entries (with their items, lists and links loaded): flags, pairs, missing."""
    result = CheckResult()
    for e in entries:
        for p in text_pairs(e):
            result.pairs.append(
                TextPair(e.pk, e.item.seq, p.label, p.target.text, p.actual.text, p.share, p.kind)
            )
        if not e.status:
            result.missing.append(Missing(e.pk, e.item.seq, e.item.text, lead_names(e)))
            continue
        facts = entry_facts(e, rnd)
        if facts is None:
            continue
        flag = consistency_flag(core.Status(e.status), facts)
        if flag is not None:
            result.flags.append(Flag(e.pk, e.item.seq, e.item.text, lead_names(e), flag.message))
    return result


def check_round(rnd: Round) -> CheckResult:
    """Consistency flags (stated status vs figures), text-target pairs, and missing submissions."""
    loaded: Loaded = {}
    result = entry_checks(rnd, entries_of(rnd, loaded))
    # Lint: what the imported bulletin said about itself, and the bulletin duban would generate now.
    result.lint = list(rnd.document.warnings) if rnd.document else []
    bulletin = rnd.bulletins.order_by("-created_at").first()
    doc = (
        doc_for(bulletin, loaded)
        if bulletin is not None
        else bulletin_doc(sibling_rounds(rnd), loaded=loaded)
    )
    generated = lint_generated(doc)
    result.lint += [w for w in generated if w not in result.lint]
    return result
