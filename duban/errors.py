"""Domain exceptions: what the rules refuse, said in Chinese for users and in English for logs.

Every service raises these (or the core's `ParseError`) and nothing else for a refused request.
They know nothing of their callers: the command line turns them into one line and exit status 2,
the pages into a message and a 4xx page, the API into JSON with a Chinese `detail`.
"""

from __future__ import annotations

from typing import ClassVar


class DomainError(Exception):
    """A request the rules refuse: `message` is Chinese (for users), `detail` English (for logs)."""

    status: ClassVar[int] = 400  # the HTTP status a page or the API answers with

    def __init__(self, message: str, detail: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.detail = detail or message

    def __str__(self) -> str:
        return self.message


class InvalidInput(DomainError):
    """A value the rules do not accept (a percentage out of range, an unknown status …)."""


class NotFound(DomainError):
    """The object does not exist, or the actor may not know that it does."""

    status = 404


class Forbidden(DomainError):
    """The actor may see the object but not do this to it."""

    status = 403


class Conflict(DomainError):
    """The object changed meanwhile, or its state does not allow the change (a frozen round)."""

    status = 409


class NeedsConfirmation(Conflict):
    """The change would drop the office's work: it is listed in `dropped` and must be confirmed."""

    def __init__(self, message: str, detail: str = "", dropped: list[str] | None = None) -> None:
        super().__init__(message, detail)
        self.dropped = dropped or []


class Busy(Conflict):
    """Another write holds the database (another import is running)."""

    status = 503
