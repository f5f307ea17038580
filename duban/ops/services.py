"""Backing up and restoring the whole database, audited (GB/T 22239 数据备份恢复).

SQLite is copied with its online backup API, page by page under a read lock, so a backup taken
while the server writes is still one consistent state. PostgreSQL is dumped with `pg_dump -Fc`
and loaded with `pg_restore`, which see one snapshot too. A restore replaces the target's whole
content; a target that holds data is only replaced when the caller confirms it.
"""

from __future__ import annotations

import hashlib
import logging
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Model

from duban.actors import Actor
from duban.audit import services as audit
from duban.audit.choices import EventType, Outcome
from duban.errors import DomainError, InvalidInput, NeedsConfirmation
from duban.ops import pgtools

log = logging.getLogger("duban.ops")

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_MAGIC = b"PGDMP"
# A duban database has these whatever else it holds; a file without them is not our backup.
REQUIRED_TABLES = ("django_migrations", "audit_event")
# Tables `migrate` fills by itself: rows in them do not make a database "hold data".
SCHEMA_TABLES = {"django_migrations", "django_content_type", "auth_permission"}
VENDOR_LABEL = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


@dataclass(frozen=True)
class BackupFile:
    """A backup on disk: where, of which database kind, how big, and its SHA-256."""

    path: Path
    vendor: str
    size: int
    sha256: str


def default_name(vendor: str, stamp: str) -> str:
    """The file name of a backup made now (a SQLite file, or a PostgreSQL custom-format dump)."""
    return f"duban-{stamp}.{'sqlite3' if vendor == 'sqlite' else 'dump'}"


def _describe(path: Path, vendor: str) -> BackupFile:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return BackupFile(path, vendor, path.stat().st_size, digest.hexdigest())


def _detail(info: BackupFile) -> dict[str, Any]:
    return {"file": str(info.path), "vendor": info.vendor, "size": info.size, "sha256": info.sha256}


# --- backup -------------------------------------------------------------------------------------


def backup(actor: Actor, path: Path, *, using: str = DEFAULT_DB_ALIAS) -> BackupFile:
    """Write a consistent copy of the database to `path` (via a temporary file); audited."""
    connection = connections[using]
    vendor = _vendor(connection)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".part")
    try:
        if vendor == "sqlite":
            _sqlite_backup(connection, partial)
        else:
            pgtools.dump(connection.settings_dict, partial)
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
    info = _describe(path, vendor)
    audit.record(actor, EventType.BACKUP, object_type="database", object_repr=str(path), detail=_detail(info))
    log.info("backup of %s written to %s (%d bytes)", vendor, path, info.size)
    return info


def _sqlite_backup(connection: BaseDatabaseWrapper, target: Path) -> None:
    connection.ensure_connection()
    source: sqlite3.Connection = connection.connection
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)
        # A backup is one self-contained file: no WAL beside it.
        copy.execute("PRAGMA journal_mode=DELETE")
    finally:
        copy.close()


# --- restore ------------------------------------------------------------------------------------


def restore(
    actor: Actor, path: Path, *, confirmed: bool = False, using: str = DEFAULT_DB_ALIAS
) -> BackupFile:
    """Replace the database's whole content by the backup at `path`; audited in the restored database.

    Refused (nothing changed): a file that is not a duban backup of this database kind, and a
    target that holds data unless `confirmed`.
    """
    connection = connections[using]
    vendor = _vendor(connection)
    try:
        info = check_backup(path, vendor)
        held = tables_with_rows(connection)
        if held and not confirmed:
            raise NeedsConfirmation(
                f"目标数据库已有数据（{len(held)}张表有记录，如{'、'.join(held[:3])}），"
                "恢复将用备份替换其全部内容",
                f"restore target holds data in {len(held)} tables",
                dropped=held,
            )
    except DomainError as exc:
        _record_refusal(actor, connection, path, exc)
        raise
    if vendor == "sqlite":
        _sqlite_restore(connection, path)
    else:
        connection.close()  # pg_restore drops and recreates the tables this connection may have open
        pgtools.restore(connection.settings_dict, path)
    audit.record(
        actor, EventType.RESTORE, object_type="database", object_repr=str(path), detail=_detail(info)
    )
    refresh_statistics(using)  # a dump carries no planner statistics
    log.info("database (%s) restored from %s", vendor, path)
    return info


def _sqlite_restore(connection: BaseDatabaseWrapper, path: Path) -> None:
    connection.ensure_connection()
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        source.backup(connection.connection)
    finally:
        source.close()


