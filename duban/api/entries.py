"""Entries (进展填报): read as the pages show them; reported, submitted, approved and reviewed
through the application layer (`duban.supervision.services`), with the version read.

- PATCH by a lead unit's reporter or head while the round is open: the fields given change.
- POST submit (reporter or head), approve (head), accept and return (the region's office).

A stale `version` is a 409 whose detail shows the other's change; a write the user may not
make on an entry they can see is a 403; an entry they cannot see is a 404 whatever the method.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from duban.api import serializers as s
from duban.api.base import ApiView, Filters, Pages, choice_param, id_param
from duban.api.permissions import EntryWrites, HasAccess, api_actor
from duban.supervision import services
from duban.supervision.choices import EntryState
from duban.supervision.models import Entry

WRITES = "写入须带读取时的 version；他人已修改时返回 409，说明对方的修改。"


@extend_schema_view(
    list=extend_schema(
        summary="进展填报",
        description="督查室见本区全部；单位见本单位牵头事项的各状态填报及已通报的其他填报；领导见已审核或已通报的。",
        parameters=[
            id_param("round", "调度轮次 ID"),
            id_param("item", "事项 ID"),
            choice_param("state", EntryState.choices, "填报状态"),
        ],
        tags=["填报"],
    ),
    retrieve=extend_schema(summary="进展填报", tags=["填报"]),
    partial_update=extend_schema(
        summary="填报（保存草稿）",
        description="牵头单位的填报员或负责人在轮次收集中时填写；未给出的字段保持不变。" + WRITES,
        request=s.EntryReportSerializer,
        responses=s.EntrySerializer,
        tags=["填报"],
    ),
)
class EntryViewSet(ApiView, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = s.EntrySerializer
    pagination_class = Pages
    permission_classes = [IsAuthenticated, HasAccess, EntryWrites]
    resource_name = "进展填报"

    def get_queryset(self) -> QuerySet[Entry]:
        queryset = (
            Entry.objects.visible_to(self.request.user)
            .select_related("round__task_list", "item")
            .order_by("round_id", "item__order", "pk")
        )
        if self.action != "list":
            return queryset
        filters = Filters(self.request.query_params)
        if round_id := filters.id("round"):
            queryset = queryset.filter(round_id=round_id)
        if item_id := filters.id("item"):
            queryset = queryset.filter(item_id=item_id)
        if state := filters.choice("state", EntryState.choices):
            queryset = queryset.filter(state=state)
        return queryset

    def _answer(self, entry: Entry) -> Response:
        """The entry as it now is (read again through the user's visibility, with its relations)."""
        fresh = self.get_queryset().filter(pk=entry.pk).first() or entry
        return Response(s.EntrySerializer(fresh).data)

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        entry = self.get_object()
        data = s.EntryReportSerializer.check(request.data)
        report = services.Report(
            progress=data.get("progress", entry.progress),
            self_status=data.get("self_status", entry.self_status),
            percent=data.get("percent", entry.percent),  # null clears it
            completed_value=entry.completed_value,
            remark=data.get("remark"),
        )
        saved = services.save_entry(api_actor(request), entry, report, version=data["version"])
        return self._answer(saved)

    @extend_schema(
        summary="报送",
        description="报送已保存的填报：本单位有负责人的先送负责人审核，否则送督查室。"
        "本事项有未答复的领导批示时须在 answers 中逐条答复。" + WRITES,
        request=s.SubmitSerializer,
        responses=s.EntrySerializer,
        tags=["填报"],
    )
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        entry = self.get_object()
        data = s.SubmitSerializer.check(request.data)
        report, version = None, data.get("version")
        answers = {a["instruction"]: a["answer"] for a in data.get("answers", [])}
        if answers:
            # The answers go with the saved report as read here: only over the version read.
            report = services.Report(
                progress=entry.progress,
                self_status=entry.self_status,
                percent=entry.percent,
                completed_value=entry.completed_value,
                answers=answers,
            )
            version = version or entry.version
        saved = services.submit_entry(api_actor(request), entry, report, version=version)
        return self._answer(saved)

    @extend_schema(
        summary="单位负责人审核通过",
        description="牵头单位负责人审核本单位的填报，通过后送督查室。" + WRITES,
        request=s.ApproveSerializer,
        responses=s.EntrySerializer,
        tags=["填报"],
    )
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        entry = self.get_object()
        data = s.ApproveSerializer.check(request.data)
        saved = services.approve_entry(api_actor(request), entry, version=data.get("version"))
        return self._answer(saved)

    @extend_schema(
        summary="督查室审核通过（可改判）",
        description="按数据（或单位自评）审定进度；给出与之不同的 status 即为改判，须写明 reason。" + WRITES,
        request=s.AcceptSerializer,
        responses=s.EntrySerializer,
        tags=["审核"],
    )
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        entry = self.get_object()
        data = s.AcceptSerializer.check(request.data)
        saved = services.accept_entry(
            api_actor(request),
            entry,
            status=data.get("status") or None,
            reason=data.get("reason", ""),
            version=data.get("version"),
        )
        return self._answer(saved)

    @extend_schema(
        summary="督查室退回",
        description="退回填报并写明意见，单位修改后重新报送。" + WRITES,
        request=s.ReturnSerializer,
        responses=s.EntrySerializer,
        tags=["审核"],
    )
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        entry = self.get_object()
        data = s.ReturnSerializer.check(request.data)
        saved = services.return_entry(api_actor(request), entry, data["comment"], version=data.get("version"))
        return self._answer(saved)
