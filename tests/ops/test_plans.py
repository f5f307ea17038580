"""On PostgreSQL a region's pages name its units by key, however many units the other regions hold.

With the server's default random_page_cost (4) the planner read and hashed the whole unit table
to join each unit to its parent: the pages' time grew with the province (`postgresql_options`).
"""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from duban.ops.services import refresh_statistics
from duban.supervision.models import TaskList
from duban.units.choices import UnitKind
from duban.units.models import Region, Unit
from tests.api.conftest import api_client
from tests.clients import FullyLoggedInClient

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the plans of PostgreSQL's planner"),
]

WHOLE_UNIT_TABLE = re.compile(r"Seq Scan on units_unit\b")  # not units_unitalias, units_unitgroup


def _whole_table_reads(client, path: str) -> list[str]:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200, path
    found = []
    with connection.cursor() as cur:
        for query in queries.captured_queries:
            if "units_unit" not in query["sql"] or not query["sql"].startswith("SELECT"):
                continue
            cur.execute("EXPLAIN " + query["sql"])
            plan = "\n".join(row for (row,) in cur.fetchall())
            if WHOLE_UNIT_TABLE.search(plan):
                found.append(f"{query['sql'][:300]}\n{plan}")
    return found


def test_a_regions_units_and_their_parents_are_read_by_key(personas):
    # Forty other counties' units, as a city's or a province's database holds them.
    others = Region.objects.bulk_create(
        Region(province="湖南省", city="某市", county=f"某{k}县", level="县") for k in range(40)
    )
    Unit.objects.bulk_create(Unit(region=r, name=f"单位{k}") for r in others for k in range(100))
    region = personas.officer.region
    lead = Unit.objects.get(region=region, name="区民政局")
    Unit.objects.bulk_create(
        Unit(region=region, name=f"科室{k}", kind=UnitKind.SUBUNIT, parent=lead) for k in range(20)
    )
    # Every table's statistics from this test's rows. The item-unit table had never been analysed,
    # so the planner guessed its rows from its size on disk, swollen by rows earlier tests on the
    # same worker had written and rolled back (5,160 for 80 items), and hashed the whole unit table.
    refresh_statistics()
    task_list = TaskList.objects.filter(region=region).order_by("pk").first()
    assert task_list is not None
    api = api_client(personas.officer)
    web = FullyLoggedInClient()
    web.force_login(personas.officer)
    reads = [
        *_whole_table_reads(api, "/api/units/"),
        *_whole_table_reads(api, f"/api/items/?task_list={task_list.pk}"),
        *_whole_table_reads(web, "/units/"),
        *_whole_table_reads(web, f"/units/{lead.pk}/"),
    ]
    assert not reads, "\n\n".join(reads)
