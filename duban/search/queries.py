"""One search across the records a user may see: units, people, items, progress, instructions, documents.

`search(user, q)` splits the query at spaces into terms; a record is found when it contains every
term as a substring, literally (quotes, `*`, `OR`, `%`, `_` mean themselves). Each kind is read
through its model's `visible_to(user)`, so the search finds exactly what the pages show the user —
a unit never finds another unit's drafts, a unit's reporter no cadre records.

How a term is matched: on SQLite a term of three characters or more goes through the FTS5 trigram
index (`duban.search.index`), a shorter one (区, 局长) is a plain scan (LIKE) — a trigram index
knows nothing shorter than three characters. On PostgreSQL every term is an ILIKE, which the
pg_trgm GIN indexes serve from three characters on. One query per kind (two for people and units,
with their notices and aliases), whatever the number of records.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from functools import reduce
from typing import Any
from urllib.parse import urlencode

from django.db import connection
from django.db.models import BooleanField, Exists, ExpressionWrapper, F, OuterRef, Prefetch, Q
from django.db.models.expressions import RawSQL
from django.urls import reverse

from duban.documents.models import Document
from duban.errors import InvalidInput
from duban.lookups import VendorLookup
from duban.personnel.choices import Action
from duban.personnel.models import Event, Person
from duban.search import index
from duban.search.choices import Kind
from duban.search.marks import Marked, labelled, mark, matches, pattern
from duban.supervision.models import Entry, Instruction, Item
from duban.units.models import Unit, UnitAlias
from duban.units.scope import scope_of

MAX_LENGTH = 100  # characters of a query
MAX_TERMS = 8
DEFAULT_LIMIT = 10  # results per kind
MAX_LIMIT = 100
TRIGRAM = 3  # the shortest term the trigram index can find
SNIPPET = 160  # characters of text shown around the first match
TITLE = 80


@dataclass(frozen=True)
class Link:
    label: str
    url: str


@dataclass(frozen=True)
class Hit:
    """One record found: its title and an excerpt with the matches marked, a line about it, its page."""

    kind: str
    id: int
    title: Marked
    snippet: Marked
    meta: str
    url: str
    links: tuple[Link, ...] = ()  # a person's notices


@dataclass(frozen=True)
class Group:
    kind: str
    label: str
    hits: tuple[Hit, ...]
    more: bool  # more records than `limit` matched


@dataclass(frozen=True)
class Results:
    query: str
    terms: tuple[str, ...]
    groups: tuple[Group, ...]  # one per kind searched, in the order of `Kind`

    @property
    def count(self) -> int:
        return sum(len(g.hits) for g in self.groups)

    def group(self, kind: str) -> Group:
        return next(g for g in self.groups if g.kind == kind)


# --- the query and its checks -------------------------------------------------------------------


def terms_of(q: str | None) -> tuple[str, ...]:
    """The terms of a query, or a Chinese refusal: empty, too long, a NUL or an unpaired surrogate."""
    text = (q or "").strip()
    if not text:
        raise InvalidInput("请输入检索词", "empty search query")
    if len(text) > MAX_LENGTH:
        raise InvalidInput(
            f"检索词过长（{len(text)}个字符），请不超过{MAX_LENGTH}个字符",
            f"search query of {len(text)} chars",
        )
    if "\x00" in text or any(0xD800 <= ord(c) <= 0xDFFF for c in text):
        raise InvalidInput("检索词含有无效字符", "search query with NUL or surrogate")
    terms = tuple(dict.fromkeys(text.split()))
    if len(terms) > MAX_TERMS:
        raise InvalidInput(f"检索词最多{MAX_TERMS}个（以空格分开）", f"search query of {len(terms)} terms")
    return terms


def kinds_of(kinds: Iterable[str] | None) -> tuple[str, ...]:
    if not kinds:
        return tuple(Kind.values)
    wanted = set(kinds)
    unknown = sorted(wanted - set(Kind.values))
    if unknown:
        raise InvalidInput(
            f"检索范围“{unknown[0][:20]}”无效，可选：{'、'.join(Kind.values)}",
            f"bad search kind {unknown[0][:20]!r}",
        )
    return tuple(k for k in Kind.values if k in wanted)


class Contains(VendorLookup):
    """`lhs` contains the LIKE pattern `rhs`: LIKE on SQLite (which ignores ASCII case), ILIKE on
    PostgreSQL (the operator a gin_trgm_ops index serves)."""

    lookup_name = "search_contains"

    def sql(self, lhs: str, rhs: str, vendor: str) -> str:
        if vendor == "postgresql":
            return f"{lhs} ILIKE {rhs}"  # a backslash escapes by default
        return f"{lhs} LIKE {rhs} ESCAPE '\\'"


def like_pattern(term: str) -> str:
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def fts_phrase(term: str) -> str:
    """The term as one FTS5 string: every character literal (a quote is written twice)."""
    return '"' + term.replace('"', '""') + '"'


def contains(indexed: index.Indexed, term: str) -> Q:
    """Rows of `indexed` with `term` in one of its columns."""
    if connection.vendor == "sqlite" and len(term) >= TRIGRAM:
        fts = indexed.fts
        # The table name is the index's own identifier; the user's term is a bound parameter.
        sql = f"SELECT rowid FROM {fts} WHERE {fts} MATCH %s"  # noqa: S608
        return Q(pk__in=RawSQL(sql, [fts_phrase(term)]))  # noqa: S611
    return reduce(operator.or_, (Q(Contains(F(column), like_pattern(term))) for column in indexed.columns))


def all_terms(indexed: index.Indexed, terms: tuple[str, ...]) -> Q:
    return reduce(operator.and_, (contains(indexed, t) for t in terms))


# --- each kind -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Ask:
    """One search as each kind's reader needs it."""

    user: Any
    query: str
    terms: tuple[str, ...]
    found: re.Pattern[str]
    limit: int
    several_regions: bool  # a city's or a province's office: say which county a record is of

    def where(self, region: Any) -> list[str]:
        """The region's name as a part of the line about a record, when the user sees several."""
        return [region.full_name] if self.several_regions else []

    def first_matching(self, *texts: str) -> str:
        """The first text with a match (the excerpt shown), else the first non-empty one."""
        for text in texts:
            if text and matches(text, self.found):
                return text
        return next((t for t in texts if t), "")

    def marked(self, text: str, width: int | None = SNIPPET) -> Marked:
        return mark(text, self.found, width)


