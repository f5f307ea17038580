"""What an import is asked and what it reports, and the rows it writes for each document.

Shared by the per-document path and the batched one (`services`), and read by the pages, the
API and the command line (the outcomes and their labels).
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from itertools import islice
from typing import Any

from django.apps import apps
from django.db import DatabaseError, OperationalError
from django.db.models import Model

from duban.audit import services as audit
from duban.audit.choices import EventType
from duban.core import model as core
from duban.core.errors import ParseError
from duban.core.model import Source
from duban.core.parse import clear_caches, iter_documents
from duban.documents.models import Document, ImportRecord
from duban.errors import Busy, DomainError, NeedsConfirmation
from duban.intake.lists import FieldChange
from duban.intake.people import Posts
from duban.ops.services import refresh_statistics
from duban.personnel.models import Event as CadreEvent
from duban.supervision.models import Entry
from duban.units.models import Region
from duban.units.resolve import RegionUnknown, Resolver, region_for

log = logging.getLogger("duban.import")


class Outcome(StrEnum):
    """What happened to one document of a file."""

    CREATED = "created"
    UNCHANGED = "unchanged"
    REPLACED = "replaced"
    CONFLICT = "conflict"  # another text under the same number, and no replacement asked for
    NEEDS_CONFIRMATION = "needs_confirmation"  # the replacement would drop the office's work
    NEEDS_REGION = "needs_region"  # the issuer does not tell the region
    ERROR = "error"

    @property
    def stored(self) -> bool:
        return self in (Outcome.CREATED, Outcome.REPLACED)

    @property
    def failed(self) -> bool:
        return self in (Outcome.CONFLICT, Outcome.NEEDS_CONFIRMATION, Outcome.NEEDS_REGION, Outcome.ERROR)


OUTCOME_LABELS = {
    Outcome.CREATED: "已导入",
    Outcome.UNCHANGED: "未改动（已导入过）",
    Outcome.REPLACED: "已替换",
    Outcome.CONFLICT: "冲突，未导入",
    Outcome.NEEDS_CONFIRMATION: "替换会删除督查室的工作记录，未导入",
    Outcome.NEEDS_REGION: "未判断出行政区划，未导入",
    Outcome.ERROR: "失败，未导入",
}


@dataclass(slots=True)
class DocResult:
    """One document of a file: what happened, why, what it held and (on replacement) what changed.

    Slotted: an import keeps one for each of its documents until it reports them (ten thousand
    for a province's archive)."""

    number: str
    title: str
    kind: str
    outcome: Outcome = Outcome.CREATED
    message: str = ""
    region: str = ""
    document_id: int | None = None
    counts: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    changes: list[FieldChange] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)


# The documents an import record lists one by one (`summary_of`).
LISTED = 1000


def summary_of(results: list[DocResult], listed: int = LISTED) -> dict[str, Any]:
    """An import record's summary: how many documents had each outcome, and the documents listed
    one by one — every one of an import of up to `listed`, else those that did not simply go in
    (failed, unchanged, replaced), the first `listed` of them — and how many are not listed.

    Bounded: listing all ten thousand notices of a province's archive made the summary megabytes
    of JSON, built at the end of the import (its peak memory grew with the archive) and read back
    for every record the records page shows."""
    tally: dict[str, int] = {}
    for r in results:
        tally[str(r.outcome)] = tally.get(str(r.outcome), 0) + 1
    chosen = results if len(results) <= listed else (r for r in results if r.outcome != Outcome.CREATED)
    documents = [
        {"number": r.number, "title": r.title, "outcome": str(r.outcome), "message": r.message, **r.counts}
        for r in islice(chosen, listed)
    ]
    return {"tally": tally, "documents": documents, "omitted": len(results) - len(documents)}


@dataclass
class ImportResult:
    """A whole file: its import record and each document's result."""

    record: ImportRecord
    documents: list[DocResult]

    @property
    def failed(self) -> bool:
        return any(d.outcome.failed for d in self.documents)


@dataclass(frozen=True)
class Options:
    """How to import: the region when the issuer does not tell it, replacement, confirmation, as-of date."""

    region: str | None = None
    replace: bool = False
    confirm: bool = False
    as_of: date | None = None
    # False: every document stored on its own (no `Pending`): the reference the batched writes
    # are tested against, and the way to find which document of a file the database refuses.
    batched: bool = True


def content_hash(doc: core.ParsedDocument) -> str:
    """A document's identity by content, the same whichever file format carried it."""
    return hashlib.sha256(doc.text.encode("utf-8")).hexdigest()


