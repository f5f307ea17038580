"""Appointment events, tenures derived from them, and the cadre queries."""

from __future__ import annotations

import calendar
import re
from collections import defaultdict, deque
from dataclasses import dataclass
from datetime import date
from typing import Any

import cn2an
from django.db.models import F

from duban.core import model as core
from duban.documents.models import Document
from duban.personnel.models import Action, Event, MatchBasis, Person, Post, Tenure
from duban.units.models import Region, Unit
from duban.units.services import Resolver

# Events in the order they took effect: by date (unknown first), then by notice, then as listed.
# NULL placement is explicit because SQLite and PostgreSQL differ.
EVENT_ORDER = (
    F("date").asc(nulls_first=True),
    F("document__year").asc(nulls_last=True),
    F("document__serial").asc(nulls_last=True),
    "document_id",
    "order",
)

# --- recording --------------------------------------------------------------------------------


def record_appointments(document: Document, items: list[core.Appointment], resolver: Resolver) -> list[Event]:
    """Store a notice's items as events, linking each to a person only where the record supports it."""
    events: list[Event] = []
    posts = [None if item.rank else resolve_post(resolver, item) for item in items]
    # One person per clause ("X同志任A，免去其B职务"): the evidence of every item of the clause
    # counts, so the removal from B (which X holds) identifies X for the appointment to A too.
    clauses: dict[tuple[str, str], list[int]] = {}
    for i, item in enumerate(items):
        clauses.setdefault((item.raw, item.person), []).append(i)
    by_clause: dict[tuple[str, str], Person] = {}
    for order, (item, post) in enumerate(zip(items, posts, strict=True), start=1):
        clause_key = (item.raw, item.person)
        basis: str
        if clause_key in by_clause:
            person, basis = by_clause[clause_key], MatchBasis.SAME_CLAUSE
        else:
            person, basis = match_person(
                document, item, post, [(items[i], posts[i]) for i in clauses[clause_key]]
            )
        by_clause[clause_key] = person
        events.append(
            Event.objects.create(
                document=document,
                order=order,
                date=document.date,
                person=person,
                action=Action(item.action.value),
                post=post,
                post_text=item.post,
                rank=item.rank,
                probation=item.probation or "",
                concurrent=item.concurrent,
                mode=item.mode,
                raw=item.raw,
                match_basis=basis,
            )
        )
    return events


def resolve_post(resolver: Resolver, item: core.Appointment) -> Post:
    """The post of an item: its org resolved (nested sub-units created under their parent) + title."""
    unit = resolver.org_chain(item.org).unit if item.org else resolver.unit(item.post).unit
    post, _ = Post.objects.get_or_create(unit=unit, title=item.title, defaults={"name": item.post})
    return post


def match_person(
    document: Document,
    item: core.Appointment,
    post: Post | None,
    clause: list[tuple[core.Appointment, Post | None]] | None = None,
) -> tuple[Person, str]:
    """Find the person an item names, or create one.

    Evidence, strongest first: (1) a removal from a post the candidate holds on that date;
    (2) the same batch — the candidate has an event on the same date in a notice of the same
    issuer series (a transfer is a removal in one notice and an appointment in the next).
    Same name alone is no evidence: a new person is created and flagged for the office.
    """
    region = document.region
    candidates = list(Person.objects.filter(region=region, name=item.person))
    if not candidates:
        return Person.objects.create(region=region, name=item.person), MatchBasis.NEW
    removed_from = [
        p for it, p in (clause or [(item, post)]) if it.action == core.Action.REMOVE and p is not None
    ]
    if removed_from and document.date:
        holders = [
            c
            for c in candidates
            if Tenure.objects.filter(person=c, post__in=removed_from)
            .filter(end__isnull=True)
            .exclude(start__gt=document.date)
            .exists()
        ]
        if len(holders) == 1:
            return holders[0], MatchBasis.POST
    if document.date:
        batch = [
            p
            for p in candidates
            if Event.objects.filter(person=p, date=document.date, document__code=document.code).exists()
        ]
        if len(batch) == 1:
            return batch[0], MatchBasis.BATCH
    person = Person.objects.create(
        region=region,
        name=item.person,
        needs_review=True,
        review_note=f"与已有的{len(candidates)}名同名人员可能为同一人（{document.number or document.title}），请核实",
    )
    return person, MatchBasis.NEW


def rebuild_tenures(region: Region) -> int:
    """Derive every tenure of the region from its events, in date order. Returns the count.

    Tenures are derived data: rebuilding keeps them right whatever order notices were imported in.
    """
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
    n = int(m["n"]) if m["n"].isdigit() else int(cn2an.cn2an(m["n"].replace("两", "二"), "smart"))
    return add_months(start, 12 * n if m["unit"] == "年" else n)


