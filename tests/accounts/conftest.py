"""Logging in as a person does: the real login form, the real codes, a plain test client."""

from __future__ import annotations

import pytest
from django.test import Client

from duban.accounts.demo import DEMO_PASSWORD
from duban.audit.models import Event

LOGIN = "/accounts/login/"
OTP = "/accounts/login/otp/"


def browser(ip: str = "127.0.0.1") -> Client:
    """A fresh browser at an address: no session, nothing marked verified (not the suite's `client`)."""
    return Client(REMOTE_ADDR=ip)


def type_password(c: Client, username: str, password: str = DEMO_PASSWORD, next: str = ""):  # type: ignore[no-untyped-def]
    data = {"username": username, "password": password}
    if next:
        data["next"] = next
    return c.post(LOGIN, data)


def events(*types: str) -> list[Event]:
    return list(Event.objects.of_type(*types).order_by("seq"))


@pytest.fixture(autouse=True)
def _otp_on(settings):  # type: ignore[no-untyped-def]
    settings.DUBAN_OTP_REQUIRED = True
