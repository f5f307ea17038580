"""Writing, checking and pruning the audit log.

`record` is called by every write of the application layer inside its own transaction: if the
audit row cannot be written, the transaction rolls back and the action does not happen.
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
import json
import logging
import os
import secrets
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from enum import Enum
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models, transaction
from django.utils import timezone

from duban import bulk
from duban.actors import Actor
from duban.audit.choices import EventType, Outcome
from duban.audit.models import Event, Head

log = logging.getLogger("duban.audit")

Changes = dict[str, list[Any]]  # field → [before, after]


@dataclass(frozen=True)
class Entry:
    """One event to record: its type, object and changes."""

    type: str
    obj: models.Model | None = None
    changes: Changes | None = None
    outcome: str = Outcome.SUCCESS
    detail: dict[str, Any] | None = None
    object_type: str = ""
    object_id: str = ""
    object_repr: str = ""
    # The changes and detail hold JSON values only (None, numbers, strings, lists, dicts of
    # them): `plain` is skipped. For the rows of a bulk write, built by the thousand.
    plain: bool = False


# --- the key ------------------------------------------------------------------------------------


@cache
def audit_key() -> bytes:
    """The HMAC key: DUBAN_AUDIT_KEY, else a key file beside (never inside) the database.

    The file is made on first use with owner-only permissions; an installation keeps it with
    its backups of the key material, not with the database dumps.
    """
    configured = getattr(settings, "DUBAN_AUDIT_KEY", "")
    if configured:
        return _checked(str(configured).encode("utf-8"), "DUBAN_AUDIT_KEY")
    path = Path(settings.DUBAN_AUDIT_KEY_FILE)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as fh:
            fh.write(secrets.token_hex(32))
        log.info("created audit key file %s", path)
    return _checked(path.read_text(encoding="ascii").strip().encode("ascii"), str(path))


MIN_KEY_BYTES = 32


def _checked(key: bytes, where: str) -> bytes:
    """A key too short to resist guessing is no key: nothing is recorded, so nothing is done."""
    if len(key) < MIN_KEY_BYTES:
        raise ImproperlyConfigured(f"the audit key in {where} is shorter than {MIN_KEY_BYTES} bytes")
    return key


# --- values -------------------------------------------------------------------------------------


def plain(value: Any) -> Any:
    """A value as JSON keeps it exactly: decimals and dates as strings, models as their key."""
    kind = type(value)
    if kind is str or kind is int or value is None or kind is bool:
        return value  # the usual values first, by exact type: an import plains every item's changes
    if kind is dict:
        return {str(k): plain(v) for k, v in value.items()}
    if kind is list:
        return [plain(v) for v in value]
    if isinstance(value, bool | int | str):
        return value
    if isinstance(value, Enum):
        return plain(value.value)
    if isinstance(value, Decimal | float):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [plain(v) for v in value]
    return str(value)


def snapshot(obj: models.Model, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """The object's concrete field values (foreign keys by id), for a before/after comparison."""
    names = fields or [f.attname for f in obj._meta.concrete_fields]
    return {name: plain(getattr(obj, name)) for name in names}


def diff(before: dict[str, Any], after: dict[str, Any], *, secret: Iterable[str] = ()) -> Changes:
    """The fields whose values differ, as field → [before, after]; secret fields only masked."""
    keys = dict.fromkeys([*before, *after])
    hidden = set(secret)
    return {
        k: [masked(before.get(k)), masked(after.get(k))] if k in hidden else [before.get(k), after.get(k)]
        for k in keys
        if before.get(k) != after.get(k)
    }


def masked(value: Any) -> str:
    """How duban shows a secret anywhere (pages, admin, log): whether it is set and its last 4 characters."""
    text = "" if value is None else str(value)
    if not text:
        return "未设置"
    tail = text[-4:] if len(text) >= 12 else ""  # a short secret would be given away by its tail
    return f"已设置（••••{tail}）" if tail else "已设置（••••）"


# --- writing ------------------------------------------------------------------------------------


