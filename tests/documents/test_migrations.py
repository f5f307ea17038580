"""The documents app's data migrations."""

from __future__ import annotations

import pytest

from duban.documents.models import ImportRecord

pytestmark = pytest.mark.django_db


def test_records_written_before_the_tally_get_one_and_a_bounded_list(personas):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("duban.documents.migrations.0004_summary_tally")
    big = [{"number": f"{k}号", "title": "t", "outcome": "created"} for k in range(migration.LISTED + 2)]
    big.insert(5, {"number": "坏", "title": "t", "outcome": "error", "message": "读不出"})
    old = ImportRecord.objects.create(
        file_name="旧.txt",
        sha256="0" * 64,
        actor="duchashi",
        user=personas.officer,
        summary={"documents": big},
    )
    small = ImportRecord.objects.create(
        file_name="小.txt",
        sha256="0" * 64,
        actor="duchashi",
        user=personas.officer,
        summary={"documents": [{"number": "1号", "title": "t", "outcome": "unchanged"}]},
    )
    running = ImportRecord.objects.create(file_name="进行中.txt", sha256="0" * 64, actor="duchashi")

    migration.add_tallies(apps, None)
    migration.add_tallies(apps, None)  # again: nothing changes

    old.refresh_from_db()
    small.refresh_from_db()
    running.refresh_from_db()
    assert old.summary["tally"] == {"created": migration.LISTED + 2, "error": 1}
    assert [d["number"] for d in old.summary["documents"]] == ["坏"]
    assert old.summary["omitted"] == migration.LISTED + 2
    assert small.summary == {
        "documents": [{"number": "1号", "title": "t", "outcome": "unchanged"}],
        "tally": {"unchanged": 1},
        "omitted": 0,
    }
    assert running.summary == {}
