"""Fixtures that import the sample into the test database (SQLite or PostgreSQL)."""

from __future__ import annotations

import pytest

from duban.documents.services import import_file
from tests.conftest import SAMPLE


@pytest.fixture
def imported(db):  # type: ignore[no-untyped-def]
    """The sample imported once by the 督查室 officer."""
    return import_file(SAMPLE, actor="duchashi")
