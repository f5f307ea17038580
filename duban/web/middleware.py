"""Response headers every page carries, and the one place where refusals become pages."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from duban.core.errors import ParseError
from duban.errors import DomainError

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
        template = "web/refused_fragment.html" if request.headers.get("HX-Request") else "web/refused.html"
        return render(request, template, {"message": message, "status": status}, status=status)
