"""A unit's descendants: its sub-units at every depth and the units merged into any of them."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from duban.units.choices import UnitKind
from duban.units.models import Region, Unit


@pytest.fixture
def tree(db):  # type: ignore[no-untyped-def]
    region = Region.objects.create(province="湖南省", city="岳阳市", county="测试县")

    def unit(name: str, **links: Unit) -> Unit:
        kind = UnitKind.SUBUNIT if "parent" in links else UnitKind.DEPARTMENT
        return Unit.objects.create(region=region, name=name, kind=kind, **links)

    bureau = unit("县市场监督管理局")
    office = unit("城关市场监督管理所", parent=bureau)
    team = unit("城关执法中队", parent=office)
    old = unit("县工商行政管理局", merged_into=bureau)
    older = unit("县工商局城关所", merged_into=office)
    older_child = unit("县工商局城关所一组", parent=older)
    unit("县财政局")  # unrelated
    unit("县财政局国库所", parent=Unit.objects.get(name="县财政局"))
    return bureau, {bureau.pk, office.pk, team.pk, old.pk, older.pk, older_child.pk}


def test_descendants_are_sub_units_at_every_depth_and_units_merged_into_any(tree):
    bureau, expected = tree
    with CaptureQueriesContext(connection) as ctx:
        assert bureau.descendant_ids() == expected
    # One query a level (sub-units and merged units together), and one finding that nothing is left.
    assert len(ctx.captured_queries) == 4


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the plan of SQLite's query planner")
def test_sqlite_looks_descendants_up_by_index_not_by_walking_every_unit(tree):
    bureau, _ = tree
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # statistics as an installation has them after an import
    with CaptureQueriesContext(connection) as ctx:
        bureau.descendant_ids()
    with connection.cursor() as cursor:
        for query in ctx.captured_queries:
            cursor.execute("EXPLAIN QUERY PLAN " + query["sql"])
            plan = " / ".join(str(row[-1]) for row in cursor.fetchall())
            assert "SCAN units_unit" not in plan and "units_region" not in plan, plan
