"""Substring indexes for the search: FTS5 trigram tables and triggers on SQLite, the pg_trgm
extension and GIN indexes on PostgreSQL. Each part runs on its own database only."""

from typing import Any

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

from duban.search.index import (
    Indexed,
    postgresql_create,
    postgresql_drop,
    sqlite_create,
    sqlite_drop,
)

# Frozen as this migration indexes them (duban.search.index.INDEXED says the same today).
INDEXED = (
    Indexed("documents_document", ("title", "number", "text")),
    Indexed("supervision_item", ("text", "target_text")),
    Indexed("supervision_entry", ("progress", "remark")),
    Indexed("supervision_instruction", ("text", "answer")),
    Indexed("personnel_person", ("name",)),
    Indexed("units_unit", ("name",)),
    Indexed("units_unitalias", ("name",)),
)


class TrigramExtensionKept(TrigramExtension):
    """pg_trgm, created if missing; left in place on reversal (other indexes may use it)."""

    def database_backwards(self, *args: Any, **kwargs: Any) -> None:
        pass


def forwards(apps: Any, schema_editor: Any) -> None:
    vendor = schema_editor.connection.vendor
    for index in INDEXED:
        if vendor == "sqlite":
            statements = sqlite_create(index)
        elif vendor == "postgresql":
            statements = postgresql_create(index)
        else:  # pragma: no cover - duban runs on SQLite and PostgreSQL
            statements = []
        for sql in statements:
            schema_editor.execute(sql, params=None)


def backwards(apps: Any, schema_editor: Any) -> None:
    vendor = schema_editor.connection.vendor
    for index in INDEXED:
        statements = (
            sqlite_drop(index)
            if vendor == "sqlite"
            else postgresql_drop(index)
            if vendor == "postgresql"
            else []
        )
        for sql in statements:
            schema_editor.execute(sql, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0002_intake_fields"),
        ("personnel", "0001_initial"),
        ("supervision", "0004_bulletin_colophon"),
        ("units", "0002_web_models"),
    ]

    operations = [
        TrigramExtensionKept(),
        migrations.RunPython(forwards, backwards, elidable=False),
    ]
