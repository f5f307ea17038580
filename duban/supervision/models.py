"""Task lists under supervision, their items and responsible units, rounds and progress entries."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models

from duban.documents.models import Document
from duban.units.models import Region, Unit, UnitGroup


class ListKind(models.TextChoices):
    TASKS = "tasks", "目标任务"
    INDICATORS = "indicators", "民生实事指标"
    MEASURES = "measures", "激励措施"


class Status(models.TextChoices):
    """The three levels (labels differ per list kind: see `label_for`)."""

    COMPLETED = "completed", "已完成"
    ON_SCHEDULE = "on_schedule", "正常推进"
    LAGGING = "lagging", "滞后"


TASK_STATUS_LABELS = {"completed": "基本完成", "on_schedule": "常态化或按时序推进", "lagging": "相对滞后"}


def label_for(kind: str, status: str | None) -> str:
    """The status label in the vocabulary of the list kind."""
    if not status:
        return ""
    if kind == ListKind.TASKS:
        return TASK_STATUS_LABELS[status]
    return Status(status).label


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

    class Meta:
        verbose_name = "任务清单"
        verbose_name_plural = "任务清单"
        constraints = [models.UniqueConstraint(fields=["region", "kind", "title"], name="unique_task_list")]

    def __str__(self) -> str:
        return self.title


class ItemQuerySet(models.QuerySet["Item"]):
    def led_by(self, unit_ids: set[int]) -> ItemQuerySet:
        return self.filter(units__unit_id__in=unit_ids, units__role=Role.LEAD).distinct()


class Item(models.Model):
    """One task, indicator or measure of a list."""

    task_list = models.ForeignKey(
        TaskList, on_delete=models.CASCADE, related_name="items", verbose_name="清单"
    )
    order = models.PositiveIntegerField("顺序")
    seq = models.PositiveIntegerField("序号")
    category = models.CharField("类别", max_length=20, blank=True, help_text="省级 / 市级 / 区级")
    names = models.JSONField("项目名称", default=list, blank=True)
    text = models.TextField("内容")
    target_text = models.CharField("目标（原文）", max_length=300, blank=True)
    target_value = models.DecimalField("目标值", max_digits=24, decimal_places=6, null=True, blank=True)
    target_unit = models.CharField("目标单位", max_length=40, blank=True)
    target_qualifier = models.CharField("目标限定", max_length=40, blank=True)
    district_livelihood = models.BooleanField("区级民生实事", default=False)
    provincial_lead = models.CharField("省级牵头单位", max_length=200, blank=True)

    objects = ItemQuerySet.as_manager()

    class Meta:
        verbose_name = "任务事项"
        verbose_name_plural = "任务事项"
        ordering = ["task_list", "order"]
        constraints = [models.UniqueConstraint(fields=["task_list", "order"], name="unique_item_order")]

    def __str__(self) -> str:
        return f"{self.seq}. {self.text[:30]}"


class Role(models.TextChoices):
    LEAD = "lead", "牵头单位"
    RELATED = "related", "相关责任单位"


class ItemUnit(models.Model):
    """A unit (or a group reference) responsible for an item, as lead or related."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="units")
    role = models.CharField("角色", max_length=10, choices=Role.choices)
    as_written = models.CharField("原文", max_length=200)
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="item_links")
    group = models.ForeignKey(
        UnitGroup, null=True, blank=True, on_delete=models.PROTECT, related_name="item_links"
    )

    class Meta:
        verbose_name = "责任单位"
        verbose_name_plural = "责任单位"

    def __str__(self) -> str:
        return f"{self.get_role_display()}：{self.as_written}"


class RoundState(models.TextChoices):
    OPEN = "open", "收集中"
    CLOSED = "closed", "已截止"
    PUBLISHED = "published", "已通报"


class Round(models.Model):
    """A progress-collection round (调度) of a list: its period, as-of date, deadline and state."""

    task_list = models.ForeignKey(
        TaskList, on_delete=models.CASCADE, related_name="rounds", verbose_name="清单"
    )
    period = models.CharField("调度期间", max_length=100, help_text="如：2024年1-6月")
    as_of = models.DateField("截至日期")
    deadline = models.DateField("报送截止", null=True, blank=True)
    state = models.CharField("状态", max_length=10, choices=RoundState.choices, default=RoundState.OPEN)
    tolerance = models.DecimalField("容差（百分点）", max_digits=5, decimal_places=2, default=Decimal("10"))
    document = models.ForeignKey(
        Document, null=True, blank=True, on_delete=models.SET_NULL, related_name="rounds", verbose_name="通报"
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "调度轮次"
        verbose_name_plural = "调度轮次"
        ordering = ["task_list", "as_of", "pk"]

    def __str__(self) -> str:
        return f"{self.task_list} · {self.period}"

    def previous(self) -> Round | None:
        """The round of the same list just before this one (by as-of date, then creation)."""
        return (
            Round.objects.filter(task_list_id=self.task_list_id)
            .filter(models.Q(as_of__lt=self.as_of) | models.Q(as_of=self.as_of, pk__lt=self.pk))
            .order_by("-as_of", "-pk")
            .first()
        )


class Entry(models.Model):
    """An item's progress in a round: what the unit reported and what the office decided."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="entries", verbose_name="轮次")
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="entries", verbose_name="事项")
    progress = models.TextField("进展情况", blank=True)
    percent = models.DecimalField("完成比例（%）", max_digits=9, decimal_places=3, null=True, blank=True)
    completed_value = models.DecimalField("完成量", max_digits=24, decimal_places=6, null=True, blank=True)
    self_status = models.CharField("自评", max_length=12, choices=Status.choices, blank=True)
    status = models.CharField("审定进度", max_length=12, choices=Status.choices, blank=True)
    override_reason = models.CharField("改判理由", max_length=300, blank=True)
    remark = models.TextField("单位备注", blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField("报送时间", null=True, blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "进展填报"
        verbose_name_plural = "进展填报"
        constraints = [models.UniqueConstraint(fields=["round", "item"], name="unique_entry")]

    def __str__(self) -> str:
        return f"{self.round} · {self.item.seq}"


class EntryAttachment(models.Model):
    """A file a unit attaches to its progress entry (photos, minutes, acceptance reports)."""

    entry = models.ForeignKey(
        Entry, on_delete=models.CASCADE, related_name="attachments", verbose_name="填报"
    )
    file = models.FileField("文件", upload_to="entries/%Y/%m/")
    name = models.CharField("文件名", max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = "填报附件"
        verbose_name_plural = "填报附件"

    def __str__(self) -> str:
        return self.name
