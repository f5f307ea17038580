"""The cadre register's questions: a person's history, a unit's roster, vacancies, probations ending."""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, F, Prefetch, QuerySet

from duban.personnel.choices import Action
from duban.personnel.models import Event, Person, Tenure
from duban.personnel.services import EVENT_ORDER
from duban.units.models import Region, Unit


@dataclass(frozen=True)
class EventView:
    date: date | None
    document: str
    document_id: int
    action: Action
    post: str
    probation: str | None
    concurrent: bool
    match_basis: str


@dataclass(frozen=True)
class TenureView:
    post: str
    unit: str
    start: date | None
    end: date | None
    probation_end: date | None
    concurrent: bool


@dataclass(frozen=True)
class History:
    """One person: the appointment events in date order and the tenures derived from them."""

    person: Person
    events: list[EventView] = field(default_factory=list)
    tenures: list[TenureView] = field(default_factory=list)


def history(person: Person) -> History:
    """A person's events in the order they took effect, and tenures (start unknown first)."""
    events = person.events.select_related("document").order_by(*EVENT_ORDER)
    tenures = person.tenures.select_related("post__unit__parent").order_by(
        F("start").asc(nulls_first=True), F("end").asc(nulls_last=True), "pk"
    )
    return History(
        person,
        [
            EventView(
                e.date,
                str(e.document),
                e.document_id,
                Action(e.action),
                e.post_text,
                e.probation or None,
                e.concurrent,
                e.match_basis,
            )
            for e in events
        ],
        [
            TenureView(t.post.name, t.post.unit.full_name, t.start, t.end, t.probation_end, t.concurrent)
            for t in tenures
        ],
    )


def person_histories(region: Region | None, name: str) -> list[History]:
    """Each person of that name (in the region, or all regions)."""
    people = Person.objects.filter(name=name).select_related("region")
    if region is not None:
        people = people.filter(region=region)
    return [history(p) for p in people.order_by("pk")]


@dataclass(frozen=True)
class Holder:
    post: str
    person: str
    person_id: int
    since: date | None
    concurrent: bool


def roster(unit: Unit, on: date, user: Any = None) -> list[Holder]:
    """Who holds which post in the unit and its sub-units on the day (of what `user` may see, if given)."""
    visible = Tenure.objects.visible_to(user) if user is not None else Tenure.objects.all()
    tenures = (
        visible.on(on)
        .filter(post__unit_id__in=unit.descendant_ids())
        .select_related("post", "person")
        .order_by("post__name", F("start").asc(nulls_first=True), "person__name")
    )
    return [Holder(t.post.name, t.person.name, t.person_id, t.start, t.concurrent) for t in tenures]


@dataclass(frozen=True)
class Vacant:
    post: str
    vacated_by: str
    vacated_on: date | None
    vacated_by_id: int | None = None


@dataclass(frozen=True)
class Refilled:
    post: str
    vacated_by: str
    filled_by: str
    date: date | None
    vacated_by_id: int | None = None
    filled_by_id: int | None = None


@dataclass(frozen=True)
class Vacancies:
    vacant: list[Vacant]
    refilled: list[Refilled]


def vacancies(region: Region, on: date, user: Any = None) -> Vacancies:
    """Posts left vacant and posts refilled, up to the day.

    A post may have several seats, so departures and arrivals are paired per post in date
    order (first out, first replaced); a same-day appointment refills a same-day removal.
    An arrival with no earlier departure is a new seat, not a refill.
    """
    visible = Event.objects.visible_to(user) if user is not None else Event.objects.all()
    events = (
        visible.filter(document__region=region, post__isnull=False, date__lte=on)
        .select_related("person", "post")
        .order_by(*EVENT_ORDER)
    )
    per_post: dict[int, list[Event]] = defaultdict(list)
    for e in events:
        assert e.post_id is not None  # noqa: S101 — narrows a type the code guarantees; not a check of input
        per_post[e.post_id].append(e)
    vacant: list[Vacant] = []
    refilled: list[Refilled] = []
    for post_events in per_post.values():
        post_name = post_events[0].post.name if post_events[0].post else ""
        # Removals before appointments on the same date, so a same-day arrival fills the seat.
        ordered = sorted(post_events, key=lambda e: (e.date or date.min, e.action != Action.REMOVE))
        waiting: deque[Event] = deque()
        for e in ordered:
            if e.action == Action.REMOVE:
                waiting.append(e)
            elif waiting:
                left = waiting.popleft()
                refilled.append(
                    Refilled(post_name, left.person.name, e.person.name, e.date, left.person_id, e.person_id)
                )
        vacant.extend(Vacant(post_name, w.person.name, w.date, w.person_id) for w in waiting)
    vacant.sort(key=lambda v: (v.vacated_on or date.min, v.post))
    refilled.sort(key=lambda v: (v.date or date.min, v.post))
    return Vacancies(vacant, refilled)


@dataclass(frozen=True)
class ProbationDue:
    person: str
    person_id: int
    post: str
    start: date | None
    probation_end: date


def probation_due(region: Region | None, before: date | None, user: Any = None) -> list[ProbationDue]:
    """Open tenures whose probation ends before the day (all when None), soonest first."""
    visible = Tenure.objects.visible_to(user) if user is not None else Tenure.objects.all()
    tenures = visible.open().filter(probation_end__isnull=False)
    if region is not None:
        tenures = tenures.filter(person__region=region)
    if before is not None:
        tenures = tenures.filter(probation_end__lt=before)
    out = []
    for t in tenures.select_related("person", "post").order_by("probation_end", "person__name"):
        assert t.probation_end is not None  # noqa: S101 — narrows a type the code guarantees; not a check of input
        out.append(ProbationDue(t.person.name, t.person_id, t.post.name, t.start, t.probation_end))
    return out


@dataclass(frozen=True)
class PersonRow:
    """A person in a list: the posts held on the day tell same-name people apart."""

    id: int
    name: str
    region: str
    needs_review: bool
    review_note: str
    events: int
    posts: list[str]


def people(user: Any, name: str = "", *, needs_review: bool = False) -> QuerySet[Person]:
    """The people the user may see whose name contains `name` (only those flagged 待核实, if asked)."""
    found = Person.objects.visible_to(user)
    if name:
        found = found.filter(name__contains=name)
    if needs_review:
        found = found.filter(needs_review=True)
    return found.order_by("name", "pk")


def person_rows(found: Iterable[Person], on: date) -> list[PersonRow]:
    """Rows for a page of `people(...)`: three queries whatever the number of people."""
    ids = [p.pk for p in found]
    listed = (
        Person.objects.filter(pk__in=ids)
        .select_related("region")
        .annotate(event_count=Count("events", distinct=True))
        .prefetch_related(
            Prefetch(
                "tenures",
                queryset=Tenure.objects.on(on).select_related("post").order_by("post__name"),
                to_attr="current",
            )
        )
        .order_by("name", "pk")
    )
    return [
        PersonRow(
            p.pk,
            p.name,
            p.region.full_name,
            p.needs_review,
            p.review_note,
            p.event_count,
            [t.post.name + ("（兼）" if t.concurrent else "") for t in p.current],
        )
        for p in listed
    ]


def held_on(tenures: Iterable[TenureView], on: date) -> list[TenureView]:
    """The tenures of a history that are held on the day (started, not ended)."""
    return [
        t
        for t in tenures
        if (t.start is not None or t.end is not None)
        and (t.start is None or t.start <= on)
        and (t.end is None or t.end > on)
    ]
