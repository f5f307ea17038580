"""A notice's appointment items stored as events, each linked to a person only on evidence."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date

from duban import bulk
from duban.core import model as core
from duban.documents.models import Document
from duban.personnel.choices import Action, MatchBasis
from duban.personnel.models import Event, Person, Post, Tenure
from duban.personnel.services import EventOrder, TenureKey, event_order, update_tenures
from duban.units.models import Region
from duban.units.resolve import Resolver

ClauseKey = tuple[str, str]


class Posts:
    """The posts of one region for one import: read once, created once, then looked up in memory."""

    def __init__(self, resolver: Resolver) -> None:
        self.resolver = resolver
        self._posts: dict[tuple[int, str], Post] | None = None
        # By the words of the item: an archive names the same posts over and over, and resolving
        # the org (splitting nested units, matching the directory) is most of the cost.
        self._by_text: dict[tuple[str, str, str], Post] = {}

    def clear(self) -> None:
        """Forget what was read (after a rollback, posts created in it are gone)."""
        self._posts = None
        self._by_text.clear()

    def known(self, item: core.Appointment) -> bool:
        """Whether the item's post was met already (`of_items` then neither reads nor writes)."""
        return (item.org, item.post, item.title) in self._by_text

    def of_items(self, items: list[core.Appointment]) -> list[Post | None]:
        """Each item's post (None for a rank such as 一级主任科员, which is not a post); the
        posts no item named before are stored in one write."""
        by_text = self._by_text
        if any(not i.rank and (i.org, i.post, i.title) not in by_text for i in items):
            self._add([i for i in items if not i.rank])
        return [None if i.rank else by_text[i.org, i.post, i.title] for i in items]

    def _add(self, items: list[core.Appointment]) -> None:
        r = self.resolver
        if self._posts is None:
            self._posts = {(p.unit_id, p.title): p for p in Post.objects.filter(unit__region=r.region)}
        new: dict[tuple[int, str], Post] = {}
        found: dict[tuple[str, str, str], Post] = {}
        for item in items:
            text = (item.org, item.post, item.title)
            if text in self._by_text or text in found:
                continue
            unit = r.org_chain(item.org).unit if item.org else r.unit(item.post).unit
            key = (unit.pk, item.title)
            post = self._posts.get(key) or new.get(key)
            if post is None:
                post = new[key] = Post(unit=unit, title=item.title, name=item.post)
            found[text] = post
        if new:
            # One INSERT for the notice's new posts, each returning its key; a post another
            # import stored meanwhile is met as a conflict and returned as it is (its unit "set"
            # to itself: an upsert must update something to return the row).
            Post.objects.bulk_create(
                new.values(), update_conflicts=True, unique_fields=["unit", "title"], update_fields=["unit"]
            )
            for post in new.values():
                # Deferred: on a conflict the row is another import's, whose name may differ from
                # the one built here; read from the database if asked for (and left out of a save).
                del post.__dict__["name"]
            self._posts.update(new)
        self._by_text.update(found)  # only once stored: a failed write leaves nothing unsaved here


def posts_for(posts: Posts, items: list[core.Appointment]) -> list[Post | None]:
    """Each item's post (None for a rank such as 一级主任科员, which is not a post)."""
    return posts.of_items(items)


