"""The substring indexes behind the search, on both databases.

SQLite: an FTS5 table with the `trigram` tokenizer per searched table, external content (the rows
stay in their own table, the FTS table holds only the index), kept in step by three triggers.
PostgreSQL: a `gin_trgm_ops` GIN index (pg_trgm) per searched column, which the database keeps
itself. The migration `0001_substring_indexes` creates both (each on its own database only);
this module says what is indexed and writes the SQL.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import DatabaseError, connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper


@dataclass(frozen=True)
class Indexed:
    """A table and the text columns of it that the search looks through."""

    table: str
    columns: tuple[str, ...]

    @property
    def fts(self) -> str:
        """The FTS5 table (SQLite)."""
        return f"search_fts_{self.table}"

    def trigger(self, event: str) -> str:
        return f"search_fts_{self.table}_{event}"

    def gin(self, column: str) -> str:
        """The pg_trgm index of a column (PostgreSQL)."""
        return f"search_trgm_{self.table}_{column}"


# Keep in step with the migrations: a change here is a new migration of this app.
DOCUMENTS = Indexed("documents_document", ("title", "number", "text"))
ITEMS = Indexed("supervision_item", ("text", "target_text"))
ENTRIES = Indexed("supervision_entry", ("progress", "remark"))
INSTRUCTIONS = Indexed("supervision_instruction", ("text", "answer"))
PEOPLE = Indexed("personnel_person", ("name",))
UNITS = Indexed("units_unit", ("name",))
ALIASES = Indexed("units_unitalias", ("name",))
INDEXED = (DOCUMENTS, ITEMS, ENTRIES, INSTRUCTIONS, PEOPLE, UNITS, ALIASES)


# --- SQLite: FTS5 trigram tables and their triggers ---------------------------------------------


def _values(index: Indexed, row: str) -> str:
    return ", ".join(f"{row}.{c}" for c in index.columns)


def sqlite_triggers(index: Indexed) -> list[str]:
    """Insert, delete and update keep the external-content index equal to its table.

    An external-content FTS5 table forgets a row only when told the values it indexed ('delete'
    with the old values), so the update trigger removes the old values before adding the new.
    """
    cols = ", ".join(index.columns)
    fts = index.fts
    remove = f"INSERT INTO {fts}({fts}, rowid, {cols}) VALUES ('delete', old.id, {_values(index, 'old')});"
    add = f"INSERT INTO {fts}(rowid, {cols}) VALUES (new.id, {_values(index, 'new')});"
    return [
        f"CREATE TRIGGER IF NOT EXISTS {index.trigger('ai')} AFTER INSERT ON {index.table} BEGIN {add} END",
        f"CREATE TRIGGER IF NOT EXISTS {index.trigger('ad')} AFTER DELETE ON {index.table} BEGIN {remove} END",
        f"CREATE TRIGGER IF NOT EXISTS {index.trigger('au')} AFTER UPDATE OF {cols} ON {index.table} "
        f"BEGIN {remove} {add} END",
    ]


def sqlite_create(index: Indexed) -> list[str]:
    """The FTS5 table, filled from the rows already there, and its triggers."""
    return [
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {index.fts} USING fts5("
        f"{', '.join(index.columns)}, content='{index.table}', content_rowid='id', tokenize='trigram')",
        f"INSERT INTO {index.fts}({index.fts}) VALUES ('rebuild')",
        *sqlite_triggers(index),
    ]


def sqlite_drop(index: Indexed) -> list[str]:
    return [
        *(f"DROP TRIGGER IF EXISTS {index.trigger(e)}" for e in ("ai", "ad", "au")),
        f"DROP TABLE IF EXISTS {index.fts}",
    ]


# --- PostgreSQL: pg_trgm GIN indexes ------------------------------------------------------------


def postgresql_create(index: Indexed) -> list[str]:
    return [
        f"CREATE INDEX IF NOT EXISTS {index.gin(c)} ON {index.table} USING gin ({c} gin_trgm_ops)"
        for c in index.columns
    ]


def postgresql_drop(index: Indexed) -> list[str]:
    return [f"DROP INDEX IF EXISTS {index.gin(c)}" for c in index.columns]


# --- upkeep -------------------------------------------------------------------------------------


def _names(connection: BaseDatabaseWrapper, kind: str) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = %s", [kind])
        return {row[0] for row in cursor.fetchall()}


def restore_triggers(connection: BaseDatabaseWrapper) -> list[str]:
    """Put back the triggers a table rebuild dropped, and rebuild those indexes (rows may have
    changed meanwhile); the FTS tables that were repaired. Nothing to do on PostgreSQL."""
    if connection.vendor != "sqlite":
        return []
    tables = _names(connection, "table")
    triggers = _names(connection, "trigger")
    repaired = []
    for index in INDEXED:
        if index.fts not in tables:
            continue  # this app's migration is not applied (yet, or any more)
        if all(index.trigger(e) in triggers for e in ("ai", "ad", "au")):
            continue
        with connection.cursor() as cursor:
            for sql in sqlite_triggers(index):
                cursor.execute(sql)
            cursor.execute(f"INSERT INTO {index.fts}({index.fts}) VALUES ('rebuild')")
        repaired.append(index.fts)
    return repaired


def keep_triggers(sender: Any, using: str = "default", **kwargs: Any) -> None:
    """post_migrate: the triggers are there after every migrate, whatever it rebuilt."""
    restore_triggers(connections[using])


def integrity_problems(connection: BaseDatabaseWrapper) -> list[str]:
    """FTS5's own check of every index against its table (SQLite); the tables that fail it."""
    if connection.vendor != "sqlite":
        return []
    failing = []
    for index in INDEXED:
        try:
            with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
                cursor.execute(f"INSERT INTO {index.fts}({index.fts}, rank) VALUES ('integrity-check', 1)")
        except DatabaseError:  # FTS5 says "database disk image is malformed"
            failing.append(index.fts)
    return failing
