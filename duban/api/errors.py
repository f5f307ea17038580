"""The API's errors: JSON with a Chinese `detail`, the domain's refusals with their status."""

from __future__ import annotations

import logging
from typing import Any

from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_handler

from duban.core.errors import ParseError
from duban.errors import DomainError

log = logging.getLogger("duban.api")


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DomainError):
        log.warning("api refused (%s): %s", exc.status, exc.detail)
        return Response({"detail": exc.message}, status=exc.status)
    if isinstance(exc, ParseError):
        log.warning("api refused (400): %s", exc.log_message())
        return Response({"detail": str(exc)}, status=400)
    return drf_handler(exc, context)
