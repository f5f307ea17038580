"""Authentication in the audit log: every login, failure, lockout and logout, from every door.

Django sends the signals for the login form, the admin and the API token endpoint alike (they all
call `authenticate` and `login`); django-axes sends `user_locked_out`. The password never reaches
the log: Django masks it in the failure's credentials, and only the user name is kept.
"""

from __future__ import annotations

import time
from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from duban.actors import Actor, Via, client_ip
from duban.audit.choices import EventType, Outcome
from duban.audit.services import record


def via_of(request: Any) -> Via:
    path = str(getattr(request, "path", "") or "")
    if path.startswith("/api/"):
        return Via.API
    if path.startswith("/admin/"):
        return Via.ADMIN
    return Via.WEB


def _ip(request: Any) -> str:
    return client_ip(request) if request is not None and hasattr(request, "META") else ""


def _attempted(request: Any, name: str | None) -> Actor:
    """The actor of an attempt that did not log in: the name typed, no user."""
    return Actor(name=(name or "（未填写）")[:150], via=via_of(request), ip=_ip(request))


@receiver(user_logged_in, dispatch_uid="duban.audit.login")
def _logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    actor = Actor.of_user(user, via_of(request), _ip(request))
    second = getattr(user, "otp_device", None)
    record(actor, EventType.LOGIN, user, detail={"factors": 2 if second is not None else 1})


@receiver(user_logged_in, dispatch_uid="duban.accounts.idle_clock")
def _start_idle_clock(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    """Logging in is activity: the idle timeout counts from here (duban.accounts.middleware)."""
    from duban.accounts.middleware import SEEN

    session = getattr(request, "session", None)
    if session is not None and via_of(request) != Via.API:  # a token request keeps no session
        session[SEEN] = int(time.time())


@receiver(user_logged_out, dispatch_uid="duban.audit.logout")
def _logged_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is None:
        return  # an anonymous visitor pressed 退出: nobody to record
    reason = getattr(request, "duban_logout_reason", "") or "user"
    record(
        Actor.of_user(user, via_of(request), _ip(request)), EventType.LOGOUT, user, detail={"reason": reason}
    )


@receiver(user_login_failed, dispatch_uid="duban.audit.login_failed")
def _login_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    name = credentials.get("username")
    stage = credentials.get("stage") or "password"
    detail = {"username": str(name or "")[:150], "stage": stage}
    if getattr(request, "axes_locked_out", False):
        detail["locked"] = True
    record(_attempted(request, name), EventType.LOGIN_FAILED, outcome=Outcome.FAILURE, detail=detail)


@receiver(user_locked_out, dispatch_uid="duban.audit.locked_out")
def _locked_out(sender: Any, request: Any, username: str | None, ip_address: str, **kwargs: Any) -> None:
    record(
        _attempted(request, username),
        EventType.LOCKED_OUT,
        outcome=Outcome.DENIED,
        detail={"username": username or "", "ip": ip_address},
    )
