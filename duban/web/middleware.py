"""Response headers every page carries, and the one place where refusals become pages."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from duban.actors import Actor, Via
from duban.audit import services as audit
from duban.core.errors import ParseError
from duban.errors import DomainError
from duban.roles import UNIT_ROLES
from duban.units.scope import scope_of

log = logging.getLogger("duban.web")

# Scripts only from duban itself (no inline script, no eval); styles may be set inline by the
# chart library at run time. Nothing is loaded from outside: intranets have no internet.
CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


class SecurityHeadersMiddleware:
    """Content-Security-Policy and the other headers an assessor looks for."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        if getattr(request, "user", None) is not None and request.user.is_authenticated:
            # Pages with official data are not kept by shared office browsers or proxies.
            response.headers.setdefault("Cache-Control", "no-store")
        return response


class DomainErrorMiddleware:
    """A refusal of the application layer becomes a page with its Chinese message and its status."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if request.path.startswith("/api/"):
            return None  # the API answers in JSON (duban.api.errors)
        if isinstance(exception, DomainError):
            status, message, detail = exception.status, exception.message, exception.detail
        elif isinstance(exception, ParseError):
            status, message, detail = 400, str(exception), exception.log_message()
        else:
            return None
        log.warning("%s %s refused (%s): %s", request.method, request.path, status, detail)
        request._duban_refusal = detail  # type: ignore[attr-defined]  # for DeniedAuditMiddleware
        template = "web/refused_fragment.html" if request.headers.get("HX-Request") else "web/refused.html"
        return render(request, template, {"message": message, "status": status}, status=status)


class DeniedAuditMiddleware:
    """Every refused request of a logged-in user is an event of the audit log (GB/T 22239 安全审计).

    A 403 whoever answered it (a policy of the application layer, the admin, the API, CSRF), and a
    404 of an address that exists — an object the user may not see looks as if it did not exist.
    It runs after the refused action was rolled back, so the record is written on its own.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code in (403, 404):
            self._record(request, response.status_code)
        return response

    @staticmethod
    def _record(request: HttpRequest, status: int) -> None:
        user = getattr(request, "user", None)  # DRF sets the token's user on the request too
        if user is None or not user.is_authenticated:
            return
        match = request.resolver_match
        if status == 404 and (match is None or match.url_name == "not_found"):
            return  # a mistyped address, not an object refused
        path = request.path
        via = Via.API if path.startswith("/api/") else Via.ADMIN if path.startswith("/admin/") else Via.WEB
        reason = getattr(request, "_duban_refusal", "") or ("forbidden" if status == 403 else "not found")
        audit.record_denied(
            Actor.from_request(request, via),
            method=request.method or "",
            path=path,
            status=status,
            reason=reason,
        )


NO_ROLE = "您的账号尚未分配角色，暂时不能使用本系统。请联系安全管理员分配角色。"
NO_UNIT = "您的账号尚未分配所属单位，暂时不能使用本系统。请联系系统管理员分配所属单位。"
OPEN_TO_ALL = ("/accounts/", "/static/", "/favicon.ico", "/api/", "/admin/")


def lacks_access(user: Any) -> str:
    """Why a logged-in user may do nothing yet ("" when the account has a role, and a unit where needed)."""
    if not user.role:
        return NO_ROLE
    if user.role in UNIT_ROLES and not scope_of(user).unit_ids:
        return NO_UNIT
    return ""


class NoRoleMiddleware:
    """A new account sees its home page (which says what it lacks) and can log out, nothing else.

    The API says the same in JSON (duban.api.permissions.HasAccess); the admin needs a role anyway.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        path = request.path
        if user is not None and user.is_authenticated and path != "/" and not path.startswith(OPEN_TO_ALL):
            message = lacks_access(user)
            if message:
                request._duban_refusal = f"no role or unit for {user.get_username()}"  # type: ignore[attr-defined]
                return render(request, "web/refused.html", {"message": message, "status": 403}, status=403)
        return self.get_response(request)