class Memory:
    """What one import remembers between its documents: regions by issuer, and per region its units and posts.

    Forgotten when a document is rolled back (what was created for it is gone with it).
    """

    def __init__(self) -> None:
        self.regions: dict[tuple[str, str | None], tuple[Region, list[str]]] = {}
        self.posts: dict[int, Posts] = {}

    def region_for(self, issuer: str, explicit: str | None) -> tuple[Region, list[str]]:
        key = (issuer, explicit)
        if key not in self.regions:
            self.regions[key] = region_for(issuer, explicit)
        return self.regions[key]

    def posts_of(self, region: Region) -> Posts:
        if region.pk not in self.posts:
            self.posts[region.pk] = Posts(Resolver(region))
        return self.posts[region.pk]

    def clear(self) -> None:
        self.regions.clear()
        self.posts.clear()


def audit_rows(
    record: ImportRecord, result: DocResult, document: Document, events: list[CadreEvent], entries: bool
) -> list[audit.Entry]:
    """The import's audit event, then the bulk write's rows one by one: each cadre record and
    progress entry the document brought (the entries read back only when it brought any)."""
    source = {"document": document.pk}
    rows = [audit.Entry(EventType.IMPORT, document, detail={"file": record.file_name, **result.counts})]
    rows += [
        audit.Entry(
            EventType.CADRE_CHANGE,
            e,
            {"person_id": [None, e.person_id], "action": [None, str(e.action)], "post_id": [None, e.post_id]},
            detail=source,
            plain=True,
        )
        for e in events
    ]
    if not entries:
        return rows
    stored = Entry.objects.filter(round__document=document).select_related("round__task_list", "item")
    rows += [
        audit.Entry(
            EventType.ENTRY_CREATE,
            e,
            {"item_id": [None, e.item_id], "state": [None, e.state], "status": [None, e.status]},
            detail=source,
        )
        for e in stored.order_by("pk")
    ]
    return rows


def count_into(doc: core.ParsedDocument, result: DocResult, appointments: int, items: int) -> None:
    if appointments:
        result.counts["appointments"] = appointments
    for name in ("tasks", "indicators", "measures"):
        if getattr(doc, name):
            result.counts[name] = len(getattr(doc, name))
    result.counts.setdefault("items", items)
    result.warnings = list(doc.warnings)
    if doc.warnings:
        result.message = "；".join(doc.warnings)


def new_document(doc: core.ParsedDocument, region: Region, digest: str, record: ImportRecord) -> Document:
    """The document's row, not yet saved."""
    return Document(
        region=region,
        kind=str(doc.kind),
        number=str(doc.number or ""),
        code=doc.number.code if doc.number else "",
        year=doc.number.year if doc.number else (doc.date.year if doc.date else None),
        serial=doc.number.serial if doc.number else None,
        series=doc.number.series if doc.number else "",
        issuer=doc.issuer,
        title=doc.title,
        date=doc.date,
        published=doc.published,
        metadata=dict(doc.metadata),
        raw=doc.raw,
        recipients=doc.recipients,
        attachments=doc.attachments,
        body=doc.body,
        warnings=doc.warnings,
        text=doc.text,
        content_hash=digest,
        import_record=record,
    )


def busy(exc: OperationalError) -> DomainError:
    if "locked" in str(exc).lower():
        return Busy("另一项导入或修改正在进行，数据库暂时被占用，请稍后再试", f"database busy: {exc}")
    return DomainError("写入数据库失败（详见日志）", f"database error: {exc}")


def guarded(
    record: ImportRecord,
    result: DocResult,
    memory: Memory,
    work: Callable[[], object],
    *,
    database: bool = True,
) -> None:
    """Run one document's work; a failure becomes the document's outcome (its savepoint rolled back).

    `database=False`: the work ran in no savepoint of its own (it only reads); a database error
    is raised on, as the batch's transaction cannot go on after it, and nothing is forgotten."""
    try:
        try:
            work()
        except BaseException:
            if database:
                memory.clear()  # units and posts created for the document were rolled back with it
            raise
    except NeedsConfirmation as exc:
        result.outcome, result.message, result.dropped = Outcome.NEEDS_CONFIRMATION, exc.message, exc.dropped
    except RegionUnknown as exc:
        result.outcome, result.message = Outcome.NEEDS_REGION, exc.message
        log.warning("import %s: %s", record.file_name, exc.detail)
    except ParseError as exc:
        result.outcome, result.message = Outcome.ERROR, exc.with_warnings()
        log.warning("import %s: %s", record.file_name, exc.log_message())
    except DomainError as exc:
        result.outcome, result.message = Outcome.ERROR, exc.message
        log.warning("import %s: %s", record.file_name, exc.detail)
    except OperationalError as exc:
        if not database:
            raise
        error = busy(exc)
        result.outcome, result.message = Outcome.ERROR, error.message
        log.error("import %s: %s", record.file_name, error.detail)
    except DatabaseError as exc:
        if not database:
            raise
        # Rolled back with the document's transaction; the other documents of the file go on.
        result.outcome, result.message = Outcome.ERROR, "写入数据库失败，本份公文未导入（详见日志）"
        log.error("import %s: database error on %s: %s", record.file_name, result.number or result.title, exc)