def add_months(day: date, months: int) -> date:
    """Calendar months later; the 31st becomes the month's last day."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


# --- queries ----------------------------------------------------------------------------------


def person_history(region: Region | None, name: str) -> list[dict[str, Any]]:
    """Each person of that name: events in date order and tenures."""
    people = Person.objects.filter(name=name)
    if region is not None:
        people = people.filter(region=region)
    out = []
    for person in people.order_by("pk"):
        events = person.events.select_related("document").order_by(*EVENT_ORDER)
        # A start unknown (archive begins later) comes first; NULL order differs by backend.
        tenures = person.tenures.select_related("post__unit__parent").order_by(
            F("start").asc(nulls_first=True), F("end").asc(nulls_last=True), "pk"
        )
        out.append(
            {
                "name": person.name,
                "id": person.pk,
                "region": str(person.region),
                "needs_review": person.needs_review,
                "review_note": person.review_note,
                "events": [
                    {
                        "date": _iso(e.date),
                        "document": str(e.document),
                        "action": e.action,
                        "post": e.post_text,
                        "probation": e.probation or None,
                        "concurrent": e.concurrent,
                        "match_basis": e.match_basis,
                    }
                    for e in events
                ],
                "tenures": [
                    {
                        "post": t.post.name,
                        "unit": t.post.unit.full_name,
                        "start": _iso(t.start),
                        "end": _iso(t.end),
                        "probation_end": _iso(t.probation_end),
                        "concurrent": t.concurrent,
                    }
                    for t in tenures
                ],
            }
        )
    return out


def roster(unit: Unit, on: date) -> list[dict[str, Any]]:
    """Who holds which post in the unit and its sub-units on the day."""
    tenures = (
        Tenure.objects.on(on)
        .filter(post__unit_id__in=unit.descendant_ids())
        .select_related("post", "person")
        .order_by("post__name", F("start").asc(nulls_first=True), "person__name")
    )
    return [
        {"post": t.post.name, "person": t.person.name, "since": _iso(t.start), "concurrent": t.concurrent}
        for t in tenures
    ]


@dataclass
class _Departure:
    person: str
    on: date | None


def vacancies(region: Region, on: date) -> dict[str, list[dict[str, Any]]]:
    """Posts left vacant and posts refilled, up to the day.

    A post may have several seats, so departures and arrivals are paired per post in date
    order (first out, first replaced); a same-day appointment refills a same-day removal.
    An arrival with no earlier departure is a new seat, not a refill.
    """
    events = (
        Event.objects.filter(document__region=region, post__isnull=False, date__lte=on)
        .select_related("person", "post")
        .order_by(*EVENT_ORDER)
    )
    per_post: dict[int, list[Event]] = defaultdict(list)
    for e in events:
        assert e.post_id is not None
        per_post[e.post_id].append(e)
    vacant: list[dict[str, Any]] = []
    refilled: list[dict[str, Any]] = []
    for post_events in per_post.values():
        post_name = post_events[0].post.name if post_events[0].post else ""
        # Removals before appointments on the same date, so a same-day arrival fills the seat.
        ordered = sorted(post_events, key=lambda e: (e.date or date.min, e.action != Action.REMOVE))
        waiting: deque[_Departure] = deque()
        for e in ordered:
            if e.action == Action.REMOVE:
                waiting.append(_Departure(e.person.name, e.date))
            elif waiting:
                left = waiting.popleft()
                refilled.append(
                    {
                        "post": post_name,
                        "vacated_by": left.person,
                        "filled_by": e.person.name,
                        "date": _iso(e.date),
                    }
                )
        vacant.extend({"post": post_name, "vacated_by": d.person, "vacated_on": _iso(d.on)} for d in waiting)
    vacant.sort(key=lambda v: (v["vacated_on"] or "", v["post"]))
    refilled.sort(key=lambda v: (v["date"] or "", v["post"]))
    return {"vacant": vacant, "refilled": refilled}


def probation_due(region: Region | None, before: date | None) -> list[dict[str, Any]]:
    """Open tenures whose probation ends before the day (all when None), soonest first."""
    tenures = Tenure.objects.open().filter(probation_end__isnull=False)
    if region is not None:
        tenures = tenures.filter(person__region=region)
    if before is not None:
        tenures = tenures.filter(probation_end__lt=before)
    return [
        {
            "person": t.person.name,
            "post": t.post.name,
            "start": _iso(t.start),
            "probation_end": _iso(t.probation_end),
        }
        for t in tenures.select_related("person", "post").order_by("probation_end", "person__name")
    ]


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None
