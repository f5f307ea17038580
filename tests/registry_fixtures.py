"""Fixtures that import the sample into the test database (SQLite or PostgreSQL)."""

from __future__ import annotations

from pathlib import Path

import pytest

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


@pytest.fixture
def imported(db):  # type: ignore[no-untyped-def]
    """The sample imported once, as the operator."""
    return load(SAMPLE)


def submit(entry, progress: str, self_status: str, percent=None):  # type: ignore[no-untyped-def]
    """The lead unit's report on an entry, submitted as the operator (a signed paper form)."""
    from duban.supervision.services import Report, submit_entry

    return submit_entry(OPERATOR, entry, Report(progress=progress, self_status=self_status, percent=percent))


def open_round_as_operator(task_list, **fields):  # type: ignore[no-untyped-def]
    """A round opened by the office from the command line."""
    from duban.supervision.services import open_round

    fields.pop("tolerance", None) if fields.get("tolerance") is None else None
    return open_round(OPERATOR, task_list, **fields)
