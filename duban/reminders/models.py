"""Reminders (催办 / 三色督办单), the channels that carry them, in-app notices and their deliveries."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlparse

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models

from duban.audit.services import masked
from duban.reminders.choices import WEBHOOK_KINDS, Cause, ChannelKind, DeliveryState, Level
from duban.roles import Role
from duban.supervision.models import Item, Round
from duban.units.models import Region, Unit
from duban.units.scope import NOTHING, scope_of


def _office_or_own_unit(user: Any, region_prefix: str, unit_field: str) -> models.Q:
    """The office sees its region's; a unit what was sent to it."""
    scope = scope_of(user)
    if scope.role == Role.OFFICE:
        return scope.regions(region_prefix)
    if scope.role in (Role.REPORTER, Role.HEAD) and scope.sees_supervision:
        return models.Q(**{f"{unit_field}__in": scope.unit_ids})
    return NOTHING


class ReminderQuerySet(models.QuerySet["Reminder"]):
    def visible_to(self, user: Any) -> ReminderQuerySet:
        return self.filter(_office_or_own_unit(user, "unit__region__", "unit_id"))


class Reminder(models.Model):
    """One 督办单 issued to a unit in a round, at one level (each level at most once per round and unit)."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="reminders", verbose_name="轮次")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="reminders", verbose_name="单位")
    level = models.CharField("等级", max_length=10, choices=Level.choices)
    reason = models.CharField("事由", max_length=300)
    items = models.ManyToManyField(
        Item, through="ReminderItem", related_name="reminders", verbose_name="事项"
    )
    text = models.TextField("督办单正文")
    issued_on = models.DateField("签发日期")
    reply_by = models.DateField("限期报送", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    objects = ReminderQuerySet.as_manager()

    class Meta:
        verbose_name = "督办单"
        verbose_name_plural = "督办单"
        ordering = ["round", "unit", "created_at"]
        constraints = [
            models.UniqueConstraint(fields=["round", "unit", "level"], name="unique_reminder_level"),
        ]

    def __str__(self) -> str:
        return f"{self.get_level_display()} · {self.unit} · {self.round}"


class ReminderItem(models.Model):
    """An item listed in a reminder, with the cause it was (last) listed for."""

    reminder = models.ForeignKey(Reminder, on_delete=models.CASCADE, related_name="listed")
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="+", verbose_name="事项")
    cause = models.CharField("原因", max_length=20, choices=Cause.choices)

    class Meta:
        verbose_name = "督办事项"
        verbose_name_plural = "督办事项"
        constraints = [models.UniqueConstraint(fields=["reminder", "item"], name="unique_reminder_item")]

    def __str__(self) -> str:
        return f"{self.item.seq}（{self.get_cause_display()}）"


class ChannelQuerySet(models.QuerySet["Channel"]):
    def visible_to(self, user: Any) -> ChannelQuerySet:
        """Channels are configured by the office of the region."""
        scope = scope_of(user)
        return self.filter(scope.regions("region__")) if scope.role == Role.OFFICE else self.none()


class Channel(models.Model):
    """Where a unit's (or the office's) notices go besides the application: an address or a robot webhook."""

    region = models.ForeignKey(
        Region, on_delete=models.CASCADE, related_name="channels", verbose_name="行政区划"
    )
    unit = models.ForeignKey(
        Unit,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="channels",
        verbose_name="单位",
        help_text="留空表示督查室本身（抄送每一份督办单）",
    )
    kind = models.CharField("方式", max_length=10, choices=ChannelKind.choices)
    target = models.CharField("地址", max_length=500, help_text="邮箱地址或机器人 Webhook 地址")
    secret = models.CharField(
        "加签密钥", max_length=200, blank=True, help_text="钉钉 / 飞书机器人启用“加签”时填写"
    )
    active = models.BooleanField("启用", default=True)

    objects = ChannelQuerySet.as_manager()

    class Meta:
        verbose_name = "通知渠道"
        verbose_name_plural = "通知渠道"

    def __str__(self) -> str:
        owner = self.unit.full_name if self.unit else "督查室"
        return f"{owner} · {self.get_kind_display()}"

    @property
    def target_is_secret(self) -> bool:
        """A robot's webhook URL carries its access token: whoever has it can post as the robot."""
        return self.kind in WEBHOOK_KINDS

    @property
    def target_shown(self) -> str:
        """The address as pages show it: an e-mail address as is, a webhook URL masked."""
        return masked(self.target) if self.target_is_secret else self.target

    @property
    def secret_shown(self) -> str:
        return masked(self.secret)

    def clean(self) -> None:
        """An e-mail channel needs an address; a robot an http(s) URL (nothing else is ever opened)."""
        if self.kind == ChannelKind.EMAIL:
            try:
                validate_email(self.target)
            except ValidationError:
                raise ValidationError({"target": "邮箱地址无效"}) from None
        elif urlparse(self.target).scheme not in ("http", "https"):
            raise ValidationError({"target": "Webhook 地址必须以 http:// 或 https:// 开头"})


class NotificationQuerySet(models.QuerySet["Notification"]):
    def unread(self) -> NotificationQuerySet:
        return self.filter(read_at__isnull=True)

    def for_unit(self, unit: Unit) -> NotificationQuerySet:
        return self.filter(unit=unit)

    def visible_to(self, user: Any) -> NotificationQuerySet:
        return self.filter(_office_or_own_unit(user, "unit__region__", "unit_id"))


class Notification(models.Model):
    """A notice shown in the application to a unit (and carried by its channels)."""

    reminder = models.ForeignKey(
        Reminder,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="notifications",
        verbose_name="督办单",
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="notifications", verbose_name="单位"
    )
    title = models.CharField("标题", max_length=200)
    body = models.TextField("正文")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    read_at = models.DateTimeField("已读时间", null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = "站内通知"
        verbose_name_plural = "站内通知"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title


class Delivery(models.Model):
    """One notification sent through one channel: retried with back-off, kept whatever happens."""

    notification = models.ForeignKey(
        Notification, on_delete=models.CASCADE, related_name="deliveries", verbose_name="通知"
    )
    channel = models.ForeignKey(
        Channel, on_delete=models.PROTECT, related_name="deliveries", verbose_name="渠道"
    )
    state = models.CharField(
        "状态", max_length=10, choices=DeliveryState.choices, default=DeliveryState.PENDING
    )
    attempts = models.PositiveIntegerField("尝试次数", default=0)
    last_error = models.TextField("最近错误", blank=True)
    next_attempt_at = models.DateTimeField("下次尝试", null=True, blank=True)
    sent_at = models.DateTimeField("发送时间", null=True, blank=True)

    class Meta:
        verbose_name = "发送记录"
        verbose_name_plural = "发送记录"
        constraints = [
            models.UniqueConstraint(fields=["notification", "channel"], name="unique_delivery"),
        ]
        indexes = [models.Index(fields=["state", "next_attempt_at"], name="delivery_due")]

    def __str__(self) -> str:
        return f"{self.notification} → {self.channel}（{self.get_state_display()}）"