def _units(ask: Ask) -> list[Hit]:
    named = reduce(
        operator.and_,
        (
            contains(index.UNITS, t)
            | Q(pk__in=UnitAlias.objects.filter(contains(index.ALIASES, t)).values("unit_id"))
            for t in ask.terms
        ),
    )
    exact = Q(name=ask.query) | Q(Exists(UnitAlias.objects.filter(unit=OuterRef("pk"), name=ask.query)))
    units = (
        Unit.objects.visible_to(ask.user)
        .filter(named)
        .select_related("region", "parent__parent", "merged_into__parent")
        .prefetch_related("aliases")
        .annotate(exact=ExpressionWrapper(exact, output_field=BooleanField()))
        .order_by("-exact", F("merged_into").asc(nulls_first=True), "name", "pk")[: ask.limit + 1]
    )
    hits = []
    for unit in units:
        aliases = "、".join(a.name for a in unit.aliases.all())
        meta = [*ask.where(unit.region), unit.get_kind_display()]
        if unit.merged_into_id:
            meta.append(f"已并入{unit.merged_into.full_name}")  # type: ignore[union-attr]
        elif unit.needs_review:
            meta.append("待核实")
        hits.append(
            Hit(
                Kind.UNITS,
                unit.pk,
                ask.marked(unit.full_name, None),
                labelled("简称、别称：", ask.marked(aliases)) if aliases else Marked(""),
                " · ".join(meta),
                reverse("units:unit", args=[unit.pk]),
            )
        )
    return hits


def _people(ask: Ask) -> list[Hit]:
    events = (
        Event.objects.visible_to(ask.user).select_related("document").order_by("date", "document_id", "order")
    )
    people = (
        Person.objects.visible_to(ask.user)
        .filter(all_terms(index.PEOPLE, ask.terms))
        .select_related("region")
        .annotate(exact=ExpressionWrapper(Q(name=ask.query), output_field=BooleanField()))
        .prefetch_related(Prefetch("events", events, to_attr="seen_events"))
        .order_by("-exact", "name", "pk")[: ask.limit + 1]
    )
    hits = []
    for person in people:
        seen: list[Event] = person.seen_events
        changes = "；".join(f"{'任' if e.action == Action.APPOINT else '免去'}{e.post_text}" for e in seen)
        notices = {e.document_id: e.document for e in seen}
        links = tuple(Link(d.number or d.title, _document_url(d.pk, ask.query)) for d in notices.values())
        meta = " · ".join(
            [
                *ask.where(person.region),
                f"{len(notices)}份任免通知",
                *(["待核实"] if person.needs_review else []),
            ]
        )
        hits.append(
            Hit(
                Kind.PEOPLE,
                person.pk,
                ask.marked(person.name, None),
                ask.marked(changes),
                meta,
                reverse("personnel:person", args=[person.pk]),
                links,
            )
        )
    return hits


