"""Fixtures that import the sample into the test database (SQLite or PostgreSQL)."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, models

from duban.actors import Actor, Via
from duban.intake.services import DocResult, Options, import_file
from tests.conftest import SAMPLE

# The command line's actor: the installation's operator, as `duban import` runs.
OPERATOR = Actor(name="os:tester", via=Via.CLI)


def load(path: Path | str, **options: object) -> list[DocResult]:
    """Import a file as the operator; the documents' results."""
    return import_file(OPERATOR, path, Options(**options)).documents  # type: ignore[arg-type]


@pytest.fixture
def operator() -> Actor:
    return OPERATOR


# The sample's import costs a second or two; a few hundred tests start from it. The first test of
# a worker imports it for real (every test of `tests/intake` does, through `load`), and its rows
# are kept so that later tests get the same database by inserting them back, ids and all.
_SNAPSHOT: list[tuple[type[models.Model], list[dict[str, Any]]]] = []
_RESULTS: list[DocResult] = []
OUR_APPS = {
    "units",
    "documents",
    "personnel",
    "supervision",
    "reminders",
    "accounts",
    "audit",
    "intake",
    "insights",
}


def _our_models() -> list[type[models.Model]]:
    return [
        m
        for m in apps.get_models(include_auto_created=True)
        if m._meta.app_label in OUR_APPS and not m._meta.proxy and m._meta.managed
    ]


def _capture() -> list[tuple[type[models.Model], list[dict[str, Any]]]]:
    return [
        (m, list(models.QuerySet(model=m).values(*[f.attname for f in m._meta.concrete_fields])))
        for m in _our_models()
    ]


def _restore(snapshot: list[tuple[type[models.Model], list[dict[str, Any]]]]) -> None:
    # Django's foreign keys are deferred to the end of the test's transaction, so the order of
    # the tables does not matter here.
    for model, rows in snapshot:
        models.QuerySet(model=model).bulk_create([model(**row) for row in rows], batch_size=500)
    statements = connection.ops.sequence_reset_sql(no_style(), [m for m, rows in snapshot if rows])
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


@pytest.fixture
def imported(db):  # type: ignore[no-untyped-def]
    """The sample imported, as the operator (the same rows and ids in every test)."""
    if not _SNAPSHOT:
        results = load(SAMPLE)
        _SNAPSHOT.extend(_capture())
        _RESULTS.extend(results)
        return results
    _restore(_SNAPSHOT)
    return copy.deepcopy(_RESULTS)


def submit(entry, progress: str, self_status: str, percent=None):  # type: ignore[no-untyped-def]
    """The lead unit's report on an entry, submitted as the operator (a signed paper form)."""
    from duban.supervision.services import Report, submit_entry

    return submit_entry(OPERATOR, entry, Report(progress=progress, self_status=self_status, percent=percent))


def open_round_as_operator(task_list, **fields):  # type: ignore[no-untyped-def]
    """A round opened by the office from the command line."""
    from duban.supervision.services import open_round

    fields.pop("tolerance", None) if fields.get("tolerance") is None else None
    return open_round(OPERATOR, task_list, **fields)