_FIELDS = (
    "seq",
    "at",
    "actor",
    "user_id",
    "via",
    "ip",
    "type",
    "object_type",
    "object_id",
    "object_repr",
    "outcome",
    "changes",
    "detail",
    "prev_hash",
)
_COLUMNS = (*_FIELDS, "hash")
_JSON_COLUMNS = frozenset({"changes", "detail"})
# One encoder for every row: `json.dumps` with options builds a new one per call, which for an
# import's tens of thousands of rows was a third of the cost of sealing them.
_CANONICAL = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _instant(at: datetime) -> str:
    return at.astimezone(UTC).isoformat(timespec="microseconds")


def _payload(e: Event) -> bytes:
    """The bytes the HMAC covers: every field but the hash itself, in a canonical form."""
    fields = [getattr(e, name) for name in _FIELDS]
    fields[1] = _instant(e.at)
    return _CANONICAL.encode(fields).encode("utf-8")


def seal(e: Event) -> str:
    """The row's HMAC-SHA256 over its payload."""
    return hmac.new(audit_key(), _payload(e), hashlib.sha256).hexdigest()


def record(
    actor: Actor,
    type: str,
    obj: models.Model | None = None,
    *,
    changes: Changes | None = None,
    outcome: str = Outcome.SUCCESS,
    detail: dict[str, Any] | None = None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
) -> Event:
    """Append one event to the chain (in the caller's transaction, or a transaction of its own)."""
    entry = Entry(type, obj, changes, outcome, detail, object_type, object_id, object_repr)
    *values, key = _append(actor, [entry])[0]
    event = Event(pk=key, **dict(zip(_COLUMNS, values, strict=True)))
    # The row holds the two JSON columns as their text (`_sealed_rows`): the event, their values.
    event.changes, event.detail = plain(changes or {}), plain(detail or {})
    event._state.adding = False
    return event


def record_many(actor: Actor, entries: Sequence[Entry]) -> None:
    """Append several events under one lock of the chain head (bulk writes are audited row by row)."""
    _append(actor, entries)


def _append(actor: Actor, entries: Sequence[Entry]) -> list[list[Any]]:
    """Write the entries' rows; the rows (values in the order of `_COLUMNS`) and their keys."""
    if not entries:
        return []
    with transaction.atomic():
        head = _locked_head()
        rows: list[list[Any]] = []
        # Sealed as they are sent: on PostgreSQL the server stores the first rows while the
        # next are hashed (`bulk.insert_rows`).
        sealed = _sealed_rows(actor, entries, head, timezone.now(), rows)
        keys = bulk.insert_rows(Event, _COLUMNS, sealed, len(entries), encoded=_JSON_COLUMNS)
        seq, last = rows[-1][0], rows[-1][-1]
        Head.objects.filter(pk=1).update(seq=seq, hash=last)
    for row, key in zip(rows, keys, strict=True):
        row.append(key)
    return rows


def _sealed_rows(
    actor: Actor, entries: Sequence[Entry], head: Head, now: datetime, rows: list[list[Any]]
) -> Iterator[list[Any]]:
    """Each entry's row (the values of `_FIELDS`, then its hash), chained from the head, one at a
    time, each also added to `rows`. Plain lists rather than model objects, and the key, the time
    and the actor's fields read once: an import writes a row for every item it stores, and
    building an `Event` for each cost more than the hashing. The changes and the detail are
    encoded once, in the canonical form, and go into the row as that text: the payload is the
    row's canonical list, put together from the same texts (the columns were encoded again,
    twice, to be stored).

    The objects are described (their label, key and `str`) here, when it is called, not by the
    generator it returns: the rows are made while the COPY that sends them holds the connection,
    and a `__str__` that reads a related row from the database would then wait on that
    connection for ever."""
    key = audit_key()
    at = _instant(now)
    name, user_id, via, ip = actor.name[:150], actor.user_id, str(actor.via), actor.ip[:45]
    described = [_described(entry) for entry in entries]  # now, not when the first row is asked for
    encode = _CANONICAL.encode
    # The canonical list of a row (`_payload`) is "[" + its values' texts joined by "," + "]",
    # so it is put together from texts: those of the fields every row shares, encoded once; a
    # detail shared by the rows of one document (the same dict), encoded once for them; the
    # previous hash, a hexadecimal string, which encodes as itself in quotes.
    shared = encode([at, name, user_id, via, ip])[1:-1]

    def chained() -> Iterator[list[Any]]:
        seq, prev = head.seq, head.hash
        last_detail: tuple[object, str] = (object(), "")
        for entry, fields in zip(entries, described, strict=True):
            seq += 1
            changes = encode((entry.changes or {}) if entry.plain else plain(entry.changes or {}))
            if entry.plain and entry.detail is last_detail[0]:
                detail = last_detail[1]
            else:
                detail = encode((entry.detail or {}) if entry.plain else plain(entry.detail or {}))
                last_detail = (entry.detail, detail)
            payload = f'[{seq},{shared},{encode(fields)[1:-1]},{changes},{detail},"{prev}"]'
            row: list[Any] = [seq, at, name, user_id, via, ip, *fields, changes, detail, prev]
            prev = hmac.new(key, payload.encode("utf-8"), hashlib.sha256).hexdigest()
            row[1] = now
            row.append(prev)
            rows.append(row)
            yield row

    return chained()


