"""The OpenAPI schema: every operation lists the errors it can answer with, request bodies are closed.

drf-spectacular infers the success responses from the serializers; what it cannot know is that
every endpoint answers refusals as JSON `{"detail": "…"}` (`duban.api.errors`) and that request
bodies with unknown fields are refused (`duban.api.serializers.Input`). Both are added here.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.authentication import SessionScheme, TokenScheme
from drf_spectacular.openapi import AutoSchema
from rest_framework import serializers

# Status → what it means, as the schema's response descriptions say it.
ERRORS = {
    "400": "请求有误（JSON 格式、字段类型、取值或未知字段），见 detail",
    "401": "未登录或令牌无效",
    "403": "无权执行此操作",
    "404": "不存在，或您无权查看",
    "409": "冲突：已被他人修改（版本过期），或当前状态不允许此操作",
    "429": "请求过于频繁，或登录失败次数过多已被暂时锁定",
}


class ErrorSerializer(serializers.Serializer):
    """Every refusal: a Chinese `detail`; validation errors also list the fields' messages."""

    description_zh = "拒绝或出错时的回答：detail 为中文说明；数据校验错误另在 errors 中按字段列出。"

    detail = serializers.CharField(help_text="错误说明（中文）")
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="各字段的错误（仅数据校验错误时）",
    )


class DubanSchema(AutoSchema):
    """AutoSchema plus the error responses and closed request bodies."""

    def get_description(self) -> str:
        """Only what `extend_schema(description=…)` says (in Chinese), not the views' docstrings."""
        return ""

    def _resolve_path_parameters(self, variables: Any) -> list[dict[str, Any]]:
        parameters: list[dict[str, Any]] = super()._resolve_path_parameters(variables)
        what = getattr(self.view, "resource_name", "")
        for parameter in parameters:
            if parameter["name"] == "id":
                parameter["description"] = f"{what}的 ID" if what else "ID"
        return parameters

    def error_statuses(self) -> list[str]:
        """The statuses an operation may answer with beyond its success (a view may list its own)."""
        own = getattr(self.view, "error_statuses", None)
        if own is not None:
            return list(own.get(self.method, []))
        if self.method in ("GET", "HEAD"):
            codes = ["400", "401", "404"] if self._is_list_view() else ["401", "404"]
        else:
            codes = ["400", "401", "403", "404", "409"]
        if self.view.get_throttles():
            codes.append("429")
        return codes

    def _get_response_bodies(self, direction: Any = "response") -> dict[str, Any]:
        responses: dict[str, Any] = super()._get_response_bodies(direction)
        for code in self.error_statuses():
            if code not in responses:
                responses[code] = self._get_response_for_code(ErrorSerializer, code, direction=direction)
                responses[code]["description"] = ERRORS[code]
        return responses

    def _postprocess_serializer_schema(self, schema: Any, serializer: Any, direction: Any) -> Any:
        schema = super()._postprocess_serializer_schema(schema, serializer, direction)
        if isinstance(schema, dict):
            # The docs are for the units' and the office's staff: Chinese descriptions only, never
            # the (English) docstrings of the code.
            schema.pop("description", None)
            if getattr(serializer, "description_zh", ""):
                schema["description"] = serializer.description_zh
        if direction == "request" and isinstance(schema, dict) and "properties" in schema:
            schema["additionalProperties"] = False  # unknown fields are refused with 400
            if getattr(serializer, "partial", False):
                # A PATCH body is checked as declared (`Input.check`): its required fields
                # (the version read) stay required even though the others may be left out.
                required = [name for name, field in serializer.fields.items() if field.required]
                if required:
                    schema["required"] = required
        return schema


class ChineseTokenScheme(TokenScheme):
    """The token scheme, described in Chinese (the built-in one speaks English)."""

    priority = 1

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        definition: dict[str, Any] = super().get_security_definition(auto_schema)
        definition["description"] = (
            "令牌认证：请求头 Authorization: Token <token>（令牌由 POST /api/auth/token/ 取得）"
        )
        return definition


class ChineseSessionScheme(SessionScheme):
    """The session of the pages (their scripts call the API with it and the CSRF header)."""

    priority = 1

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        definition: dict[str, Any] = super().get_security_definition(auto_schema)
        definition["description"] = "网页登录会话（网页脚本调用，写操作须带 X-CSRFToken 请求头）"
        return definition
