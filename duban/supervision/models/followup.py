"""What follows an entry: leaders' instructions (领导批示) and extension requests (延期申请)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from duban.roles import Role
from duban.supervision.choices import (
    ExtensionState,
)
from duban.supervision.models.lists import Item, led_q
from duban.supervision.models.rounds import Entry, Round
from duban.units.scope import scope_of


class InstructionQuerySet(models.QuerySet["Instruction"]):
    def visible_to(self, user: Any) -> InstructionQuerySet:
        """The office and leaders see the region's instructions; a unit those on the items it leads."""
        scope = scope_of(user)
        region = scope.regions("item__task_list__region__")
        if scope.role in (Role.OFFICE, Role.LEADER):
            return self.filter(region)
        if scope.role in (Role.REPORTER, Role.HEAD) and scope.sees_supervision:
            return self.filter(region, item__in=Item.objects.filter(led_q(scope)).values("pk"))
        return self.none()

    def unanswered(self) -> InstructionQuerySet:
        return self.filter(answered_at__isnull=True)


class Instruction(models.Model):
    """领导批示: a leader's instruction on an item; the lead unit's next entry must answer it."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="instructions", verbose_name="事项")
    round = models.ForeignKey(
        Round,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="instructions",
        verbose_name="轮次",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="instructions", verbose_name="批示人"
    )
    text = models.TextField("批示内容")
    created_at = models.DateTimeField("批示时间", auto_now_add=True)
    answer = models.TextField("落实情况", blank=True)
    answered_entry = models.ForeignKey(
        Entry,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="answers",
        verbose_name="答复的填报",
    )
    answered_at = models.DateTimeField("答复时间", null=True, blank=True)

    objects = InstructionQuerySet.as_manager()

    class Meta:
        verbose_name = "领导批示"
        verbose_name_plural = "领导批示"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.item.seq}. {self.text[:30]}"

    @property
    def is_open(self) -> bool:
        return self.answered_at is None


class ExtensionQuerySet(models.QuerySet["ExtensionRequest"]):
    def visible_to(self, user: Any) -> ExtensionQuerySet:
        """The office sees its region's requests; a unit its own."""
        scope = scope_of(user)
        if scope.role == Role.OFFICE:
            return self.filter(scope.regions("entry__round__task_list__region__"))
        return self.filter(entry__in=Entry.objects.visible_to(user).of_user_units(user).values("pk"))


class ExtensionRequest(models.Model):
    """延期申请: a unit asks for a later deadline on an item of a round; the office decides."""

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="extensions", verbose_name="填报")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="申请人"
    )
    requested_at = models.DateTimeField("申请时间", auto_now_add=True)
    reason = models.TextField("理由")
    until = models.DateField("申请延至")
    state = models.CharField(
        "状态", max_length=10, choices=ExtensionState.choices, default=ExtensionState.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)
    decision_note = models.TextField("审批意见", blank=True)

    objects = ExtensionQuerySet.as_manager()

    class Meta:
        verbose_name = "延期申请"
        verbose_name_plural = "延期申请"
        ordering = ["-requested_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.entry} 延至{self.until}"
