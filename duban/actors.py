"""Who does a thing: the explicit actor every write of the application layer takes.

A web or API request acts as its logged-in user; the command line acts as the user it is told
to act as, or else as the operating-system account that ran it (recorded as ``os:<login>``).
The command line is the installation's own operator console, so its actor may do everything;
the pages and the API act with the user's role only.
"""

from __future__ import annotations

import getpass
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django.http import HttpRequest

    from duban.accounts.models import User


class Via(StrEnum):
    """The door an action came through."""

    CLI = "cli"
    WEB = "web"
    API = "api"
    ADMIN = "admin"
    SYSTEM = "system"


@dataclass(frozen=True)
class Actor:
    """The person (or process) on whose behalf a write is made, and from where."""

    name: str
    via: Via
    user: User | None = None
    ip: str = ""

    @property
    def user_id(self) -> int | None:
        return self.user.pk if self.user is not None else None

    @property
    def operator(self) -> bool:
        """The command line and internal jobs act as the installation's operator: no role limits."""
        return self.via in (Via.CLI, Via.SYSTEM)

    def __str__(self) -> str:
        return self.name

    @classmethod
    def of_user(cls, user: User, via: Via, ip: str = "") -> Actor:
        """A logged-in user acting through the pages, the API or the admin."""
        return cls(name=user.get_username(), via=via, user=user, ip=ip)

    @classmethod
    def from_request(cls, request: HttpRequest, via: Via = Via.WEB) -> Actor:
        """The user of a request (anonymous requests never reach a write)."""
        user: Any = request.user
        return cls.of_user(user, via, client_ip(request))

    @classmethod
    def cli(cls, user: User | None = None) -> Actor:
        """The command line: the named user, or the operating-system account."""
        if user is not None:
            return cls(name=user.get_username(), via=Via.CLI, user=user)
        return cls(name=f"os:{os_login()}", via=Via.CLI)

    @classmethod
    def system(cls, name: str = "system") -> Actor:
        """An internal job (a migration, a scheduled task) acting on its own account."""
        return cls(name=name, via=Via.SYSTEM)


def os_login() -> str:
    """The operating-system login running this process ("unknown" in containers without one)."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def client_ip(request: HttpRequest) -> str:
    """The client's address as the server saw it (a proxy in front sets REMOTE_ADDR via its config)."""
    return str(request.META.get("REMOTE_ADDR", "") or "")
