"""What every API view shares: JSON in and out, Chinese messages, the schema, pages, query filters."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.utils import translation
from drf_spectacular.utils import OpenApiParameter
from rest_framework.pagination import PageNumberPagination
from rest_framework.parsers import JSONParser
from rest_framework.renderers import JSONRenderer

from duban.api.schema import DubanSchema
from duban.errors import InvalidInput

MAX_ID = 2**63 - 1  # the largest key the databases store


class InChinese:
    """Mixed into a DRF view (before DRF's class): it answers in the project's language whatever
    the client's Accept-Language says (its messages are for the office's and the units' staff)."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        with translation.override(settings.LANGUAGE_CODE):
            response: HttpResponseBase = super().dispatch(request, *args, **kwargs)  # type: ignore[misc]
        response.headers.setdefault("Content-Language", settings.LANGUAGE_CODE)
        return response


class ApiView(InChinese):
    """Mixed into every API endpoint: Chinese, and JSON only in and out, so that what the schema
    documents is all a client can send."""

    parser_classes = [JSONParser]
    renderer_classes = [JSONRenderer]
    metadata_class = None  # OPTIONS is not part of the API: 405 like any other unknown method
    schema = DubanSchema()
    resource_name = ""  # what a 404 names: 未找到该进展填报 …


class Pages(PageNumberPagination):
    """100 a page; `page_size` up to 1,000 for clients that read a whole round at once."""

    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 1000


# --- query filters -------------------------------------------------------------------------------


def id_param(name: str, description: str, low: int = 1, high: int = MAX_ID) -> OpenApiParameter:
    return OpenApiParameter(
        name, {"type": "integer", "minimum": low, "maximum": high}, description=description
    )


def choice_param(name: str, choices: Iterable[tuple[str, str]], description: str) -> OpenApiParameter:
    choices = list(choices)
    labels = "；".join(f"{value}={label}" for value, label in choices)
    return OpenApiParameter(
        name, str, enum=[value for value, _ in choices], description=f"{description}（{labels}）"
    )


def text_param(name: str, description: str) -> OpenApiParameter:
    return OpenApiParameter(
        name, {"type": "string", "maxLength": 100, "pattern": "^[^\\u0000]*$"}, description=description
    )


class Filters:
    """The query parameters of a list, checked: a bad one is a 400 naming it, never a 500 or silence."""

    def __init__(self, params: Any) -> None:
        self.params = params

    def _raw(self, name: str) -> str | None:
        value = self.params.get(name)
        return value if value not in (None, "") else None

    def id(self, name: str) -> int | None:
        raw = self._raw(name)
        if raw is None:
            return None
        if not raw.isascii() or not raw.isdigit() or not 1 <= int(raw) <= MAX_ID:
            raise InvalidInput(f"查询参数 {name} 应为正整数，收到“{raw[:40]}”", f"bad {name} {raw[:40]!r}")
        return int(raw)

    def choice(self, name: str, choices: Iterable[tuple[str, str]]) -> str | None:
        raw = self._raw(name)
        if raw is None:
            return None
        values = [value for value, _ in choices]
        if raw not in values:
            raise InvalidInput(
                f"查询参数 {name} 的取值“{raw[:40]}”无效，可选：{'、'.join(values)}",
                f"bad {name} {raw[:40]!r}",
            )
        return raw

    def year(self, name: str) -> int | None:
        value = self.id(name)
        if value is not None and not 1900 <= value <= 2999:
            raise InvalidInput(f"查询参数 {name} 应为年份，如2024", f"bad {name} {value}")
        return value

    def text(self, name: str) -> str | None:
        raw = self._raw(name)
        if raw is not None and ("\x00" in raw or len(raw) > 100):
            raise InvalidInput(f"查询参数 {name} 过长或含有空字符", f"bad {name}")
        return raw.strip() if raw is not None else None
