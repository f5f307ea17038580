"""Every main page and API list costs the same queries for a small county and in a province-like database.

The pages are those the pages bench serves (`bench.pages_bench.pages`), for the first county's
office, a reporter of a unit leading items, and the leader; at most 20 queries each.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench.pages_bench import _users, pages
from duban.benchdata.scale import SCALES, divisions, generate_scale
from duban.units.models import Region
from tests.clients import FullyLoggedInClient

pytestmark = pytest.mark.django_db
ONE = replace(SCALES["city"], name="one", counties=1, tasks=8, indicators=4, rounds=3, notices=2)
MORE = replace(ONE, name="more", counties=3, tasks=40, indicators=12, rounds=6, notices=6)


def _counts(region: Region | None = None) -> dict[str, int]:
    clients = {}
    for who, user in _users(region).items():
        clients[who] = FullyLoggedInClient()
        clients[who].force_login(user)
    counts = {}
    for name, who, path in pages(region):
        clients[who].get(path)  # per-process caches filled, as on a running server
        with CaptureQueriesContext(connection) as ctx:
            response = clients[who].get(path)
        assert response.status_code == 200, (name, response.status_code)
        counts[name] = len(ctx)
    return counts


def test_the_pages_cost_the_same_queries_when_the_database_grows():
    generate_scale(ONE, 13)
    small = _counts()
    assert max(small.values()) <= 20, small
    generate_scale(MORE, 13)  # two more counties, five times the items, twice the rounds
    assert _counts() == small
    bigger = Region.objects.get(county=divisions(MORE)[1].county)
    assert _counts(bigger) == small
