"""Replacing a stored notice with a corrected text under the same 文号, keeping the office's work.

The document is updated in place; its appointment items are aligned with the new ones (by person,
action and post), so a corrected clause keeps its person — and the office's review of that
person — instead of creating a new one. Every changed value is listed; a person the office has
reviewed who would be left without any record is listed as dropped, to be confirmed.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from duban.core import model as core
from duban.documents.models import Document
from duban.intake.lists import FieldChange
from duban.intake.people import Posts, new_event, people_for, posts_for, tenure_keys
from duban.personnel.models import Event, Person
from duban.personnel.services import update_tenures


@dataclass
class EventsOutcome:
    changes: list[FieldChange] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    events: int = 0


def _key(person: str, action: str, post: str) -> tuple[str, str, str]:
    return (person, action, post)


def _clause_text(e: Event | core.Appointment, person: str) -> str:
    verb = "任" if str(e.action) == core.Action.APPOINT.value else "免去"
    post = e.post_text if isinstance(e, Event) else e.post
    return f"{person}{verb}{post}"


def replace_events(document: Document, items: list[core.Appointment], posts: Posts) -> EventsOutcome:
    """Align the notice's stored events with the new items; store the new ones keeping matched people.

    The tenures of the people and posts of the old events and of the new ones are brought up to date.
    """
    outcome = EventsOutcome()
    old = list(document.events.select_related("person").order_by("order"))
    old_keys = [_key(e.person.name, str(e.action), e.post_text) for e in old]
    new_keys = [_key(i.person, i.action.value, i.post) for i in items]
    known: dict[int, Person] = {}
    matcher = difflib.SequenceMatcher(None, old_keys, new_keys, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            known.update({j1 + k: old[i1 + k].person for k in range(i2 - i1)})
            continue
        for k in range(max(i2 - i1, j2 - j1)):
            before = old[i1 + k] if i1 + k < i2 else None
            after = items[j1 + k] if j1 + k < j2 else None
            if before is not None and after is not None and before.person.name == after.person:
                known[j1 + k] = before.person  # the same person, a corrected post or action
            where = f"第{(j1 + k if after is not None else i1 + k) + 1}项"
            outcome.changes.append(
                FieldChange(
                    where,
                    "appointment",
                    _clause_text(before, before.person.name) if before else "",
                    _clause_text(after, after.person) if after else "",
                )
            )
    people = {e.person_id: e.person for e in old}
    touched = tenure_keys(old)
    document.events.all().delete()
    item_posts = posts_for(posts, items)
    matched = people_for(document, items, item_posts, known)
    events = [
        new_event(document, order, item, post, person, basis)
        for order, (item, post, (person, basis)) in enumerate(
            zip(items, item_posts, matched, strict=True), start=1
        )
    ]
    Event.objects.bulk_create(events)
    outcome.events = len(events)
    for person in people.values():
        if person.events.exists():
            continue
        if person.reviewed_at is not None:
            outcome.dropped.append(f"人员“{person.name}”（督查室已核实：{person.review_note or '无说明'}）")
        person.delete()
    update_tenures(touched | tenure_keys(events))
    return outcome


def update_document(document: Document, doc: core.ParsedDocument, digest: str) -> list[FieldChange]:
    """The stored document takes the new text's frame and text; the changed frame fields are listed."""
    values: dict[str, object] = {
        "issuer": doc.issuer,
        "title": doc.title,
        "date": doc.date,
        "recipients": list(doc.recipients),
        "attachments": list(doc.attachments),
        "kind": str(doc.kind),
    }
    changes = [
        FieldChange("公文", name, _plain(getattr(document, name)), _plain(value))
        for name, value in values.items()
        if getattr(document, name) != value
    ]
    for name, value in values.items():
        setattr(document, name, value)
    document.body = list(doc.body)
    document.warnings = list(doc.warnings)
    document.text = doc.text
    document.content_hash = digest
    document.save()
    return changes


def _plain(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "、".join(map(str, value))
    return str(value)
