"""The read-only resources: units, documents, people, lists, items, rounds.

Each list and each detail reads `Model.objects.visible_to(request.user)` — exactly what the pages
show the same user; anything outside it is a 404. Related rows are loaded with the list (one
query per relation, whatever the number of rows). Writes to these resources are a 405: they
change through the pages and the command line, where the office works on them.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets

from duban.api import serializers as s
from duban.api.base import ApiView, Filters, Pages, choice_param, id_param, text_param
from duban.documents.choices import DocumentKind
from duban.documents.models import Document
from duban.personnel.models import Event, Person, Tenure
from duban.supervision.choices import ListKind, RoundState
from duban.supervision.models import Item, ItemUnit, Round, TaskList
from duban.units.choices import UnitKind
from duban.units.models import Unit


class ReadOnly(ApiView, viewsets.ReadOnlyModelViewSet):
    """List and detail of what the user may see (`visible(...)`), filtered by the query parameters."""

    pagination_class = Pages

    def visible(self) -> QuerySet[Any]:
        raise NotImplementedError

    def filtered(self, queryset: QuerySet[Any], filters: Filters) -> QuerySet[Any]:
        return queryset

    def get_queryset(self) -> QuerySet[Any]:
        queryset = self.visible()
        if self.action == "list":
            queryset = self.filtered(queryset, Filters(self.request.query_params))
        return queryset


@extend_schema_view(
    list=extend_schema(
        summary="单位目录",
        description="本行政区划（督查室、领导、单位用户）或全部行政区划（系统管理员）的单位。",
        parameters=[choice_param("kind", UnitKind.choices, "单位类别"), text_param("name", "名称包含")],
        tags=["单位"],
    ),
    retrieve=extend_schema(summary="单位", tags=["单位"]),
)
class UnitViewSet(ReadOnly):
    serializer_class = s.UnitSerializer
    resource_name = "单位"

    def visible(self) -> QuerySet[Any]:
        return (
            Unit.objects.visible_to(self.request.user)
            .select_related("region", "parent__parent")
            .prefetch_related("aliases")
            .order_by("region_id", "name", "pk")
        )

    def filtered(self, queryset: QuerySet[Any], filters: Filters) -> QuerySet[Any]:
        if kind := filters.choice("kind", UnitKind.choices):
            queryset = queryset.filter(kind=kind)
        if name := filters.text("name"):
            queryset = queryset.filter(name__icontains=name)
        return queryset


@extend_schema_view(
    list=extend_schema(
        summary="公文",
        description="已导入的公文（任免通知、督查通报、任务分解等），不含正文。",
        parameters=[
            choice_param("kind", DocumentKind.choices, "公文类别"),
            id_param("year", "年份", 1900, 2999),
        ],
        tags=["公文"],
    ),
    retrieve=extend_schema(summary="公文（含正文、附件与提示）", tags=["公文"]),
)
class DocumentViewSet(ReadOnly):
    resource_name = "公文"

    def get_serializer_class(self) -> type[s.DocumentSerializer]:
        return s.DocumentDetailSerializer if self.action == "retrieve" else s.DocumentSerializer

    def visible(self) -> QuerySet[Any]:
        queryset = Document.objects.visible_to(self.request.user).order_by(
            "date", "code", "year", "serial", "pk"
        )
        return queryset if self.action == "retrieve" else queryset.defer("text", "body")

    def filtered(self, queryset: QuerySet[Any], filters: Filters) -> QuerySet[Any]:
        if kind := filters.choice("kind", DocumentKind.choices):
            queryset = queryset.filter(kind=kind)
        if year := filters.year("year"):
            queryset = queryset.filter(year=year)
        return queryset


@extend_schema_view(
    list=extend_schema(
        summary="干部",
        description="任免通知中的人员（督查室与领导可见）。",
        parameters=[text_param("name", "姓名包含")],
        tags=["干部任免"],
    ),
    retrieve=extend_schema(summary="干部（含任职经历与任免事项）", tags=["干部任免"]),
)
class PersonViewSet(ReadOnly):
    resource_name = "人员"

    def get_serializer_class(self) -> type[s.PersonSerializer]:
        return s.PersonDetailSerializer if self.action == "retrieve" else s.PersonSerializer

    def visible(self) -> QuerySet[Any]:
        user = self.request.user
        queryset = Person.objects.visible_to(user).order_by("name", "pk")
        if self.action == "retrieve":
            queryset = queryset.prefetch_related(
                Prefetch("tenures", Tenure.objects.visible_to(user).select_related("post")),
                Prefetch("events", Event.objects.visible_to(user).select_related("document")),
            )
        return queryset

    def filtered(self, queryset: QuerySet[Any], filters: Filters) -> QuerySet[Any]:
        if name := filters.text("name"):
            queryset = queryset.filter(name__icontains=name)
        return queryset


@extend_schema_view(
    list=extend_schema(
        summary="任务清单",
        description="目标任务、民生实事指标、激励措施等清单，含事项数。",
        parameters=[choice_param("kind", ListKind.choices, "清单类别"), id_param("year", "年度", 1900, 2999)],
        tags=["督查"],
    ),
    retrieve=extend_schema(summary="任务清单", tags=["督查"]),
)
class TaskListViewSet(ReadOnly):
    serializer_class = s.TaskListSerializer
    resource_name = "任务清单"

    def visible(self) -> QuerySet[Any]:
        return (
            TaskList.objects.visible_to(self.request.user)
            .select_related("document")
            .annotate(item_count=Count("items"))
            .order_by("-year", "kind", "pk")
        )

    def filtered(self, queryset: QuerySet[Any], filters: Filters) -> QuerySet[Any]:
        if kind := filters.choice("kind", ListKind.choices):
            queryset = queryset.filter(kind=kind)
        if year := filters.year("year"):
            queryset = queryset.filter(year=year)
        return queryset


@extend_schema_view(
    list=extend_schema(
        summary="任务事项",
        description="清单中的事项，含牵头单位与相关责任单位（原文与对应的目录单位或单位群组）。",
        parameters=[id_param("task_list", "清单 ID")],
        tags=["督查"],
    ),
    retrieve=extend_schema(summary="任务事项", tags=["督查"]),
)
class ItemViewSet(ReadOnly):
    serializer_class = s.ItemSerializer
    resource_name = "任务事项"

    def visible(self) -> QuerySet[Any]:
        links = ItemUnit.objects.select_related("unit__parent__parent", "group").order_by("duty", "pk")
        return (
            Item.objects.visible_to(self.request.user)
            .prefetch_related(Prefetch("units", links))
            .order_by("task_list_id", "order", "pk")
        )

    def filtered(self, queryset: QuerySet[Any], filters: Filters) -> QuerySet[Any]:
        if task_list := filters.id("task_list"):
            queryset = queryset.filter(task_list_id=task_list)
        return queryset


@extend_schema_view(
    list=extend_schema(
        summary="调度轮次",
        parameters=[id_param("task_list", "清单 ID"), choice_param("state", RoundState.choices, "状态")],
        tags=["督查"],
    ),
    retrieve=extend_schema(summary="调度轮次", tags=["督查"]),
)
class RoundViewSet(ReadOnly):
    serializer_class = s.RoundSerializer
    resource_name = "调度轮次"

    def visible(self) -> QuerySet[Any]:
        return (
            Round.objects.visible_to(self.request.user)
            .select_related("task_list")
            .order_by("task_list_id", "as_of", "pk")
        )

    def filtered(self, queryset: QuerySet[Any], filters: Filters) -> QuerySet[Any]:
        if task_list := filters.id("task_list"):
            queryset = queryset.filter(task_list_id=task_list)
        if state := filters.choice("state", RoundState.choices):
            queryset = queryset.filter(state=state)
        return queryset
