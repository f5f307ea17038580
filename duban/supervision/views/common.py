"""What the supervision pages share: the actor, today, a form error from a refusal."""

from __future__ import annotations

from datetime import date
from typing import Any, cast
from urllib.parse import quote

from django import forms
from django.http import HttpRequest
from django.utils import timezone

from duban.accounts.models import User
from duban.actors import Actor, Via
from duban.errors import DomainError


def user_of(request: HttpRequest) -> User:
    """The logged-in user of a page behind login_required."""
    return cast(User, request.user)


def actor(request: HttpRequest) -> Actor:
    return Actor.from_request(request, Via.WEB)


def today() -> date:
    return timezone.localdate()


def refuse(form: forms.BaseForm, exc: DomainError) -> None:
    """Show the application layer's refusal on the form, keeping what the user typed."""
    form.add_error(None, exc.message)


def ids(values: Any) -> list[int]:
    """Integer ids from a multi-valued query parameter, ignoring what is not a number."""
    return [int(v) for v in values if str(v).isdigit()]


def attachment(name: str) -> str:
    """A Content-Disposition for a download with a Chinese file name (RFC 6266)."""
    return f"attachment; filename*=UTF-8''{quote(name)}"
