"""The cadre register's writes: tenures derived from events, posts following unit merges, the office's review.

Tenures are derived data, rebuilt from the events in date order, so they stay right whatever
order notices were imported in; they are not audited (the events they come from are).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Collection, Iterable
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from duban import bulk
from duban.actors import Actor
from duban.audit import services as audit
from duban.audit.choices import EventType
from duban.core.numerals import cn_number
from duban.errors import Forbidden
from duban.personnel.choices import Action
from duban.personnel.models import Event, Person, Post, Tenure
from duban.roles import Role
from duban.units.models import Region, Unit

# Events in the order they took effect: by date (unknown first), then by notice, then as listed.
# NULL placement is explicit because SQLite and PostgreSQL differ.
EVENT_ORDER = (
    F("date").asc(nulls_first=True),
    F("document__year").asc(nulls_last=True),
    F("document__serial").asc(nulls_last=True),
    "document_id",
    "order",
)


# An event's place in EVENT_ORDER, computed in Python for events not read through it: date
# (unknown first), the notice's year and serial (unknown last), the notice, the item's order.
EventOrder = tuple[bool, date, bool, int, bool, int, int, int]


def event_order(
    day: date | None, year: int | None, serial: int | None, document: int, order: int
) -> EventOrder:
    return (
        day is not None,
        day or date.min,
        year is None,
        year or 0,
        serial is None,
        serial or 0,
        document,
        order,
    )


TenureKey = tuple[int, int]  # (person id, post id)
# The fields a tenure is derived into: two tenures equal on these are the same row.
TENURE_FIELDS = ("start", "end", "start_event_id", "end_event_id", "probation_end", "concurrent")


# An event as the derivation reads it: (pk, person id, post id, action, date, probation, concurrent).
EventRow = tuple[int, int, int, str, date | None, str, bool]
_EVENT_COLUMNS = ("pk", "person_id", "post_id", "action", "date", "probation", "concurrent")


def derive_tenures(events: Iterable[EventRow]) -> list[Tenure]:
    """Unsaved tenures from events in EVENT_ORDER; each (person, post) depends on its own events only."""
    open_: dict[TenureKey, Tenure] = {}
    done: list[Tenure] = []
    for pk, person_id, post_id, action, day, probation, concurrent in events:
        key = (person_id, post_id)
        if action == Action.APPOINT:
            if key in open_:
                continue  # appointed again to a post already held: the first start stands
            open_[key] = bulk.build(
                Tenure,
                person_id=person_id,
                post_id=post_id,
                start=day,
                start_event_id=pk,
                probation_end=add_probation(day, probation) if day and probation else None,
                concurrent=concurrent,
            )
        else:
            tenure = open_.pop(key, None)
            if tenure is None:
                tenure = bulk.build(
                    Tenure, person_id=person_id, post_id=post_id, start=None, concurrent=concurrent
                )
            tenure.end = day
            tenure.end_event_id = pk
            done.append(tenure)
    done.extend(open_.values())
    return done


def rebuild_tenures(region: Region) -> int:
    """Derive every tenure of the region from its events, in date order. Returns the count.

    For a unit merge (posts change hands); an import updates only what it touched (`update_tenures`).
    """
    Tenure.objects.filter(person__region=region).delete()
    events = Event.objects.filter(document__region=region, post__isnull=False).order_by(*EVENT_ORDER)
    done = derive_tenures(events.values_list(*_EVENT_COLUMNS))
    Tenure.objects.bulk_create(done, batch_size=BATCH)
    return len(done)


def update_tenures(
    keys: Iterable[TenureKey], *, fresh: Collection[int] = frozenset(), events: Iterable[Event] = ()
) -> None:
    """Bring the tenures of these (person, post) pairs in line with their events; nothing else is read.

    A notice touches a few people and posts, so an import's cost per notice does not grow with the
    region. Rows already right are left alone, a tenure a removal closes is updated in place and
    only new ones are inserted: the table does not fill with dead rows on PostgreSQL.

    `fresh`: people stored in this same write, whose only events are among `events` (saved, their
    documents with them) and who have no tenure yet: theirs are derived from those events in
    memory, not read back (most people of a batch of new notices are new).
    """
    wanted = set(keys)
    if not wanted:
        return
    born = _fresh_tenures(fresh, events) if fresh else []
    wanted = {k for k in wanted if k[0] not in fresh}
    if not wanted:
        if born:
            bulk.insert(born)
        return
    # By person only: a person has a few events, while a post (区财政局局长) gathers events over
    # the years, and with both lists the database may choose to read every event of the posts.
    people = {p for p, _ in wanted}
    events = (
        Event.objects.filter(person_id__in=people, post__isnull=False)
        .order_by(*EVENT_ORDER)
        .values_list(*_EVENT_COLUMNS)
    )
    derived = derive_tenures(e for e in events if (e[1], e[2]) in wanted)
    stored = [
        t
        for t in bulk.loaded(Tenure.objects.filter(person_id__in=people).order_by("pk"))
        if (t.person_id, t.post_id) in wanted
    ]
    by_key: dict[TenureKey, list[Tenure]] = {}
    for t in stored:
        by_key.setdefault((t.person_id, t.post_id), []).append(t)
    changed: list[Tenure] = []
    new: list[Tenure] = []
    for t in derived:
        rows = by_key.get((t.person_id, t.post_id))
        if not rows:
            new.append(t)
            continue
        # The stored row with the same start event is this tenure (closed or corrected since).
        row = next((r for r in rows if r.start_event_id == t.start_event_id), rows[0])
        rows.remove(row)
        if any(getattr(row, f) != getattr(t, f) for f in TENURE_FIELDS):
            for f in TENURE_FIELDS:
                setattr(row, f, getattr(t, f))
            changed.append(row)
    gone = [r.pk for rows in by_key.values() for r in rows]
    if gone:
        Tenure.objects.filter(pk__in=gone).delete()
    if changed:
        Tenure.objects.bulk_update(changed, list(TENURE_FIELDS), batch_size=BATCH)
    if new or born:
        bulk.insert(new + born)


def _fresh_tenures(fresh: Collection[int], events: Iterable[Event]) -> list[Tenure]:
    """The tenures of people with no stored ones, from their events here, in EVENT_ORDER."""
    rows = []
    for e in events:
        if e.person_id in fresh and e.post_id is not None:
            doc = e.document
            order = event_order(e.date, doc.year, doc.serial, e.document_id, e.order)
            rows.append((order, (e.pk, e.person_id, e.post_id, e.action, e.date, e.probation, e.concurrent)))
    rows.sort(key=lambda r: r[0])
    return derive_tenures(row for _, row in rows)


BATCH = 500


_SMALL = {c: i for i, c in enumerate("一二三四五六七八九十", start=1)} | {"两": 2, "十一": 11, "十二": 12}
_PROBATION_RE = re.compile(r"^(?P<n>[\d一二两三四五六七八九十]+)(?P<unit>年|个月|月)$")


def add_probation(start: date, probation: str) -> date | None:
    """start + 一年 / 六个月 / 半年; None when the period cannot be read."""
    text = probation.strip()
    if text == "半年":
        return add_months(start, 6)
    m = _PROBATION_RE.match(text)
    if not m:
        return None
    # 一年, 六个月, 两年 … read without loading cn2an (a second at first use) for the usual terms.
    n = int(m["n"]) if m["n"].isdigit() else _SMALL.get(m["n"]) or int(cn_number(m["n"].replace("两", "二")))
    return add_months(start, 12 * n if m["unit"] == "年" else n)


def add_months(day: date, months: int) -> date:
    """Calendar months later; the 31st becomes the month's last day."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def move_posts(source: Unit, target: Unit) -> None:
    """After a unit merge: the source's posts move to the target (a same-title post there absorbs them)."""
    for post in Post.objects.filter(unit=source):
        twin = Post.objects.filter(unit=target, title=post.title).first()
        if twin is None:
            post.unit = target
            post.save(update_fields=["unit"])
        else:
            Event.objects.filter(post=post).update(post=twin)
            post.tenures.all().delete()
            post.delete()
    rebuild_tenures(source.region)