def new_event(
    document: Document, order: int, item: core.Appointment, post: Post | None, person: Person, basis: str
) -> Event:
    """An unsaved event for one item of the notice."""
    return bulk.build(
        Event,
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


def record_appointments(document: Document, items: list[core.Appointment], posts: Posts) -> list[Event]:
    """Store a notice's items as events, linking each to a person only where the record supports it.

    The tenures of the people and posts the events touch are brought up to date (and no others).
    """
    item_posts = posts_for(posts, items)
    people = people_for(document, items, item_posts)
    events = [
        new_event(document, order, item, post, person, basis)
        for order, (item, post, (person, basis)) in enumerate(
            zip(items, item_posts, people, strict=True), start=1
        )
    ]
    Event.objects.bulk_create(events)
    update_tenures(tenure_keys(events))
    return events


def tenure_keys(events: Iterable[Event]) -> set[TenureKey]:
    """The (person, post) pairs whose tenures the events decide."""
    return {(e.person_id, e.post_id) for e in events if e.post_id is not None}


def people_for(
    document: Document,
    items: list[core.Appointment],
    posts: list[Post | None],
    known: dict[int, Person] | None = None,
) -> list[tuple[Person, str]]:
    """The person of each item, with the basis of the match; new people are stored in one write.

    The evidence for the whole notice is read in at most three queries, whatever its length.
    """
    evidence = Evidence.read(document, items, posts, known or {})
    out = match_people(document, items, posts, evidence, known)
    Person.objects.bulk_create(evidence.created)
    return out


def match_people(
    document: Document,
    items: list[core.Appointment],
    posts: list[Post | None],
    evidence: Evidence,
    known: dict[int, Person] | None = None,
) -> list[tuple[Person, str]]:
    """The person of each item on the evidence; the new people are left in `evidence.created`, unsaved.

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
    for i, item in enumerate(items):
        key = (item.raw, item.person)
        basis: str
        if known and i in known:
            person, basis = known[i], MatchBasis.KEPT
        elif key in by_clause:
            person, basis = by_clause[key], MatchBasis.SAME_CLAUSE
        elif item.person in in_notice:
            person, basis = in_notice[item.person], MatchBasis.BATCH
        else:
            person, basis = evidence.match(document, item, [(items[j], posts[j]) for j in clauses[key]])
        by_clause.setdefault(key, person)
        in_notice.setdefault(item.person, person)
        out.append((person, basis))
    return out


def _pk(person: Person) -> int:
    return int(person.pk)


class Evidence:
    """What the register says about the names of one notice, read before its items are matched.

    Evidence, strongest first: (1) a removal from a post the candidate holds on that date;
    (2) the same batch — the candidate has an event on the same date in a notice of the same
    issuer series (a transfer is a removal in one notice and an appointment in the next).
    Same name alone is no evidence: a new person is created and flagged for the office.
    """

    def __init__(self, key: Callable[[Person], int] = _pk) -> None:
        self.candidates: dict[str, list[Person]] = {}
        self.holding: set[tuple[int, int]] = set()  # (person, post) held on the notice's date
        self.in_series: set[int] = set()  # people with an event of the same date and series
        self.created: list[Person] = []
        # How `holding` and `in_series` name a candidate: by key, or by identity where people
        # made earlier in the same batch have no key yet (`Register`).
        self.key = key

    @classmethod
    def read(
        cls,
        document: Document,
        items: list[core.Appointment],
        posts: list[Post | None],
        known: dict[int, Person],
    ) -> Evidence:
        ev = cls()
        names = {item.person for i, item in enumerate(items) if i not in known}
        if not names:
            return ev
        for person in Person.objects.filter(region=document.region, name__in=names).order_by("pk"):
            ev.candidates.setdefault(person.name, []).append(person)
        same_name = [p.pk for name, ps in ev.candidates.items() for p in ps]
        if not same_name or not document.date:
            return ev
        removed = {p.pk for it, p in zip(items, posts, strict=True) if it.action == core.Action.REMOVE and p}
        if removed:
            ev.holding = set(
                Tenure.objects.filter(person_id__in=same_name, post_id__in=removed, end__isnull=True)
                .exclude(start__gt=document.date)
                .values_list("person_id", "post_id")
            )
        ev.in_series = set(
            Event.objects.filter(person_id__in=same_name, date=document.date, document__code=document.code)
            .exclude(document=document)
            .values_list("person_id", flat=True)
        )
        return ev

    def match(
        self, document: Document, item: core.Appointment, clause: list[tuple[core.Appointment, Post | None]]
    ) -> tuple[Person, str]:
        """Find the person an item names, or make one (stored with the others of the notice)."""
        candidates = self.candidates.get(item.person, [])
        if not candidates:
            return self._new(bulk.build(Person, region=document.region, name=item.person)), MatchBasis.NEW
        removed_from = [p.pk for it, p in clause if it.action == core.Action.REMOVE and p is not None]
        if removed_from and document.date:
            holders = [c for c in candidates if any((self.key(c), q) in self.holding for q in removed_from)]
            if len(holders) == 1:
                return holders[0], MatchBasis.POST
        if document.date:
            batch = [c for c in candidates if self.key(c) in self.in_series]
            if len(batch) == 1:
                return batch[0], MatchBasis.BATCH
        person = bulk.build(
            Person,
            region=document.region,
            name=item.person,
            needs_review=True,
            review_note=f"与已有的{len(candidates)}名同名人员可能为同一人（{document.number or document.title}），请核实",
        )
        return self._new(person), MatchBasis.NEW

    def _new(self, person: Person) -> Person:
        self.created.append(person)
        return person


# --- a batch of notices matched in memory ----------------------------------------------------

# The batch's notices are not stored yet: their events sort after every stored one (`event_order`),
# in the order they were read (as the keys they will get do).
_UNSTORED = 1 << 62


class Register:
    """The cadre register of one region as a batch of notices sees it, held in memory.

    `people_for` reads the evidence for each notice from the database: three queries a notice.
    A batch instead reads, once, the people bearing any of its names and all their events; each
    notice is then matched against that (`evidence`), exactly as `people_for` would match it
    against the database, and its new people and events are added (`add`) so that the next
    notice of the batch sees them. Nothing is written here: the batch writes it all at the end.
    People are named by identity (`id`), since those made in the batch have no key yet.
    """

    def __init__(self, region: Region) -> None:
        self.region = region
        self.people: dict[str, list[Person]] = {}
        self.events: dict[tuple[int, int], list[tuple[EventOrder, str, date | None]]] = {}
        self.series: set[tuple[int, date, str]] = set()  # (person, date, issuer code) of every event
        self._read: set[str] = set()
        self._notices = 0

    def read(self, names: set[str]) -> None:
        """Read the stored people of these names and their events (two queries for any number)."""
        names = names - self._read
        if not names:
            return
        self._read |= names
        stored: dict[int, Person] = {}
        for person in bulk.loaded(Person.objects.filter(region=self.region, name__in=names).order_by("pk")):
            self.people.setdefault(person.name, []).append(person)
            stored[person.pk] = person
        if not stored:
            return
        rows = Event.objects.filter(person_id__in=stored).values_list(
            "person_id",
            "post_id",
            "action",
            "date",
            "document__year",
            "document__serial",
            "document_id",
            "order",
            "document__code",
        )
        for person_id, post_id, action, day, year, serial, document_id, order, code in rows:
            who = id(stored[person_id])
            if day is not None:
                self.series.add((who, day, code))
            if post_id is not None:
                entry = (event_order(day, year, serial, document_id, order), action, day)
                self.events.setdefault((who, post_id), []).append(entry)

    def evidence(
        self, document: Document, items: list[core.Appointment], posts: list[Post | None]
    ) -> Evidence:
        """What `Evidence.read` would find in the database for this notice, were the batch stored."""
        names = {item.person for item in items}
        self.read(names)
        ev = Evidence(key=id)
        ev.candidates = {name: list(self.people[name]) for name in names if self.people.get(name)}
        same_name = [p for ps in ev.candidates.values() for p in ps]
        day = document.date
        if not same_name or not day:
            return ev
        removed = {p.pk for it, p in zip(items, posts, strict=True) if it.action == core.Action.REMOVE and p}
        ev.holding = {(id(p), q) for p in same_name for q in removed if self._holds(id(p), q, day)}
        ev.in_series = {id(p) for p in same_name if (id(p), day, document.code) in self.series}
        return ev

    def _holds(self, who: int, post: int, day: date) -> bool:
        """Whether the derived tenures have this person in this post on the day, unended (as the query asks)."""
        rows = self.events.get((who, post))
        if not rows:
            return False
        rows.sort(key=lambda r: r[0])
        # `derive_tenures` for the one (person, post), without making its tenures: a tenure
        # is held if it has no end (open, or closed by an undated removal) and began by the day.
        held, start = False, None
        for _, action, d in rows:
            if action == Action.APPOINT:
                if not held:
                    held, start = True, d
                continue
            began = start if held else None
            held = False
            if d is None and (began is None or began <= day):
                return True
        return held and (start is None or start <= day)

    def add(self, document: Document, created: list[Person], events: list[Event]) -> None:
        """A matched notice's new people and events, seen by the notices after it."""
        self._notices += 1
        notice = _UNSTORED + self._notices
        for person in created:
            self.people.setdefault(person.name, []).append(person)
        for e in events:
            who = id(e.person)
            if e.date is not None:
                self.series.add((who, e.date, document.code))
            if e.post is not None:
                entry = (
                    event_order(e.date, document.year, document.serial, notice, e.order),
                    str(e.action),
                    e.date,
                )
                self.events.setdefault((who, e.post.pk), []).append(entry)
