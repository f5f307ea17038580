"""After a bulk write the planner's statistics are refreshed: the database knows its tables' sizes."""

from __future__ import annotations

import pytest
from django.db import connection

from duban.ops.services import refresh_statistics
from duban.units.models import Region, Unit

pytestmark = pytest.mark.django_db(transaction=True)


def _analysed(table: str) -> bool:
    with connection.cursor() as cur:
        if connection.vendor == "sqlite":
            cur.execute("SELECT name FROM sqlite_master WHERE name = 'sqlite_stat1'")
            if cur.fetchone() is None:
                return False
            cur.execute("SELECT COUNT(*) FROM sqlite_stat1 WHERE tbl = %s", [table])
        else:
            cur.execute(
                "SELECT COUNT(*) FROM pg_stat_user_tables WHERE relname = %s AND last_analyze IS NOT NULL",
                [table],
            )
        return bool(cur.fetchone()[0])


def _forget() -> None:
    """No table analysed yet (the statistics outlive a test's data)."""
    with connection.cursor() as cur:
        if connection.vendor == "sqlite":
            cur.execute("SELECT name FROM sqlite_master WHERE name = 'sqlite_stat1'")
            if cur.fetchone() is not None:
                cur.execute("DELETE FROM sqlite_stat1")
        else:
            cur.execute("SELECT pg_stat_reset()")


def test_statistics_are_read_again_after_a_bulk_write():
    _forget()
    region = Region.objects.create(province="湖南省", city="岳阳市", county="测试区", level="区")
    Unit.objects.bulk_create(Unit(region=region, name=f"单位{k}") for k in range(50))
    assert not _analysed("units_unit")
    refresh_statistics()
    assert _analysed("units_unit")


def test_the_statistics_of_some_tables_only():
    _forget()
    region = Region.objects.create(province="湖南省", city="岳阳市", county="测试县", level="县")
    Unit.objects.bulk_create(Unit(region=region, name=f"单位{k}") for k in range(50))
    assert not _analysed("units_unit")
    refresh_statistics(models=[Unit, Region])
    assert _analysed("units_unit") and _analysed("units_region")
    assert not _analysed("personnel_event")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite's ANALYZE reads indexes, not columns")
def test_no_statistics_of_the_audit_records_payload():
    # Nothing filters on the JSON payload or the checksums; sampling them was most of the
    # ANALYZE after a large import. The columns queried keep theirs.
    from duban.actors import Actor, Via
    from duban.audit.services import Entry, record_many

    actor = Actor(name="统计", via=Via.CLI)
    record_many(
        actor,
        [Entry("other", changes={"名称": [f"旧{k}", f"新{k}"]}, object_repr=f"单位{k}") for k in range(200)],
    )
    refresh_statistics()
    with connection.cursor() as cur:
        cur.execute("SELECT attname FROM pg_stats WHERE tablename = 'audit_event'")
        gathered = {name for (name,) in cur.fetchall()}
    assert {"seq", "type", "object_repr"} <= gathered
    assert not gathered & {"changes", "detail", "prev_hash", "hash"}
