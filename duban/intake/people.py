"""A notice's appointment items stored as events, each linked to a person only on evidence."""

from __future__ import annotations

from duban.core import model as core
from duban.documents.models import Document
from duban.personnel.choices import Action, MatchBasis
from duban.personnel.models import Event, Person, Post, Tenure
from duban.units.resolve import Resolver

ClauseKey = tuple[str, str]


def resolve_post(resolver: Resolver, item: core.Appointment) -> Post:
    """The post of an item: its org resolved (nested sub-units created under their parent) + title."""
    unit = resolver.org_chain(item.org).unit if item.org else resolver.unit(item.post).unit
    post, _ = Post.objects.get_or_create(unit=unit, title=item.title, defaults={"name": item.post})
    return post


def posts_for(resolver: Resolver, items: list[core.Appointment]) -> list[Post | None]:
    """Each item's post (None for a rank such as 一级主任科员, which is not a post)."""
    return [None if item.rank else resolve_post(resolver, item) for item in items]


def new_event(
    document: Document, order: int, item: core.Appointment, post: Post | None, person: Person, basis: str
) -> Event:
    """An unsaved event for one item of the notice."""
    return Event(
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


def record_appointments(document: Document, items: list[core.Appointment], resolver: Resolver) -> list[Event]:
    """Store a notice's items as events, linking each to a person only where the record supports it."""
    posts = posts_for(resolver, items)
    people = people_for(document, items, posts)
    events = [
        new_event(document, order, item, post, person, basis)
        for order, (item, post, (person, basis)) in enumerate(zip(items, posts, people, strict=True), start=1)
    ]
    Event.objects.bulk_create(events)
    return events


def people_for(
    document: Document,
    items: list[core.Appointment],
    posts: list[Post | None],
    known: dict[int, Person] | None = None,
) -> list[tuple[Person, str]]:
    """The person of each item, with the basis of the match.

    One person per clause ("X同志任A，免去其B职务"): the evidence of every item of the clause
    counts, so the removal from B (which X holds) identifies X for the appointment to A too.
    `known` gives items whose person is already settled (a replaced notice keeps its people).
    """
    clauses: dict[ClauseKey, list[int]] = {}
    for i, item in enumerate(items):
        clauses.setdefault((item.raw, item.person), []).append(i)
    by_clause: dict[ClauseKey, Person] = {}
    # A name met again in another clause of the same notice is the same batch: the same person.
    in_notice: dict[str, Person] = {}
    out: list[tuple[Person, str]] = []
    for i, (item, post) in enumerate(zip(items, posts, strict=True)):
        key = (item.raw, item.person)
        basis: str
        if known and i in known:
            person, basis = known[i], MatchBasis.KEPT
        elif key in by_clause:
            person, basis = by_clause[key], MatchBasis.SAME_CLAUSE
        elif item.person in in_notice:
            person, basis = in_notice[item.person], MatchBasis.BATCH
        else:
            person, basis = match_person(document, item, post, [(items[j], posts[j]) for j in clauses[key]])
        by_clause.setdefault(key, person)
        in_notice.setdefault(item.person, person)
        out.append((person, basis))
    return out


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
            if Event.objects.filter(person=p, date=document.date, document__code=document.code)
            .exclude(document=document)
            .exists()
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
