"""The search's migration: it reverses and applies again, and the triggers survive later table rebuilds."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import connection

from duban.search.choices import Kind
from duban.search.index import INDEXED, integrity_problems
from duban.search.queries import search
from duban.units.models import Region, Unit

pytestmark = pytest.mark.django_db(transaction=True)


def _objects() -> set[str]:
    """The search's tables and triggers (SQLite) or indexes (PostgreSQL) in the database."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE name LIKE 'search_fts_%'")
        else:
            cursor.execute("SELECT indexname FROM pg_indexes WHERE indexname LIKE 'search_trgm_%%'")
        return {row[0] for row in cursor.fetchall()}


def _expected() -> set[str]:
    if connection.vendor == "sqlite":
        return {name for i in INDEXED for name in (i.fts, i.trigger("ai"), i.trigger("ad"), i.trigger("au"))}
    return {i.gin(c) for i in INDEXED for c in i.columns}


def test_the_migration_reverses_and_applies_again_with_the_rows_already_there(django_user_model):
    region = Region.objects.create(province="湖南省", city="岳阳市", county="测试区")
    unit = Unit.objects.create(region=region, name="区星辰测试局")
    assert _expected() <= _objects()

    call_command("migrate", "search", "zero", verbosity=0)
    assert not _objects() & _expected()

    call_command("migrate", "search", verbosity=0)
    assert _expected() <= _objects()
    assert integrity_problems(connection) == []
    admin = django_user_model.objects.create(username="root", role="sysadmin", region=region)
    assert [h.id for h in search(admin, "星辰测试", [Kind.UNITS]).group(Kind.UNITS).hits] == [unit.pk]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="only SQLite rebuilds a table to alter it")
def test_a_table_rebuilt_by_a_later_migration_gets_its_triggers_back(django_user_model):
    field = Unit._meta.get_field("review_note")
    wider = field.clone()
    wider.max_length = 400
    wider.set_attributes_from_name("review_note")
    with connection.schema_editor() as editor:
        editor.alter_field(Unit, field, wider)  # SQLite copies units_unit into a new table
    try:
        assert "search_fts_units_unit_ai" not in _objects()  # dropped with the old table

        call_command("migrate", verbosity=0)  # post_migrate puts them back

        assert _expected() <= _objects()
        region = Region.objects.create(province="湖南省", city="岳阳市", county="测试区")
        unit = Unit.objects.create(region=region, name="区星辰测试局")
        admin = django_user_model.objects.create(username="root", role="sysadmin", region=region)
        assert [h.id for h in search(admin, "星辰测试", [Kind.UNITS]).group(Kind.UNITS).hits] == [unit.pk]
        assert integrity_problems(connection) == []
    finally:
        with connection.schema_editor() as editor:
            editor.alter_field(Unit, wider, field)
        call_command("migrate", verbosity=0)
