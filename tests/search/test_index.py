"""The indexes stay equal to their tables: insert, update (save and queryset update) and delete.

On SQLite the FTS5 tables follow through their triggers (and FTS5's own integrity check agrees);
on PostgreSQL the GIN indexes are the database's own. A table rebuilt by a later migration loses
its triggers on SQLite: they are put back, and the index rebuilt, after every migrate.
"""

from __future__ import annotations

import pytest
from django.db import connection

from duban.search.choices import Kind
from duban.search.index import ENTRIES as ENTRIES_INDEX
from duban.search.index import INDEXED, integrity_problems, restore_triggers
from duban.search.queries import search
from duban.supervision.choices import Status
from duban.supervision.models import Instruction, Item
from duban.supervision.services import Report, give_instruction, save_entry
from duban.units.choices import AliasKind
from duban.units.models import Region, Unit, UnitAlias

NEW = "星辰测试局"  # in no record of the sample
RENAMED = "银河检测中心"


def _found(user, term: str, kind: str) -> list[int]:  # type: ignore[no-untyped-def]
    return [hit.id for hit in search(user, term, [kind]).group(kind).hits]


def _in_step() -> None:
    assert integrity_problems(connection) == []


def test_a_unit_is_found_after_insert_update_and_not_after_delete(world):
    officer = world.personas.officer
    unit = Unit.objects.create(region=Region.objects.get(county="云溪区"), name=f"区{NEW}")
    _in_step()
    assert _found(officer, NEW, Kind.UNITS) == [unit.pk]

    unit.name = f"区{RENAMED}"
    unit.save()
    _in_step()
    assert _found(officer, NEW, Kind.UNITS) == []
    assert _found(officer, RENAMED, Kind.UNITS) == [unit.pk]

    Unit.objects.filter(pk=unit.pk).update(name=f"区{NEW}")  # SQL UPDATE, no save()
    _in_step()
    assert _found(officer, NEW, Kind.UNITS) == [unit.pk]
    assert _found(officer, RENAMED, Kind.UNITS) == []

    unit.delete()
    _in_step()
    assert _found(officer, NEW, Kind.UNITS) == []


def test_an_alias_is_found_after_insert_update_and_not_after_delete(world):
    officer = world.personas.officer
    unit = Unit.objects.get(name="区民政局")
    alias = UnitAlias.objects.create(unit=unit, name=f"区{NEW}", kind=AliasKind.SHORT)
    assert unit.pk in _found(officer, NEW, Kind.UNITS)
    alias.name = f"区{RENAMED}"
    alias.save()
    assert _found(officer, NEW, Kind.UNITS) == []
    assert unit.pk in _found(officer, RENAMED, Kind.UNITS)
    alias.delete()
    _in_step()
    assert _found(officer, RENAMED, Kind.UNITS) == []


def test_an_entry_follows_its_reports(world):
    p = world.personas
    assert _found(p.reporter, "蓝莓花园", Kind.ENTRIES) == [world.draft.pk]
    save_entry(
        p.actor(p.reporter),
        world.draft,
        Report(progress=f"{RENAMED}已验收。", self_status=Status.ON_SCHEDULE),
    )
    _in_step()
    assert _found(p.reporter, "蓝莓花园", Kind.ENTRIES) == []
    assert _found(p.reporter, RENAMED, Kind.ENTRIES) == [world.draft.pk]
    world.round.entries.filter(pk=world.draft.pk).delete()
    _in_step()
    assert _found(p.reporter, RENAMED, Kind.ENTRIES) == []


def test_an_item_and_an_instruction_follow_their_text(world):
    p = world.personas
    item = Item.objects.get(pk=world.reported.item_id)
    instruction = give_instruction(p.actor(p.leader), item, f"请加快{NEW}进度。", round=world.round)
    assert _found(p.officer, NEW, Kind.INSTRUCTIONS) == [instruction.pk]
    Instruction.objects.filter(pk=instruction.pk).update(answer=f"{RENAMED}已落实")
    assert _found(p.officer, RENAMED, Kind.INSTRUCTIONS) == [instruction.pk]
    assert _found(p.officer, NEW, Kind.INSTRUCTIONS) == [instruction.pk]  # the text is unchanged

    item.text = f"{item.text}（{NEW}）"
    item.save()
    _in_step()
    assert _found(p.officer, NEW, Kind.ITEMS) == [item.pk]
    instruction.delete()
    _in_step()
    assert _found(p.officer, NEW, Kind.INSTRUCTIONS) == []


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the triggers are SQLite's")
def test_triggers_dropped_by_a_table_rebuild_are_put_back_and_the_index_rebuilt(world):
    officer = world.personas.officer
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER search_fts_units_unit_ai")
    unit = Unit.objects.create(region=Region.objects.get(county="云溪区"), name=f"区{NEW}")
    assert _found(officer, NEW, Kind.UNITS) == []  # the index missed the insert
    assert integrity_problems(connection) == ["search_fts_units_unit"]

    assert restore_triggers(connection) == ["search_fts_units_unit"]

    assert _found(officer, NEW, Kind.UNITS) == [unit.pk]
    _in_step()
    assert restore_triggers(connection) == []  # nothing more to repair


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_trgm is PostgreSQL's")
def test_every_searched_column_has_its_trigram_index(db):
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE indexname LIKE 'search_trgm_%%'")
        found = dict(cursor.fetchall())
    for index in INDEXED:
        for column in index.columns:
            assert "gin_trgm_ops" in found[index.gin(column)], index.gin(column)


def test_the_migration_indexes_what_the_search_reads():
    from importlib import import_module

    migration = import_module("duban.search.migrations.0001_substring_indexes")
    assert migration.INDEXED == INDEXED


def test_the_search_uses_the_index_from_three_characters_on(world):
    from duban.search.queries import contains
    from duban.supervision.models import Entry

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")  # a tiny table: make the planner show its choice
        plan = Entry.objects.filter(contains(ENTRIES_INDEX, "老旧小区")).explain()
        assert "search_trgm_supervision_entry_progress" in plan
    else:
        long_plan = Entry.objects.filter(contains(ENTRIES_INDEX, "老旧小区")).explain()
        assert "VIRTUAL TABLE INDEX" in long_plan and "search_fts_supervision_entry" in long_plan
        short_plan = Entry.objects.filter(contains(ENTRIES_INDEX, "小区")).explain()
        assert "search_fts" not in short_plan  # a plain scan of the table
