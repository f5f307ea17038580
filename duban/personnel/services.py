"""The cadre register's writes: tenures derived from events, posts following unit merges, the office's review.

Tenures are derived data, rebuilt from the events in date order, so they stay right whatever
order notices were imported in; they are not audited (the events they come from are).
"""

from __future__ import annotations

import calendar
import re
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

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


def rebuild_tenures(region: Region) -> int:
    """Derive every tenure of the region from its events, in date order. Returns the count."""
    Tenure.objects.filter(person__region=region).delete()
    events = Event.objects.filter(document__region=region, post__isnull=False).order_by(*EVENT_ORDER)
    open_: dict[tuple[int, int], Tenure] = {}
    done: list[Tenure] = []
    for e in events:
        assert e.post_id is not None
        key = (e.person_id, e.post_id)
        if e.action == Action.APPOINT:
            if key in open_:
                continue  # appointed again to a post already held: the first start stands
            open_[key] = Tenure(
                person_id=e.person_id,
                post_id=e.post_id,
                start=e.date,
                start_event=e,
                probation_end=add_probation(e.date, e.probation) if e.date and e.probation else None,
                concurrent=e.concurrent,
            )
        else:
            tenure = open_.pop(key, None)
            if tenure is None:
                tenure = Tenure(person_id=e.person_id, post_id=e.post_id, start=None, concurrent=e.concurrent)
            tenure.end = e.date
            tenure.end_event = e
            done.append(tenure)
    done.extend(open_.values())
    Tenure.objects.bulk_create(done)
    return len(done)


_PROBATION_RE = re.compile(r"^(?P<n>[\d一二两三四五六七八九十]+)(?P<unit>年|个月|月)$")


def add_probation(start: date, probation: str) -> date | None:
    """start + 一年 / 六个月 / 半年; None when the period cannot be read."""
    text = probation.strip()
    if text == "半年":
        return add_months(start, 6)
    m = _PROBATION_RE.match(text)
    if not m:
        return None
    n = int(m["n"]) if m["n"].isdigit() else int(cn_number(m["n"].replace("两", "二")))
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
