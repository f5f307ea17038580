"""`GET /api/search/?q=…`: the search box's results as JSON — the same `search()` the page calls.

Texts come as plain text with the positions of the matches (`marks`), never as HTML: a client
escapes and marks them as the page does.
"""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from duban.api.base import ApiView, Filters, choice_param
from duban.search.choices import Kind
from duban.search.queries import DEFAULT_LIMIT, MAX_LENGTH, MAX_LIMIT, search


class SpanSerializer(serializers.Serializer):
    start = serializers.IntegerField(help_text="起始位置（字符，从0起）")
    end = serializers.IntegerField(help_text="结束位置（不含）")


class MarkedSerializer(serializers.Serializer):
    description_zh = "文字及其中与检索词相符的位置。"

    text = serializers.CharField()
    marks = SpanSerializer(source="spans", many=True, help_text="相符之处")


class LinkSerializer(serializers.Serializer):
    label = serializers.CharField()
    url = serializers.CharField()


class HitSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Kind.choices)
    id = serializers.IntegerField()
    title = MarkedSerializer(help_text="标题")
    snippet = MarkedSerializer(help_text="摘录（首个相符处前后）")
    meta = serializers.CharField(help_text="说明（清单、轮次、状态、文号等）")
    url = serializers.CharField(help_text="网页地址")
    links = LinkSerializer(many=True, help_text="相关公文（人员的任免通知）")


class GroupSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Kind.choices)
    label = serializers.CharField()
    results = HitSerializer(source="hits", many=True)
    more = serializers.BooleanField(help_text="相符的记录多于 limit 条")


class SearchResultSerializer(serializers.Serializer):
    description_zh = "检索结果：按类别分组，每类至多 limit 条。"

    query = serializers.CharField()
    terms = serializers.ListField(child=serializers.CharField(), help_text="检索词（以空格分开）")
    groups = GroupSerializer(many=True)


class SearchView(ApiView, APIView):
    error_statuses = {"GET": ["400", "401"]}

    @extend_schema(
        summary="检索",
        description="在您有权查看的单位、人员、任务事项、进展情况、领导批示和公文中查找包含全部检索词"
        "（以空格分开）的记录，按原文字面匹配；与网页 /search/ 的结果相同。",
        parameters=[
            OpenApiParameter(
                "q",
                {"type": "string", "minLength": 1, "maxLength": MAX_LENGTH, "pattern": "\\S"},
                required=True,
                description="检索词",
            ),
            choice_param("kind", Kind.choices, "只查一类"),
            OpenApiParameter(
                "limit",
                {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT},
                description=f"每类至多几条（默认{DEFAULT_LIMIT}）",
            ),
        ],
        responses={200: SearchResultSerializer},
        tags=["检索"],
    )
    def get(self, request: Request) -> Response:
        filters = Filters(request.query_params)
        kind = filters.choice("kind", Kind.choices)
        limit = filters.id("limit") or DEFAULT_LIMIT  # search() refuses one above MAX_LIMIT
        results = search(request.user, request.query_params.get("q"), [kind] if kind else None, limit)
        return Response(SearchResultSerializer(results).data)
