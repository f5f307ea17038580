"""Shared fixtures: the sample file, a fast password hasher, and a test client that has logged in fully."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "yunxi-2024.txt"


@pytest.fixture
def sample_path() -> Path:
    return SAMPLE


@pytest.fixture(autouse=True)
def _fast_hasher(settings):  # type: ignore[no-untyped-def]
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


class FullyLoggedInClient(Client):
    """`client.force_login(user)` / `client.login(...)` stand for the whole login a person goes through:
    for the office and the administrators that includes the second factor, so the session is marked
    verified with the user's TOTP device (made if they have none). The tests of the login itself
    (tests/accounts) use a plain `Client` and type the real codes."""

    def login(self, **credentials: Any) -> bool:
        # The lockout backend needs the request, which Django's test client does not pass.
        from django.http import HttpRequest

        request = HttpRequest()
        request.META["REMOTE_ADDR"] = "127.0.0.1"
        return super().login(request=request, **credentials)

    def _login(self, user: Any, backend: str | None = None) -> None:
        super()._login(user, backend)
        from django_otp import DEVICE_ID_SESSION_KEY
        from django_otp.plugins.otp_totp.models import TOTPDevice

        from duban.accounts import twofactor

        if twofactor.required_for(user):
            device = twofactor.confirmed_device(user) or TOTPDevice.objects.create(
                user=user, name="测试身份验证器", confirmed=True
            )
            session = self.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()


@pytest.fixture
def client() -> Client:
    return FullyLoggedInClient()


pytest_plugins = ["tests.registry_fixtures", "tests.personas"]
