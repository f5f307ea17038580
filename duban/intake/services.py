"""Importing files: parse → lint → store each document (people, lists, rounds) in its own transaction.

The one entry point for the command line, the upload page and the API. The import record is
committed before any document is stored and marked finished at the end, so an import killed
half-way leaves a record that says it did not finish (and the documents it did store, whole).
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from pathlib import Path

from django.db import DatabaseError, OperationalError, transaction
from django.utils import timezone

from duban.actors import Actor
from duban.audit import services as audit
from duban.audit.choices import EventType
from duban.core import model as core
from duban.core.errors import ParseError
from duban.core.lint import lint_one
from duban.core.model import Source
from duban.core.parse import iter_documents
from duban.core.readers import read_bytes, read_data
from duban.documents.choices import ImportState
from duban.documents.models import Document, ImportRecord
from duban.errors import Busy, DomainError, Forbidden, InvalidInput, NeedsConfirmation
from duban.intake.bulletins import record_bulletin
from duban.intake.lists import FieldChange, record_lists
from duban.intake.people import Posts, record_appointments
from duban.intake.replace import replace_events, update_document
from duban.personnel.models import Event as CadreEvent
from duban.roles import Role
from duban.supervision.models import Entry
from duban.supervision.policy import is_office
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


@dataclass
class DocResult:
    """One document of a file: what happened, why, what it held and (on replacement) what changed."""

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


Progress = Callable[[int, int], None]  # (documents done, documents in all)
# Documents stored in one database transaction (each still all or nothing, in a savepoint of its
# own): committing per batch rather than per document, and writing the batch's audit events in
# one go, is what keeps a large archive fast; a batch is at most a second or two of work.
BATCH = 100


def import_file(
    actor: Actor, path: str | Path, options: Options | None = None, progress: Progress | None = None
) -> ImportResult:
    """Import every document of a file on disk."""
    path = Path(path)
    try:
        data = read_bytes(path)
    except ParseError as exc:
        raise InvalidInput(exc.with_warnings(), exc.log_message()) from exc
    return import_data(actor, data, path.name, options, progress)


def import_data(
    actor: Actor,
    data: bytes,
    name: str,
    options: Options | None = None,
    progress: Progress | None = None,
) -> ImportResult:
    """Import every document of a file's bytes (read once: hashed for the record and parsed).

    The file is parsed twice, one document at a time: first to check it whole (a file that does
    not parse imports nothing) and count it, then to store each document; so an archive of ten
    thousand notices is never held parsed in memory.
    """
    options = options or Options()
    _require_importer(actor)
    try:
        source = read_data(data, name)
        total, measure_docs = _survey(source)
    except ParseError as exc:
        raise InvalidInput(exc.with_warnings(), exc.log_message()) from exc
    record = _begin(actor, name, data)
    results: list[DocResult] = []
    memory = Memory()
    done = 0
    try:
        for batch in _batches(iter_documents(source)):
            results += _import_batch(actor, batch, measure_docs, record, options, memory)
            done += len(batch)
            if progress is not None:
                progress(done, total)
    except BaseException:
        _finish(record, results, ImportState.FAILED)
        raise
    _finish(record, results, ImportState.FINISHED)
    return ImportResult(record, results)


def _survey(source: Source) -> tuple[int, list[core.ParsedDocument]]:
    """The number of documents, and those with measures (which other documents' counts are checked against)."""
    total = 0
    measure_docs = []
    for doc in iter_documents(source):
        total += 1
        if doc.measures:
            measure_docs.append(doc)
    return total, measure_docs


def _batches(docs: Iterator[core.ParsedDocument]) -> Iterator[list[core.ParsedDocument]]:
    batch: list[core.ParsedDocument] = []
    for doc in docs:
        batch.append(doc)
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _import_batch(
    actor: Actor,
    batch: list[core.ParsedDocument],
    measure_docs: list[core.ParsedDocument],
    record: ImportRecord,
    options: Options,
    memory: Memory,
) -> list[DocResult]:
    """Store a batch of documents in one transaction; a document that fails is rolled back alone."""
    for doc in batch:
        lint_one(doc, measure_docs)
    results: list[DocResult] = []
    entries: list[audit.Entry] = []
    try:
        with transaction.atomic():
            for doc in batch:
                result, events = _import_one(actor, doc, record, options, memory)
                results.append(result)
                entries += events
            audit.record_many(actor, entries)
    except OperationalError as exc:
        # The batch could not begin or commit (the database is locked by another writer): none of
        # its documents is stored, each says so.
        memory.clear()
        error = _busy(exc)
        log.error("import %s: %s", record.file_name, error.detail)
        return [
            DocResult(
                number=str(doc.number or ""),
                title=doc.title,
                kind=str(doc.kind),
                outcome=Outcome.ERROR,
                message=error.message,
            )
            for doc in batch
        ]
    return results


def _require_importer(actor: Actor) -> None:
    user = actor.user
    if actor.operator or (user is not None and user.role == Role.OFFICE):
        return
    raise Forbidden("只有督查室可以导入公文", f"forbidden: import by {actor.name}")


def _begin(actor: Actor, name: str, data: bytes) -> ImportRecord:
    try:
        return ImportRecord.objects.create(
            file_name=name[:300],
            sha256=hashlib.sha256(data).hexdigest(),
            actor=actor.name,
            user=actor.user,
            state=ImportState.RUNNING,
        )
    except OperationalError as exc:
        raise _busy(exc) from exc


def _finish(record: ImportRecord, results: list[DocResult], state: ImportState) -> None:
    record.state = state
    record.finished_at = timezone.now()
    record.summary = {
        "documents": [
            {
                "number": r.number,
                "title": r.title,
                "outcome": str(r.outcome),
                "message": r.message,
                **r.counts,
            }
            for r in results
        ]
    }
    record.save(update_fields=["state", "finished_at", "summary"])


def _busy(exc: OperationalError) -> DomainError:
    if "locked" in str(exc).lower():
        return Busy("另一项导入或修改正在进行，数据库暂时被占用，请稍后再试", f"database busy: {exc}")
    return DomainError("写入数据库失败（详见日志）", f"database error: {exc}")


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


def _import_one(
    actor: Actor,
    doc: core.ParsedDocument,
    record: ImportRecord,
    options: Options,
    memory: Memory,
) -> tuple[DocResult, list[audit.Entry]]:
    """One document in a savepoint of its own; its audit events, to be written with the batch's."""
    result = DocResult(number=str(doc.number or ""), title=doc.title, kind=str(doc.kind))
    events: list[audit.Entry] = []
    try:
        try:
            events = _import_in_transaction(actor, doc, record, options, memory, result)
        except BaseException:
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
        error = _busy(exc)
        result.outcome, result.message = Outcome.ERROR, error.message
        log.error("import %s: %s", record.file_name, error.detail)
    except DatabaseError as exc:
        # Rolled back with the document's transaction; the other documents of the file go on.
        result.outcome, result.message = Outcome.ERROR, "写入数据库失败，本份公文未导入（详见日志）"
        log.error("import %s: database error on %s: %s", record.file_name, result.number or result.title, exc)
    return result, events


def _import_in_transaction(
    actor: Actor,
    doc: core.ParsedDocument,
    record: ImportRecord,
    options: Options,
    memory: Memory,
    result: DocResult,
) -> list[audit.Entry]:
    """Store or replace one document; the audit events it makes, to be written with the batch's."""
    with transaction.atomic():
        region, region_warnings = memory.region_for(doc.issuer, options.region)
        result.region = region.full_name
        if not is_office(actor, region.pk):
            # An office stores documents of its own region only (the command line is the operator).
            raise Forbidden(
                f"该公文属于{region.full_name}，您只能导入本行政区划的公文",
                f"import into region {region.pk} refused",
            )
        doc.warnings.extend(w for w in region_warnings if w not in doc.warnings)
        posts = memory.posts_of(region)
        digest = content_hash(doc)
        existing = _existing(region, doc, digest)
        if existing is None:
            document = _store(doc, region, digest, record, options, result, posts)
            event = audit.Entry(
                EventType.IMPORT, document, detail={"file": record.file_name, **result.counts}
            )
            return [event, *_imported_rows(document)]
        elif existing.content_hash == digest:
            result.outcome, result.message = Outcome.UNCHANGED, "已导入过，内容相同，未作改动"
            result.document_id = existing.pk
        elif not options.replace:
            result.outcome = Outcome.CONFLICT
            result.message = f"文号{existing.number}已存在且内容不同；如确需用新内容替换，请选择“替换”"
            result.document_id = existing.pk
        else:
            _replace(existing, doc, digest, record, options, result, posts)
            return [
                audit.Entry(
                    EventType.IMPORT_REPLACE,
                    existing,
                    changes={f"{c.where}·{c.label}": [c.old, c.new] for c in result.changes},
                    detail={"file": record.file_name, "dropped": result.dropped, **result.counts},
                )
            ]
    return []


def _imported_rows(document: Document) -> list[audit.Entry]:
    """A bulk write is audited row by row: each cadre record and progress entry the document brought."""
    source = {"document": document.pk}
    rows = [
        audit.Entry(
            EventType.CADRE_CHANGE,
            e,
            {"person_id": [None, e.person_id], "action": [None, e.action], "post_id": [None, e.post_id]},
            detail=source,
        )
        for e in CadreEvent.objects.filter(document=document).select_related("person").order_by("order")
    ]
    entries = Entry.objects.filter(round__document=document).select_related("round__task_list", "item")
    rows += [
        audit.Entry(
            EventType.ENTRY_CREATE,
            e,
            {"item_id": [None, e.item_id], "state": [None, e.state], "status": [None, e.status]},
            detail=source,
        )
        for e in entries.order_by("pk")
    ]
    return rows


def _existing(region: Region, doc: core.ParsedDocument, digest: str) -> Document | None:
    if doc.number is not None:
        return Document.objects.filter(
            region=region, code=doc.number.code, year=doc.number.year, serial=doc.number.serial
        ).first()
    return Document.objects.filter(region=region, number="", content_hash=digest).first()


def _count(doc: core.ParsedDocument, result: DocResult, appointments: int, items: int) -> None:
    if appointments:
        result.counts["appointments"] = appointments
    for name in ("tasks", "indicators", "measures"):
        if getattr(doc, name):
            result.counts[name] = len(getattr(doc, name))
    result.counts.setdefault("items", items)
    result.warnings = list(doc.warnings)
    if doc.warnings:
        result.message = "；".join(doc.warnings)


def _store(
    doc: core.ParsedDocument,
    region: Region,
    digest: str,
    record: ImportRecord,
    options: Options,
    result: DocResult,
    posts: Posts,
) -> Document:
    document = Document.objects.create(
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
    events = record_appointments(document, doc.appointments, posts) if doc.appointments else []
    lists = record_lists(document, doc, posts.resolver, options.as_of)
    record_bulletin(document, doc)
    result.document_id = document.pk
    _count(doc, result, len(events), lists.items)
    return document


def _replace(
    existing: Document,
    doc: core.ParsedDocument,
    digest: str,
    record: ImportRecord,
    options: Options,
    result: DocResult,
    posts: Posts,
) -> None:
    """Update the stored document in place; refuse (rolling back) when office work would be dropped."""
    result.changes = update_document(existing, doc, digest)
    existing.import_record = record
    existing.save(update_fields=["import_record"])
    events = replace_events(existing, doc.appointments, posts)
    lists = record_lists(existing, doc, posts.resolver, options.as_of, replacing=True)
    record_bulletin(existing, doc)
    result.changes += events.changes + lists.changes
    result.dropped = events.dropped + lists.dropped
    if result.dropped and not options.confirm:
        raise NeedsConfirmation(
            f"替换文号{existing.number}会删除督查室的工作记录（{len(result.dropped)}处）："
            + "；".join(result.dropped),
            f"replacing document {existing.pk} would drop {len(result.dropped)} records",
            result.dropped,
        )
    result.outcome = Outcome.REPLACED
    result.document_id = existing.pk
    _count(doc, result, events.events, lists.items)
