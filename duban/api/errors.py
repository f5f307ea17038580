"""The API's errors: JSON with a Chinese `detail`, whatever went wrong and whoever refused it.

The domain's refusals keep their status and message; DRF's own (authentication, permission,
throttling, method, media type) come out in Chinese because every API view runs in the
project's language (`duban.api.views.ApiView`); the few DRF leaves in English, and Django's
404 and 403, are said here. Validation errors carry a `detail` naming each field by its label,
and the per-field messages under `errors`. An unexpected failure is logged and answered as a
JSON 500, never a page.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpRequest, JsonResponse
from django.urls import Resolver404, resolve
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_handler
from rest_framework.views import set_rollback

from duban.core.errors import ParseError
from duban.errors import DomainError

log = logging.getLogger("duban.api")

FORBIDDEN = "您没有执行该操作的权限。"
CSRF_FAILED = "CSRF 校验失败：网页会话调用接口须带 X-CSRFToken 请求头，请刷新页面后重试。"
SERVER_ERROR = "服务器内部错误，请稍后再试；如仍出错请联系系统管理员。"
JSON_POSITION = re.compile(r"line (\d+) column (\d+)")


class InvalidBody(exceptions.ValidationError):
    """A request body a serializer refused, with the Chinese labels of its fields."""

    def __init__(self, errors: Any, labels: Mapping[str, str]) -> None:
        super().__init__(errors)
        self.labels = dict(labels)


def messages(errors: Any, labels: Mapping[str, str], prefix: str = "") -> list[str]:
    """DRF's nested error structure as flat lines "标签：消息"."""
    if isinstance(errors, Mapping):
        out: list[str] = []
        for key, value in errors.items():
            name = "" if key == api_settings.NON_FIELD_ERRORS_KEY else labels.get(str(key), str(key))
            out += messages(value, labels, "·".join(p for p in (prefix, name) if p))
        return out
    if isinstance(errors, list | tuple):
        return [line for value in errors for line in messages(value, labels, prefix)]
    return [f"{prefix}：{errors}" if prefix else str(errors)]


def _validation(exc: exceptions.ValidationError) -> dict[str, Any]:
    labels = exc.labels if isinstance(exc, InvalidBody) else {}
    lines = messages(exc.detail, labels)
    body: dict[str, Any] = {"detail": "提交的数据有误：" + "；".join(lines) if lines else "提交的数据有误"}
    if isinstance(exc.detail, Mapping):
        body["errors"] = {key: messages(value, labels) for key, value in exc.detail.items()}
    elif isinstance(exc.detail, list) and exc.detail:
        body["errors"] = {api_settings.NON_FIELD_ERRORS_KEY: lines}
    return body


def _not_found(context: dict[str, Any]) -> str:
    what = getattr(context.get("view"), "resource_name", "")
    return f"未找到该{what}（不存在，或您无权查看）" if what else "未找到（不存在，或您无权查看）"


def _note_refusal(request: Any, reason: str) -> None:
    """Tell duban.web.middleware.DeniedAuditMiddleware, which audits every refusal, why this one was."""
    if request is not None:
        getattr(request, "_request", request)._duban_refusal = reason


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    request = context.get("request")
    if isinstance(exc, DomainError):
        log.warning("api refused (%s): %s", exc.status, exc.detail)
        set_rollback()
        _note_refusal(request, exc.detail)
        return Response({"detail": exc.message}, status=exc.status)
    if isinstance(exc, ParseError):
        log.warning("api refused (400): %s", exc.log_message())
        return Response({"detail": str(exc)}, status=400)
    if isinstance(exc, Http404):
        return Response({"detail": _not_found(context)}, status=404)
    if isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(FORBIDDEN)
    if isinstance(exc, exceptions.ParseError):
        # DRF says "JSON parse error - Expecting value: line 1 column 1 (char 0)", in English only.
        log.warning("api refused (400): %s", exc.detail)
        where = JSON_POSITION.search(str(exc.detail))
        at = f"（第{where[1]}行第{where[2]}列附近）" if where else ""
        return Response({"detail": f"请求内容不是合法的 JSON{at}，请检查格式。"}, status=400)
    if isinstance(exc, exceptions.ValidationError):
        return Response(_validation(exc), status=400)
    if isinstance(exc, exceptions.PermissionDenied):
        reason = str(exc.detail)
        if reason.startswith("CSRF Failed"):  # DRF's session check, in English only
            log.warning("api refused (403): %s", reason)
            exc = exceptions.PermissionDenied(CSRF_FAILED)
        _note_refusal(request, reason)
    response = drf_handler(exc, context)
    if response is None:
        log.exception("api failed: %s", exc, exc_info=exc)
        set_rollback()
        return Response({"detail": SERVER_ERROR}, status=500)
    if not isinstance(response.data, dict) or "detail" not in response.data:
        response.data = {"detail": "；".join(messages(response.data, {})), "errors": response.data}
    return response


@csrf_exempt  # it changes nothing; a POST to a wrong address must get this JSON, not the CSRF page
def not_found(request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
    """Any address under /api/ that is no endpoint: JSON, like every other answer of the API."""
    detail = f"接口地址不存在：{request.path}（可用接口见 /api/docs/）"
    try:
        if not request.path.endswith("/") and resolve(request.path + "/").url_name != "not_found":
            detail = f"接口地址须以“/”结尾：{request.path}/"
    except Resolver404:
        pass
    return JsonResponse(
        {"detail": detail},
        status=404,
        json_dumps_params={"ensure_ascii": False},
    )
