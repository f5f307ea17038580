"""Importing files: parse, then store each document in its own transaction."""

from __future__ import annotations

import hashlib
import logging
from contextlib import nullcontext
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from auditlog.context import set_actor
from django.contrib.auth import get_user_model
from django.db import DatabaseError, transaction

from duban.core import model as core
from duban.core.errors import ParseError
from duban.core.lint import lint_all
from duban.core.parse import parse_data
from duban.core.readers import read_bytes
from duban.documents.models import Document, ImportRecord
from duban.personnel.models import Person
from duban.personnel.services import rebuild_tenures, record_appointments
from duban.supervision.models import Round, TaskList
from duban.supervision.services import record_lists
from duban.units.models import Region
from duban.units.services import RegionUnknown, Resolver, region_for

log = logging.getLogger("duban.import")


class ImportFailed(Exception):
    """A file that cannot be imported at all (unreadable, not a notice)."""

    def __init__(self, message: str, english: str) -> None:
        super().__init__(message)
        self.message = message
        self.english = english


@dataclass
class DocResult:
    """What happened to one document of a file."""

    number: str
    title: str
    kind: str
    status: str  # created / unchanged / replaced / conflict / error
    message: str = ""
    counts: dict[str, int] = field(default_factory=dict)
    region: str = ""

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def import_file(
    path: str | Path,
    *,
    actor: str,
    region: str | None = None,
    replace: bool = False,
    as_of: date | None = None,
) -> list[DocResult]:
    """Import every document of a file. Each document is one transaction; nothing stored is lost on error."""
    path = Path(path)
    try:
        data = read_bytes(path)  # read once: hashed for the record and parsed
        parsed = parse_data(data, str(path))
    except ParseError as exc:
        raise ImportFailed(str(exc), exc.log_message()) from exc
    lint_all(parsed)
    user = get_user_model().objects.filter(username=actor).first()
    record = ImportRecord.objects.create(
        file_name=path.name, sha256=hashlib.sha256(data).hexdigest(), actor=actor, user=user
    )
    results = []
    with set_actor(user) if user else nullcontext():
        for doc in parsed:
            results.append(_import_one(doc, record, region, replace, as_of))
    record.summary = {"documents": [r.as_json() for r in results]}
    record.save(update_fields=["summary"])
    return results


def content_hash(doc: core.ParsedDocument) -> str:
    """A document's identity by content, the same whichever file format carried it."""
    return hashlib.sha256(doc.text.encode("utf-8")).hexdigest()


def _import_one(
    doc: core.ParsedDocument, record: ImportRecord, region_arg: str | None, replace: bool, as_of: date | None
) -> DocResult:
    result = DocResult(number=str(doc.number or ""), title=doc.title, kind=str(doc.kind), status="created")
    try:
        with transaction.atomic():
            region = region_for(doc.issuer, region_arg)
            result.region = region.full_name
            digest = content_hash(doc)
            existing = _existing(region, doc, digest)
            if existing is not None:
                if existing.content_hash == digest:
                    result.status, result.message = "unchanged", "已导入过，内容相同，未作改动"
                    return result
                if not replace:
                    result.status = "conflict"
                    result.message = f"文号{existing.number}已存在且内容不同；如确需替换，请加 --replace"
                    return result
                _delete_document(existing)
                result.status = "replaced"
            _store(doc, region, digest, record, as_of, result)
    except RegionUnknown as exc:
        result.status = "error"
        result.message = (
            exc.detail
            or f"无法从发文机关“{exc.name}”判断所属行政区划，请用 --region 指定（如：湖南省岳阳市云溪区）"
        )
        log.warning("import %s: region unknown for issuer %r", record.file_name, str(exc))
    except ParseError as exc:
        result.status, result.message = "error", str(exc)
        log.warning("import %s: %s", record.file_name, exc.log_message())
    except DatabaseError as exc:
        # Rolled back with the document's transaction; the other documents of the file go on.
        result.status = "error"
        result.message = "写入数据库失败，本份公文未导入（详见日志）"
        log.error("import %s: database error on %s: %s", record.file_name, result.number or result.title, exc)
    return result


def _existing(region: Region, doc: core.ParsedDocument, digest: str) -> Document | None:
    if doc.number is not None:
        return Document.objects.filter(
            region=region, code=doc.number.code, year=doc.number.year, serial=doc.number.serial
        ).first()
    return Document.objects.filter(region=region, number="", content_hash=digest).first()


def _delete_document(document: Document) -> None:
    """Remove a document and what was derived from it only (lists stay if other documents use them)."""
    Round.objects.filter(document=document).delete()
    TaskList.objects.filter(document=document, rounds__isnull=True).delete()
    region = document.region
    people = set(document.events.values_list("person_id", flat=True))
    document.events.all().delete()
    document.delete()
    # People the replaced notice brought in and nothing else mentions go with it, so the new
    # text is matched afresh rather than against orphans.
    Person.objects.filter(pk__in=people, events__isnull=True).delete()
    rebuild_tenures(region)


def _store(
    doc: core.ParsedDocument,
    region: Region,
    digest: str,
    record: ImportRecord,
    as_of: date | None,
    result: DocResult,
) -> None:
    document = Document.objects.create(
        region=region,
        kind=str(doc.kind),
        number=str(doc.number or ""),
        code=doc.number.code if doc.number else "",
        year=doc.number.year if doc.number else (doc.date.year if doc.date else None),
        serial=doc.number.serial if doc.number else None,
        issuer=doc.issuer,
        title=doc.title,
        date=doc.date,
        recipients=doc.recipients,
        attachments=doc.attachments,
        body=doc.body,
        warnings=doc.warnings,
        text=doc.text,
        content_hash=digest,
        import_record=record,
    )
    resolver = Resolver(region)
    if doc.appointments:
        events = record_appointments(document, doc.appointments, resolver)
        rebuild_tenures(region)
        result.counts["appointments"] = len(events)
    items = record_lists(document, doc, resolver, as_of)
    if doc.tasks:
        result.counts["tasks"] = len(doc.tasks)
    if doc.indicators:
        result.counts["indicators"] = len(doc.indicators)
    if doc.measures:
        result.counts["measures"] = len(doc.measures)
    result.counts.setdefault("items", items)
    if doc.warnings:
        result.message = "；".join(doc.warnings)