def _described(entry: Entry) -> list[str]:
    """The entry's type, object (label, key, text) and outcome, as the row holds them."""
    obj = entry.obj
    return [
        str(entry.type),
        entry.object_type or (obj._meta.label_lower if obj is not None else ""),
        entry.object_id or (str(obj.pk) if obj is not None and obj.pk is not None else ""),
        (entry.object_repr or (str(obj) if obj is not None else ""))[:300],
        str(entry.outcome),
    ]


def _locked_head() -> Head:
    """The chain head, locked for this transaction (made on first use: a flushed test database has none)."""
    head = Head.objects.select_for_update().filter(pk=1).first()
    if head is None:
        Head.objects.get_or_create(pk=1)
        head = Head.objects.select_for_update().get(pk=1)
    return head


# --- checking -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Verdict:
    """The outcome of checking the chain: intact, or the first bad position and why."""

    ok: bool
    checked: int
    bad_seq: int | None = None
    reason: str = ""


def verify(batch: int = 2000) -> Verdict:
    """Walk the chain in order and recompute every link; the first break is reported."""
    head = Head.objects.filter(pk=1).first() or Head(pk=1)
    prev_seq, prev_hash = head.base_seq, head.base_hash
    checked = 0
    for e in _in_order(batch):
        if e.seq != prev_seq + 1:
            return Verdict(False, checked, prev_seq + 1, f"row {prev_seq + 1} is missing (next is {e.seq})")
        if e.prev_hash != prev_hash:
            return Verdict(False, checked, e.seq, "link to the previous row does not match")
        if not hmac.compare_digest(e.hash, seal(e)):
            return Verdict(False, checked, e.seq, "row content does not match its hash")
        prev_seq, prev_hash = e.seq, e.hash
        checked += 1
    if (head.seq, head.hash) != (prev_seq, prev_hash):
        return Verdict(False, checked, prev_seq + 1, f"chain ends at {prev_seq} but the head says {head.seq}")
    return Verdict(True, checked)


def _in_order(batch: int) -> Iterator[Event]:
    last = -1
    while True:
        rows = list(Event.objects.filter(seq__gt=last).order_by("seq")[:batch])
        if not rows:
            return
        yield from rows
        last = rows[-1].seq


# --- retention ----------------------------------------------------------------------------------


def prune(actor: Actor, *, keep_days: int | None = None, today: date | None = None) -> int:
    """Delete events older than the retention period (at least 184 days); the deletion is itself logged.

    The chain stays verifiable: the head keeps the position and hash of the last deleted row.
    """
    days = max(keep_days if keep_days is not None else settings.DUBAN_AUDIT_KEEP_DAYS, 184)
    cutoff = timezone.make_aware(
        datetime.combine((today or timezone.localdate()) - timedelta(days=days), datetime.min.time())
    )
    with transaction.atomic():
        _locked_head()
        old = Event.objects.filter(at__lt=cutoff).order_by("-seq").first()
        if old is None:
            return 0
        # Rows are deleted as a prefix of the chain, so the rest still links to the anchor.
        count, _ = models.QuerySet(model=Event).filter(seq__lte=old.seq).delete()
        Head.objects.filter(pk=1).update(base_seq=old.seq, base_hash=old.hash)
        record(
            actor,
            EventType.AUDIT_PRUNE,
            detail={
                "deleted": count,
                "before": cutoff.isoformat(),
                "through_seq": old.seq,
                "keep_days": days,
            },
        )
    return count


