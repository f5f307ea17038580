"""Task lists, their items and the units responsible for each item."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from duban.core import model as core
from duban.documents.models import Document
from duban.supervision.choices import (
    Duty,
    ListKind,
)
from duban.units.models import Region, Unit, UnitGroup
from duban.units.scope import NOTHING, Scope, scope_of


def led_q(scope: Scope) -> models.Q:
    """Items led by the scope's units: a direct lead link, or a lead group reference they belong to."""
    if not scope.unit_ids:
        return NOTHING
    from duban.supervision.queries import group_ids_for

    direct = models.Q(units__duty=Duty.LEAD, units__unit_id__in=scope.unit_ids)
    groups = group_ids_for(scope)
    via = models.Q(units__duty=Duty.LEAD, units__group_id__in=groups) if groups else NOTHING
    return direct | via


class TaskListQuerySet(models.QuerySet["TaskList"]):
    def visible_to(self, user: Any) -> TaskListQuerySet:
        """Lists are the region's published tasks: every supervision role of the region reads them."""
        return self.filter(scope_of(user).regions("region__"))


class TaskList(models.Model):
    """A list of items under supervision: the 政府工作报告 targets, the 民生实事 indicators, measures …"""

    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="task_lists", verbose_name="行政区划"
    )
    kind = models.CharField("类别", max_length=20, choices=ListKind.choices)
    title = models.CharField("名称", max_length=500)
    year = models.PositiveIntegerField("年度", null=True, blank=True)
    document = models.ForeignKey(
        Document,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="task_lists",
        verbose_name="来源文件",
    )
    # How the list's source counts in its statistics sentence (its categories, 件/项, rounding):
    # a bulletin generated for the list speaks as the source did. Empty: the default style.
    count_style = models.JSONField("统计口径", default=dict, blank=True)

    objects = TaskListQuerySet.as_manager()

    class Meta:
        verbose_name = "任务清单"
        verbose_name_plural = "任务清单"
        constraints = [models.UniqueConstraint(fields=["region", "kind", "title"], name="unique_task_list")]

    def __str__(self) -> str:
        return self.title


class ItemQuerySet(models.QuerySet["Item"]):
    def led_by(self, unit_ids: set[int]) -> ItemQuerySet:
        return self.filter(units__unit_id__in=unit_ids, units__duty=Duty.LEAD).distinct()

    def open(self) -> ItemQuerySet:
        """Items not yet closed (办结销号): the ones a new round collects."""
        return self.filter(closed_at__isnull=True)

    def visible_to(self, user: Any) -> ItemQuerySet:
        return self.filter(scope_of(user).regions("task_list__region__"))

    def led_by_user(self, user: Any) -> ItemQuerySet:
        """The items the user's units lead, directly or through a group reference (各镇（街道）)."""
        return self.filter(led_q(scope_of(user))).distinct()


class Item(models.Model):
    """One task, indicator or measure of a list."""

    task_list = models.ForeignKey(
        TaskList, on_delete=models.CASCADE, related_name="items", verbose_name="清单"
    )
    order = models.PositiveIntegerField("顺序")
    seq = models.PositiveIntegerField("序号")
    category = models.CharField(
        "类别", max_length=60, blank=True, help_text="省级 / 市级 / 区级，或清单中的类别"
    )
    names = models.JSONField("项目名称", default=list, blank=True)
    text = models.TextField("内容")
    target_text = models.CharField("目标（原文）", max_length=300, blank=True)
    target_value = models.DecimalField("目标值", max_digits=24, decimal_places=6, null=True, blank=True)
    target_unit = models.CharField("目标单位", max_length=40, blank=True)
    target_qualifier = models.CharField("目标限定", max_length=40, blank=True)
    district_livelihood = models.BooleanField("区级民生实事", default=False)
    provincial_lead = models.CharField("省级牵头单位", max_length=200, blank=True)
    leader = models.CharField("责任领导", max_length=100, blank=True, help_text="牵头领导（人，不是单位）")
    deadline_text = models.CharField("完成时限", max_length=100, blank=True)
    # 办结销号: a done item leaves later rounds' forms but keeps its history.
    closed_at = models.DateTimeField("办结时间", null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closing_note = models.TextField("办结依据", blank=True)
    closing_entry = models.ForeignKey(
        "Entry",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="办结依据（填报）",
    )

    objects = ItemQuerySet.as_manager()

    class Meta:
        verbose_name = "任务事项"
        verbose_name_plural = "任务事项"
        ordering = ["task_list", "order"]
        constraints = [models.UniqueConstraint(fields=["task_list", "order"], name="unique_item_order")]

    def __str__(self) -> str:
        return f"{self.seq}. {self.text[:30]}"

    @property
    def target(self) -> core.Quantity | None:
        """The quantified target, or None where the item states none."""
        if self.target_value is None:
            return None
        return core.Quantity(
            self.target_text, self.target_value, self.target_unit, self.target_qualifier or None
        )

    @property
    def quantified(self) -> bool:
        """Whether a completion percentage means anything for this item (it has a stated target)."""
        return bool(self.target_text) or self.target_value is not None

    @property
    def closed(self) -> bool:
        return self.closed_at is not None


class ItemUnit(models.Model):
    """A unit (or a group reference) responsible for an item, as lead or related."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="units")
    duty = models.CharField("职责", max_length=10, choices=Duty.choices)
    as_written = models.CharField("原文", max_length=200)
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="item_links")
    group = models.ForeignKey(
        UnitGroup, null=True, blank=True, on_delete=models.PROTECT, related_name="item_links"
    )

    class Meta:
        verbose_name = "责任单位"
        verbose_name_plural = "责任单位"

    def __str__(self) -> str:
        return f"{self.get_duty_display()}：{self.as_written}"
