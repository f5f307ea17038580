"""Shared fixtures: the sample file, a fast password hasher, and a test client that has logged in fully."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client
from hypothesis import settings as hypothesis_settings

from tests.clients import FullyLoggedInClient

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "yunxi-2024.txt"

# The same examples on every run (a failure found once is found again, never by chance in CI) and no
# per-example deadline: tests assert behaviour, not speed, and the machine may be busy.
hypothesis_settings.register_profile("duban", derandomize=True, deadline=None, print_blob=True)
hypothesis_settings.load_profile("duban")


@pytest.fixture
def sample_path() -> Path:
    return SAMPLE


@pytest.fixture(autouse=True)
def _fast_hasher(settings):  # type: ignore[no-untyped-def]
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def client() -> Client:
    return FullyLoggedInClient()


pytest_plugins = ["tests.registry_fixtures", "tests.personas"]