# An import that stores this many documents changes the tables' sizes enough that the planner's
# statistics are refreshed after it (autovacuum may be off, or not yet come round).
STATISTICS_AFTER = 1000


def refresh_statistics_after(results: list[DocResult]) -> None:
    """The planner's statistics of the tables an import grew, after an import of many documents."""
    if sum(1 for r in results if r.outcome.stored) >= STATISTICS_AFTER:
        refresh_statistics(models=written_models(results))


def written_models(results: list[DocResult]) -> list[type[Model]]:
    """The models whose tables an import may have grown: its documents, people, posts, units and
    audit rows, and the lists' tables only if it stored a list (analysed, a province's 660,000
    entries cost more than everything the notices wrote)."""
    names = ["documents", "personnel", "units", "audit"]
    if any(r.outcome.stored and ({"tasks", "indicators", "measures"} & r.counts.keys()) for r in results):
        names.append("supervision")
    # The many-to-many tables too (a bulletin's rounds, a group's members): a bare ANALYZE had them.
    return [m for name in names for m in apps.get_app_config(name).get_models(include_auto_created=True)]


def survey(source: Source, size: int) -> tuple[int, list[core.ParsedDocument]]:
    """An import's first pass, which checks the whole file parses: the number of documents, and
    those with measures (which other documents' counts are checked against)."""
    total = 0
    measure_docs = []
    try:
        for doc in iter_documents(source, survey=True):
            total += 1
            if total % size == 0:
                clear_caches()  # as the store does (`services._import_source`)
            if doc.measures:
                measure_docs.append(doc)
    except ParseError:
        # The error as a full reading gives it, with the warnings of the clauses before it.
        for _ in iter_documents(source):
            pass
        raise
    return total, measure_docs


class ReadAhead:
    """The batches of an import, the next of which can be read in a thread while the current
    one is committed (`start`).

    PostgreSQL checks a batch's foreign keys at its commit, about a fifth of a large import's
    time, while the import waits with nothing to do; the next batch's reading (parsing five
    hundred notices) needs no database and fits in that wait. Started once the batch has
    written everything, just before its commit: the import waits on the database from then on,
    so the two do not take turns on the interpreter. The parser's caches are emptied before
    each batch, in the thread that reads it (it is the only reader while it runs: the other
    waits, in the commit or in `settle`, before it touches anything the parser uses)."""

    def __init__(self, batches: Iterator[list[core.ParsedDocument]]) -> None:
        self._batches = batches
        self._thread: threading.Thread | None = None
        self._made: tuple[bool, object] | None = None  # what the thread read: a batch, or its exception

    def __iter__(self) -> ReadAhead:
        return self

    def __next__(self) -> list[core.ParsedDocument]:
        self.settle()
        if self._made is None:
            return self._read()
        (ok, made), self._made = self._made, None
        if ok:
            return made  # type: ignore[return-value]
        raise made  # type: ignore[misc]  # the reader's exception (StopIteration at the end)

    def start(self) -> None:
        """Read the next batch in a thread (unless it is read or being read already)."""
        if self._thread is None and self._made is None:
            self._thread = threading.Thread(
                target=self._read_into, name="duban-import-read-ahead", daemon=True
            )
            self._thread.start()

    def settle(self) -> None:
        """Wait for the batch being read, if any (before the caller parses or resolves anything);
        it is kept for the next `__next__`."""
        if self._thread is not None:
            self._thread.join()
            self._thread = None

    def _read(self) -> list[core.ParsedDocument]:
        # Grown with the distinct clauses read (tens of MB by ten thousand notices): emptied each
        # batch, memory stays flat; a batch still hits them for its posts.
        clear_caches()
        return next(self._batches)

    def _read_into(self) -> None:
        try:
            self._made = (True, self._read())
        except BaseException as exc:  # noqa: BLE001 - handed to the importing thread, raised there
            self._made = (False, exc)


def batches(docs: Iterator[core.ParsedDocument], size: int) -> Iterator[list[core.ParsedDocument]]:
    """The documents, `size` at a time."""
    batch: list[core.ParsedDocument] = []
    for doc in docs:
        batch.append(doc)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch
