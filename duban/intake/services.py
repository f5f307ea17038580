"""Importing files: parse → lint → store each document (people, lists, rounds) in its own transaction.

The one entry point for the command line, the upload page and the API. The import record is
committed before any document is stored and marked finished at the end, so an import killed
half-way leaves a record that says it did not finish (and the documents it did store, whole).
"""

from __future__ import annotations

import hashlib
import logging
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

from django.db import DatabaseError, OperationalError, transaction
from django.utils import timezone

from duban import allocator, bulk
from duban.actors import Actor
from duban.audit import services as audit
from duban.audit.choices import EventType
from duban.core import model as core
from duban.core.errors import ParseError
from duban.core.lint import lint_one
from duban.core.model import Source
from duban.core.parse import collector_paused, iter_documents
from duban.core.readers import read_bytes, read_data
from duban.documents.choices import ImportState
from duban.documents.models import Document, ImportRecord
from duban.errors import DomainError, Forbidden, InvalidInput, NeedsConfirmation
from duban.intake.bulletins import record_bulletin
from duban.intake.lists import ListOutcome, record_lists
from duban.intake.people import (
    Posts,
    Register,
    match_people,
    new_event,
    posts_for,
    record_appointments,
    tenure_keys,
)
from duban.intake.records import (
    DocResult,
    ImportResult,
    Memory,
    Options,
    Outcome,
    ReadAhead,
    audit_rows,
    batches,
    busy,
    content_hash,
    count_into,
    guarded,
    new_document,
    refresh_statistics_after,
    summary_of,
    survey,
)
from duban.intake.replace import replace_events, update_document
from duban.personnel.models import Event as CadreEvent
from duban.personnel.models import Person
from duban.personnel.services import update_tenures
from duban.roles import Role
from duban.supervision.policy import is_office
from duban.units.models import Region

log = logging.getLogger("duban.import")


Progress = Callable[[int, int], None]  # (documents done, documents in all)
# Documents stored in one database transaction (each still all or nothing): committing per batch
# rather than per document, and writing the batch's audit events in one go, is what keeps a large
# archive fast. Five hundred: the batch's reads and writes are a few dozen statements, however
# many notices; what it holds while it is written (its notices' objects and rows) is bounded, a
# few tens of MB at the peak, the same whatever the archive's size; a batch is one to three
# seconds of work, and the progress bar moves that often.
BATCH = 500


def import_file(
    actor: Actor, path: str | Path, options: Options | None = None, progress: Progress | None = None
) -> ImportResult:
    """Import every document of a file on disk.

    The bytes are let go once hashed and decoded: an archive is held once, as its text, while it
    is imported (`duban import` of a province's archive)."""
    _require_importer(actor)
    path = Path(path)
    try:
        data = read_bytes(path)
        digest = hashlib.sha256(data).hexdigest()
        source = read_data(data, path.name, stream=True)
    except ParseError as exc:
        raise InvalidInput(exc.with_warnings(), exc.log_message()) from exc
    del data
    return _import_source(actor, source, path.name, digest, options, progress)


def import_data(
    actor: Actor,
    data: bytes,
    name: str,
    options: Options | None = None,
    progress: Progress | None = None,
) -> ImportResult:
    """Import every document of a file's bytes (read once: hashed for the record and parsed)."""
    _require_importer(actor)
    try:
        source = read_data(data, name, stream=True)
    except ParseError as exc:
        raise InvalidInput(exc.with_warnings(), exc.log_message()) from exc
    return _import_source(actor, source, name, hashlib.sha256(data).hexdigest(), options, progress)


@collector_paused(True)  # an import's automatic passes walked its survivors again and again
def _import_source(
    actor: Actor,
    source: Source,
    name: str,
    digest: str,
    options: Options | None,
    progress: Progress | None,
) -> ImportResult:
    """Import a read source's documents.

    The source is parsed twice, one document at a time: first to check it whole (a file that does
    not parse imports nothing) and count it, then to store each document; so an archive of ten
    thousand notices is never held parsed in memory. A failure in the second pass (a database
    error, or a fault of the clause reader, which the first pass does not run on numbered
    notices) stops the import there: the batches before it stay stored, the record is marked
    failed, and importing the file again skips the documents already stored.
    """
    options = options or Options()
    try:
        total, measure_docs = survey(source, BATCH)
    except ParseError as exc:
        raise InvalidInput(exc.with_warnings(), exc.log_message()) from exc
    record = _begin(actor, name, digest)
    results: list[DocResult] = []
    memory = Memory()
    done = 0
    ahead = ReadAhead(batches(iter_documents(source), BATCH))
    try:
        for number, batch in enumerate(ahead, start=1):
            results += _import_batch(actor, batch, measure_docs, record, options, memory, ahead)
            done += len(batch)
            del batch
            allocator.batch_done(number)
            if progress is not None:
                progress(done, total)
    except BaseException:
        ahead.settle()
        _finish(record, results, ImportState.FAILED)
        raise
    _finish(record, results, ImportState.FINISHED)
    refresh_statistics_after(results)
    return ImportResult(record, results)


def _import_batch(
    actor: Actor,
    batch: list[core.ParsedDocument],
    measure_docs: list[core.ParsedDocument],
    record: ImportRecord,
    options: Options,
    memory: Memory,
    ahead: ReadAhead,
) -> list[DocResult]:
    """Store a batch of documents in one transaction; a document that fails is rolled back alone."""
    for doc in batch:
        lint_one(doc, measure_docs)
    try:
        try:
            return _store_batch(actor, batch, record, options, memory, bulk=options.batched, ahead=ahead)
        except OperationalError:
            raise
        except DatabaseError as exc:
            # A bulk write of the batch's new notices was refused (a value the database will not
            # take): nothing of the batch is stored. Store it again one document at a time, so
            # that only the document at fault fails, with its own message (once the next batch
            # is read: storing resolves units with the parser's helpers).
            ahead.settle()
            memory.clear()
            log.warning(
                "import %s: bulk write refused (%s); storing the batch one by one", record.file_name, exc
            )
            return _store_batch(actor, batch, record, options, memory, bulk=False)
    except OperationalError as exc:
        # The batch could not begin or commit (the database is locked by another writer): none of
        # its documents is stored, each says so.
        ahead.settle()
        memory.clear()
        error = busy(exc)
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


def _store_batch(
    actor: Actor,
    batch: list[core.ParsedDocument],
    record: ImportRecord,
    options: Options,
    memory: Memory,
    *,
    bulk: bool,
    ahead: ReadAhead | None = None,
) -> list[DocResult]:
    """New appointment notices are matched in memory and written together (`Pending`); any other
    document is stored on its own, after what is pending, so that it sees the register as it is.
    Once everything is written, the next batch is read while this one commits (`ReadAhead`)."""
    results: list[DocResult] = []
    entries: list[audit.Entry] = []
    with transaction.atomic():
        pending = Pending(actor, record, options, memory)
        if bulk:
            pending.expect(batch)
        for doc in batch:
            if bulk and pending.add(doc):
                continue
            results += pending.flush(entries)
            result, events = _import_one(actor, doc, record, options, memory)
            results.append(result)
            entries += events
        results += pending.flush(entries)
        audit.record_many(actor, entries)
        if ahead is not None:
            ahead.start()
    return results


def _require_importer(actor: Actor) -> None:
    user = actor.user
    if actor.operator or (user is not None and user.role == Role.OFFICE):
        return
    raise Forbidden("只有督查室可以导入公文", f"forbidden: import by {actor.name}")


def _begin(actor: Actor, name: str, digest: str) -> ImportRecord:
    try:
        return ImportRecord.objects.create(
            file_name=name[:300],
            sha256=digest,
            actor=actor.name,
            user=actor.user,
            state=ImportState.RUNNING,
        )
    except OperationalError as exc:
        raise busy(exc) from exc


def _finish(record: ImportRecord, results: list[DocResult], state: ImportState) -> None:
    record.state = state
    record.finished_at = timezone.now()
    record.summary = summary_of(results)
    record.save(update_fields=["state", "finished_at", "summary"])


@dataclass
class _Notice:
    """A new appointment notice of a batch, matched and waiting to be written (or failed: no document)."""

    result: DocResult
    document: Document | None = None
    created: list[Person] = field(default_factory=list)
    events: list[CadreEvent] = field(default_factory=list)


class Pending:
    """The new appointment notices of a batch: matched in memory, written together by `flush`.

    Stored one by one, a notice costs about fourteen queries (its evidence, its people, its
    events, its tenures, its audit rows read back); a batch of five hundred costs a few dozen in
    all. A notice is taken only when it is new and holds appointments and nothing else; anything
    else (a replacement, a number seen before, a list or bulletin) is left to the caller, which
    flushes first. A notice whose region or posts are not met yet is matched in a savepoint of
    its own, as units and posts it names may be created on the way; the others only read, and
    need none. A failing one is reported like any other and written not at all.
    """

    def __init__(self, actor: Actor, record: ImportRecord, options: Options, memory: Memory) -> None:
        self.actor, self.record, self.options, self.memory = actor, record, options, memory
        self.notices: list[_Notice] = []
        self.keys: set[tuple[object, ...]] = set()
        self.registers: dict[int, Register] = {}
        self.names: dict[int, set[str]] = {}  # the names the batch will ask for, by region
        self.stored: set[tuple[object, ...]] = set()  # keys of the batch's documents stored already
        self.expected = False  # whether `expect` read the batch: else each notice is looked up

    def expect(self, batch: list[core.ParsedDocument]) -> None:
        """Read what the batch's notices will ask for in one go: the register of their names, and
        which of their numbers and texts are stored already."""
        numbers: dict[int, list[core.DocNumber]] = {}
        digests: dict[int, list[str]] = {}
        for doc in batch:
            if not _takes(doc):
                continue
            try:
                region, _ = self.memory.region_for(doc.issuer, self.options.region)
            except DomainError:
                continue  # reported when the notice itself comes
            self.names.setdefault(region.pk, set()).update(item.person for item in doc.appointments)
            if doc.number is not None:
                numbers.setdefault(region.pk, []).append(doc.number)
            else:
                digests.setdefault(region.pk, []).append(content_hash(doc))
        for region_pk, found in numbers.items():
            # `number != ""` is the condition of the unique index the look-up uses.
            rows = (
                Document.objects.filter(region_id=region_pk, code__in={n.code for n in found})
                .filter(year__in={n.year for n in found}, serial__in={n.serial for n in found})
                .exclude(number="")
                .values_list("code", "year", "serial")
            )
            # Numbered documents: their year and serial are always set.
            numbered = ((code, cast(int, year), cast(int, serial)) for code, year, serial in rows)
            self.stored.update(_identity(region_pk, core.DocNumber(*n), "") for n in numbered)
        for region_pk, hashes in digests.items():
            same = Document.objects.filter(region_id=region_pk, number="", content_hash__in=hashes)
            self.stored.update(
                _identity(region_pk, None, d) for d in same.values_list("content_hash", flat=True)
            )
        self.expected = True

    def add(self, doc: core.ParsedDocument) -> bool:
        """Match a notice into the batch; False when it is not one for the batch (nothing done)."""
        if not _takes(doc):
            return False
        notice = _Notice(_result_of(doc))
        taken = True

        def work() -> None:
            nonlocal taken
            taken = self._match(doc, notice)

        def in_savepoint() -> None:
            with transaction.atomic():
                work()

        if self._writes(doc):
            guarded(self.record, notice.result, self.memory, in_savepoint)
        else:
            # Only reads: nothing to roll back if it fails, so no savepoint (two statements a
            # notice, and most of what a notice costs once its region's posts are known). A
            # database error is not the notice's: it goes to the batch, which stores one by one.
            guarded(self.record, notice.result, self.memory, work, database=False)
        if taken:
            self.notices.append(notice)
        return taken

    def _writes(self, doc: core.ParsedDocument) -> bool:
        """Whether matching the notice may write: its region, or a post (and its units), not met yet."""
        region = self.memory.regions.get((doc.issuer, self.options.region))
        if region is None or region[0].pk not in self.memory.posts:
            return True
        posts = self.memory.posts[region[0].pk]
        return not all(item.rank or posts.known(item) for item in doc.appointments)

    def _match(self, doc: core.ParsedDocument, notice: _Notice) -> bool:
        region = _region_of(self.actor, doc, self.options, self.memory, notice.result)
        digest = content_hash(doc)
        key = _identity(region.pk, doc.number, digest)
        stored = key in self.stored if self.expected else _existing(region, doc, digest) is not None
        if key in self.keys or stored:
            return False  # seen before: the caller's path says unchanged, conflict or replaced
        posts = self.memory.posts_of(region)
        items = doc.appointments
        item_posts = posts_for(posts, items)
        document = new_document(doc, region, digest, self.record)
        register = self._register(region)
        evidence = register.evidence(document, items, item_posts)
        people = match_people(document, items, item_posts, evidence)
        notice.events = [
            new_event(document, order, item, post, person, basis)
            for order, (item, post, (person, basis)) in enumerate(
                zip(items, item_posts, people, strict=True), start=1
            )
        ]
        register.add(document, evidence.created, notice.events)
        notice.document, notice.created = document, evidence.created
        self.keys.add(key)
        count_into(doc, notice.result, len(notice.events), 0)
        return True

    def _register(self, region: Region) -> Register:
        if region.pk not in self.registers:
            self.registers[region.pk] = Register(region)
            self.registers[region.pk].read(self.names.get(region.pk, set()))
        return self.registers[region.pk]

    def flush(self, entries: list[audit.Entry]) -> list[DocResult]:
        """Write the matched notices, bring their tenures up to date; their results, in order."""
        notices, self.notices = self.notices, []
        # What another document stores next may change the register: read it again after.
        self.registers.clear()
        self.keys.clear()
        self.stored.clear()
        self.expected = False
        stored = [(n, n.document) for n in notices if n.document is not None]
        if stored:
            bulk.insert([document for _, document in stored])
            bulk.insert([p for n, _ in stored for p in n.created])
            events = [e for n, _ in stored for e in n.events]
            bulk.insert(events)
            created = {p.pk for n, _ in stored for p in n.created}
            update_tenures(tenure_keys(events), fresh=created, events=events)
        for n, document in stored:
            n.result.document_id = document.pk
            entries += audit_rows(self.record, n.result, document, n.events, entries=False)
        return [n.result for n in notices]