def on_unit_merged(sender: Any, source: Unit, target: Unit, **kwargs: Any) -> None:
    """Receiver of `duban.units.signals.unit_merged`."""
    move_posts(source, target)


def review_person(actor: Actor, person: Person, *, needs_review: bool, note: str) -> Person:
    """The office confirms (or flags) a person record; a reviewed person is not dropped silently later."""
    user = actor.user
    if not actor.operator and (
        user is None or user.role != Role.OFFICE or user.region_id != person.region_id
    ):
        raise Forbidden("您没有权限核实干部任免记录", f"forbidden: review person {person.pk}")
    with transaction.atomic():
        before = audit.snapshot(person, ["needs_review", "review_note"])
        person.needs_review = needs_review
        person.review_note = note.strip()
        person.reviewed_by = actor.name
        person.reviewed_at = timezone.now()
        person.save(update_fields=["needs_review", "review_note", "reviewed_by", "reviewed_at"])
        audit.record(
            actor, EventType.CADRE_CHANGE, person, changes=audit.diff(before, audit.snapshot(person, before))
        )
    return person


def note_notice_draft(actor: Actor, number: str, people: list[str], fmt: str) -> None:
    """Record that a 任免通知 draft was written out (who, which number, which people, in which format)."""
    audit.record(
        actor,
        EventType.EXPORT,
        object_type="personnel.notice_draft",
        object_repr=number or "任免通知（草稿）",
        detail={"format": fmt, "changes": len(people), "people": sorted(set(people))},
    )