def _items(ask: Ask) -> list[Hit]:
    items = (
        Item.objects.visible_to(ask.user)
        .filter(all_terms(index.ITEMS, ask.terms))
        .select_related("task_list__region")
        .order_by(F("task_list__year").desc(nulls_last=True), "task_list_id", "order", "pk")[: ask.limit + 1]
    )
    hits = []
    for item in items:
        target = item.target_text if matches(item.target_text, ask.found) else ""
        meta = " · ".join(
            [*ask.where(item.task_list.region), item.task_list.title, f"序号{item.seq}"]
            + (["已办结"] if item.closed else [])
        )
        hits.append(
            Hit(
                Kind.ITEMS,
                item.pk,
                ask.marked(item.text, TITLE),
                labelled("目标：", ask.marked(target)) if target else Marked(""),
                meta,
                reverse("supervision:item", args=[item.pk]),
            )
        )
    return hits


def _entries(ask: Ask) -> list[Hit]:
    entries = (
        Entry.objects.visible_to(ask.user)
        .filter(all_terms(index.ENTRIES, ask.terms))
        .select_related("round__task_list__region", "item")
        .order_by("-round__as_of", "-round_id", "item__order", "pk")[: ask.limit + 1]
    )
    hits = []
    for entry in entries:
        rnd = entry.round
        hits.append(
            Hit(
                Kind.ENTRIES,
                entry.pk,
                ask.marked(entry.item.text, TITLE),
                ask.marked(ask.first_matching(entry.progress, entry.remark)),
                " · ".join(
                    [
                        *ask.where(rnd.task_list.region),
                        rnd.task_list.title,
                        rnd.period,
                        entry.get_state_display(),
                    ]
                ),
                reverse("supervision:item", args=[entry.item_id]),
            )
        )
    return hits


def _instructions(ask: Ask) -> list[Hit]:
    found = (
        Instruction.objects.visible_to(ask.user)
        .filter(all_terms(index.INSTRUCTIONS, ask.terms))
        .select_related("item__task_list__region", "author")
        .order_by("-created_at", "-pk")[: ask.limit + 1]
    )
    hits = []
    for instruction in found:
        state = "已落实" if instruction.answered_at else "待落实"
        hits.append(
            Hit(
                Kind.INSTRUCTIONS,
                instruction.pk,
                ask.marked(instruction.item.text, TITLE),
                ask.marked(ask.first_matching(instruction.text, instruction.answer)),
                " · ".join(
                    [
                        *ask.where(instruction.item.task_list.region),
                        instruction.author.display_name,
                        f"{instruction.created_at:%Y-%m-%d}",
                        state,
                    ]
                ),
                reverse("supervision:item", args=[instruction.item_id]),
            )
        )
    return hits


def _document_url(pk: int, query: str) -> str:
    return reverse("search:document", args=[pk]) + "?" + urlencode({"q": query})


def _day(day: date | None) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


def _documents(ask: Ask) -> list[Hit]:
    documents = (
        Document.objects.visible_to(ask.user)
        .filter(all_terms(index.DOCUMENTS, ask.terms))
        .select_related("region")
        .defer("body", "raw", "metadata", "recipients", "attachments", "warnings")
        .order_by(F("date").desc(nulls_last=True), "-pk")[: ask.limit + 1]
    )
    hits = []
    for doc in documents:
        parts = (*ask.where(doc.region), doc.number, doc.get_kind_display(), _day(doc.date))
        meta = " · ".join(part for part in parts if part)
        hits.append(
            Hit(
                Kind.DOCUMENTS,
                doc.pk,
                ask.marked(doc.title or doc.number, None),
                ask.marked(doc.text),
                meta,
                _document_url(doc.pk, ask.query),
            )
        )
    return hits


READERS: dict[str, Callable[[Ask], list[Hit]]] = {
    Kind.UNITS: _units,
    Kind.PEOPLE: _people,
    Kind.ITEMS: _items,
    Kind.ENTRIES: _entries,
    Kind.INSTRUCTIONS: _instructions,
    Kind.DOCUMENTS: _documents,
}


def search(
    user: Any, q: str | None, kinds: Iterable[str] | None = None, limit: int = DEFAULT_LIMIT
) -> Results:
    """What `user` may see that contains every term of `q`, grouped by kind, at most `limit` a kind."""
    terms = terms_of(q)
    wanted = kinds_of(kinds)
    if not 1 <= limit <= MAX_LIMIT:
        raise InvalidInput(f"每类结果数应在1到{MAX_LIMIT}之间", f"bad search limit {limit}")
    query = " ".join(terms)
    scope = scope_of(user)
    several = scope.region is None or scope.region.tier != "county"  # an upper office, the administrator
    ask = Ask(user, query, terms, pattern(terms), limit, several)
    groups = []
    for kind in wanted:
        hits = READERS[kind](ask)
        groups.append(Group(kind, Kind(kind).label, tuple(hits[:limit]), len(hits) > limit))
    return Results(query, terms, tuple(groups))