def _identity(region_pk: int, number: core.DocNumber | None, digest: str) -> tuple[object, ...]:
    """What makes a document the same one in its region: its number, else (none) its text's hash.
    One function for the batch's stored keys and each notice's, so that the two always match."""
    if number is not None:
        return (region_pk, number.code, number.year, number.serial)
    return (region_pk, digest)


def _takes(doc: core.ParsedDocument) -> bool:
    """A document `Pending` can store: appointments, and no list or bulletin."""
    return (
        bool(doc.appointments)
        and doc.kind != core.Kind.BULLETIN
        and not (doc.tasks or doc.indicators or doc.measures)
    )


def _import_one(
    actor: Actor,
    doc: core.ParsedDocument,
    record: ImportRecord,
    options: Options,
    memory: Memory,
) -> tuple[DocResult, list[audit.Entry]]:
    """One document in a savepoint of its own; its audit events, to be written with the batch's."""
    result = _result_of(doc)
    events: list[audit.Entry] = []

    def work() -> None:
        nonlocal events
        events = _import_in_transaction(actor, doc, record, options, memory, result)

    guarded(record, result, memory, work)
    return result, events


def _result_of(doc: core.ParsedDocument) -> DocResult:
    return DocResult(number=str(doc.number or ""), title=doc.title, kind=str(doc.kind))


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
        region = _region_of(actor, doc, options, memory, result)
        posts = memory.posts_of(region)
        digest = content_hash(doc)
        existing = _existing(region, doc, digest)
        if existing is None:
            document, events, lists = _store(doc, region, digest, record, options, result, posts)
            return audit_rows(record, result, document, events, lists.items > 0)
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


def _region_of(
    actor: Actor, doc: core.ParsedDocument, options: Options, memory: Memory, result: DocResult
) -> Region:
    """The document's region, which the actor must be the office of; its warnings join the document's."""
    region, region_warnings = memory.region_for(doc.issuer, options.region)
    result.region = sys.intern(region.full_name)  # one string for a region's many documents
    if not is_office(actor, region.pk):
        # An office stores documents of its own region only (the command line is the operator).
        raise Forbidden(
            f"该公文属于{region.full_name}，您只能导入本行政区划的公文",
            f"import into region {region.pk} refused",
        )
    doc.warnings.extend(w for w in region_warnings if w not in doc.warnings)
    return region


def _existing(region: Region, doc: core.ParsedDocument, digest: str) -> Document | None:
    if doc.number is not None:
        # `number != ""` is the condition of the unique index: without it the index is not used
        # and each look-up reads the region's every document.
        found = Document.objects.filter(
            region=region, code=doc.number.code, year=doc.number.year, serial=doc.number.serial
        ).exclude(number="")
        return found.first()
    return Document.objects.filter(region=region, number="", content_hash=digest).first()


def _store(
    doc: core.ParsedDocument,
    region: Region,
    digest: str,
    record: ImportRecord,
    options: Options,
    result: DocResult,
    posts: Posts,
) -> tuple[Document, list[CadreEvent], ListOutcome]:
    document = new_document(doc, region, digest, record)
    document.save(force_insert=True)
    events = record_appointments(document, doc.appointments, posts) if doc.appointments else []
    lists = record_lists(document, doc, posts.resolver, options.as_of)
    record_bulletin(document, doc)
    result.document_id = document.pk
    count_into(doc, result, len(events), lists.items)
    return document, events, lists


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
    count_into(doc, result, events.events, lists.items)