# --- refusals -----------------------------------------------------------------------------------


def record_denied(actor: Actor, *, method: str, path: str, status: int, reason: str) -> None:
    """A refused request (403, or a 404 of an object the user may not see) is itself an event.

    Written in a transaction of its own, after the refused action was rolled back; a refusal
    stands whether or not it could be logged (the failure is logged to the file instead).
    """
    try:
        record(
            actor,
            EventType.ACCESS_DENIED,
            outcome=Outcome.DENIED,
            detail={"method": method, "path": path[:300], "status": status, "reason": reason[:300]},
        )
    except Exception:  # the refusal is answered even when the log cannot be written
        log.exception("could not record a denied request to %s", path)


# --- export -------------------------------------------------------------------------------------

EXPORT_HEADERS = [
    "序号",
    "时间",
    "操作人",
    "途径",
    "IP 地址",
    "事件类型",
    "对象类型",
    "对象编号",
    "对象",
    "结果",
    "变更（原值→新值）",
    "说明",
    "校验值",
]


def change_lines(changes: dict[str, Any]) -> list[str]:
    """A row's changes as "field：before → after" lines (for the pages and the exports)."""

    def shown(value: Any) -> str:
        if value is None or value == "":
            return "（空）"
        return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)

    return [
        f"{field}：{shown(pair[0])} → {shown(pair[1])}" for field, pair in changes.items() if len(pair) == 2
    ]


def _export_rows(events: models.QuerySet[Event]) -> Iterator[list[Any]]:
    for e in events.order_by("seq").iterator(chunk_size=2000):
        yield [
            e.seq,
            timezone.localtime(e.at).strftime("%Y-%m-%d %H:%M:%S"),
            e.actor,
            e.via,
            e.ip,
            e.get_type_display(),
            e.object_type,
            e.object_id,
            e.object_repr,
            e.get_outcome_display(),
            "\n".join(change_lines(e.changes)),
            json.dumps(e.detail, ensure_ascii=False) if e.detail else "",
            e.hash,
        ]


def export_events(actor: Actor, events: models.QuerySet[Event], fmt: str, filters: dict[str, Any]) -> bytes:
    """The chosen rows as Excel or CSV; the export is itself an event, written before the file is made.

    Every cell goes through the core's safe writer (Excel) or the same rule (CSV): an actor or an
    object name beginning with "=" stays text, never a formula.
    """
    from duban.core.render.sheet import is_formula_like

    if fmt not in ("xlsx", "csv"):
        raise ValueError(f"unknown export format {fmt!r}")
    with transaction.atomic():
        count = events.count()
        record(
            actor,
            EventType.EXPORT,
            object_type="audit.event",
            object_repr="审计日志",
            detail={"format": fmt, "rows": count, "filters": filters},
        )
        rows = _export_rows(events)
        if fmt == "csv":
            buffer = io.StringIO()
            writer = csv.writer(buffer)
            writer.writerow(EXPORT_HEADERS)
            for row in rows:
                writer.writerow([f"'{v}" if is_formula_like(v) else v for v in row])
            return ("\ufeff" + buffer.getvalue()).encode("utf-8")  # the BOM makes Excel read UTF-8
        return _xlsx(rows)


def _xlsx(rows: Iterator[list[Any]]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    from duban.core.render.sheet import write_cell

    book = Workbook()
    ws = book.active
    if ws is None:  # a new workbook always has its first sheet; this narrows the type
        raise RuntimeError("openpyxl gave a workbook without a sheet")
    ws.title = "审计日志"
    bold, wrap = Font(bold=True), Alignment(wrap_text=True, vertical="top")
    for c, header in enumerate(EXPORT_HEADERS, start=1):
        write_cell(ws, 1, c, header, font=bold)
    for r, row in enumerate(rows, start=2):
        for c, value in enumerate(row, start=1):
            write_cell(ws, r, c, value, alignment=wrap)
    for letter, width in zip("ABCDEFGHIJKLM", [8, 20, 16, 8, 16, 16, 20, 10, 30, 8, 50, 40, 20], strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