def _record_refusal(actor: Actor, connection: BaseDatabaseWrapper, path: Path, exc: DomainError) -> None:
    """A refused restore is audited where an audit log exists (a fresh database has none yet)."""
    if "audit_event" not in connection.introspection.table_names():
        return
    audit.record(
        actor,
        EventType.RESTORE,
        object_type="database",
        object_repr=str(path),
        outcome=Outcome.FAILURE,
        detail={"file": str(path), "refused": exc.detail},
    )


def check_backup(path: Path, vendor: str) -> BackupFile:
    """The file, if it is a duban backup of a `vendor` database; else a Chinese refusal."""
    name = path.name
    try:
        with path.open("rb") as fh:
            head = fh.read(len(SQLITE_MAGIC))
    except FileNotFoundError:
        raise InvalidInput(f"备份文件“{path}”不存在", f"no backup file {path}") from None
    kind = "sqlite" if head.startswith(SQLITE_MAGIC) else "postgresql" if head.startswith(PG_MAGIC) else ""
    if not kind:
        raise InvalidInput(
            f"“{name}”不是 duban 的备份文件（既不是 SQLite 数据库，也不是 PostgreSQL 的 pg_dump 备份）",
            f"{path} is not a backup (magic {head[:8]!r})",
        )
    if kind != vendor:
        raise InvalidInput(
            f"“{name}”是 {VENDOR_LABEL[kind]} 数据库的备份，当前数据库是 {VENDOR_LABEL[vendor]}，不能直接恢复",
            f"{path} is a {kind} backup, the database is {vendor}",
        )
    tables = _sqlite_tables(path) if kind == "sqlite" else _dump_tables(path)
    missing = [t for t in REQUIRED_TABLES if t not in tables]
    if missing:
        raise InvalidInput(
            f"“{name}”不是 duban 的备份文件（其中没有{'、'.join(missing)}表）",
            f"{path} lacks tables {missing}",
        )
    return _describe(path, kind)


def _sqlite_tables(path: Path) -> set[str]:
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            if db.execute("PRAGMA quick_check").fetchone() != ("ok",):
                raise sqlite3.DatabaseError("quick_check failed")
            return {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        finally:
            db.close()
    except sqlite3.DatabaseError as exc:
        raise InvalidInput(
            f"备份文件“{path.name}”已损坏，无法读取", f"{path}: unreadable SQLite file: {exc}"
        ) from None


def _dump_tables(path: Path) -> set[str]:
    tables = pgtools.dump_tables(path)
    if tables is None:
        raise InvalidInput(f"备份文件“{path.name}”已损坏，无法读取", f"{path}: pg_restore cannot list it")
    return tables


def tables_with_rows(connection: BaseDatabaseWrapper) -> list[str]:
    """The tables of the database that hold rows (beyond what `migrate` writes by itself)."""
    names = [t for t in connection.introspection.table_names() if t not in SCHEMA_TABLES]
    held = []
    with connection.cursor() as cursor:
        for name in names:
            # The table names come from the database's own catalogue and are quoted.
            cursor.execute(f"SELECT 1 FROM {connection.ops.quote_name(name)} LIMIT 1")  # noqa: S608
            if cursor.fetchone() is not None:
                held.append(name)
    return held


# --- tools --------------------------------------------------------------------------------------


def _vendor(connection: BaseDatabaseWrapper) -> str:
    if connection.vendor not in VENDOR_LABEL:
        raise InvalidInput(
            f"不支持备份 {connection.vendor} 数据库（仅支持 SQLite 与 PostgreSQL）",
            f"vendor {connection.vendor}",
        )
    return str(connection.vendor)


def refresh_statistics(using: str = DEFAULT_DB_ALIAS, models: Sequence[type[Model]] | None = None) -> None:
    """Have the database re-read its tables' statistics, after a write that changed their size.

    The query planner chooses by them: with statistics from when a table was small (or none,
    where autovacuum is off, as on many locked-down servers), PostgreSQL scans whole tables
    where an index would read a few rows — a province's pages took three to seven times as long
    after its data was generated. A second or two on a province's database for all its tables;
    `models`: only theirs (an import's: it leaves the others as they were).
    """
    connection = connections[using]
    # Tables duban makes (a proxy shares its model's; an unmanaged model's may be a view).
    tables = (
        None
        if models is None
        else {m._meta.db_table for m in models if m._meta.managed and not m._meta.proxy}
    )
    with connection.cursor() as cursor:
        if tables is None:
            cursor.execute("ANALYZE")
        else:
            # Table names from the models' metadata, quoted; one statement each (SQLite's ANALYZE
            # takes one name).
            for table in sorted(tables):
                cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")
    log.info("database statistics refreshed%s", "" if tables is None else f" ({len(tables)} tables)")
