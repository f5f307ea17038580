"""督查通报: the bulletin of one or more rounds, with the office's own sections."""

from __future__ import annotations

from typing import Any

from django.db import models

from duban.documents.models import Document
from duban.errors import Conflict
from duban.roles import Role
from duban.supervision.choices import (
    BulletinState,
)
from duban.supervision.models.rounds import Round
from duban.units.models import Region
from duban.units.scope import scope_of


class BulletinQuerySet(models.QuerySet["Bulletin"]):
    def visible_to(self, user: Any) -> BulletinQuerySet:
        """The office sees its drafts; everyone else of the region the bulletins it issued."""
        scope = scope_of(user)
        region = scope.regions("region__")
        if scope.role == Role.OFFICE:
            return self.filter(region)
        return self.filter(region, state=BulletinState.PUBLISHED)


class Bulletin(models.Model):
    """A 督查通报: the rounds it reports on and the office's own sections; published, it is frozen.

    `sections` holds the body in the core's JSON form (`duban.core.sections.sections_to_json`):
    the office's text as imported, carried over or edited, with the count sentences marked so
    that they are recomputed from the rounds every time.
    """

    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="bulletins", verbose_name="行政区划"
    )
    rounds = models.ManyToManyField(Round, related_name="bulletins", verbose_name="轮次")
    title = models.CharField("标题", max_length=500)
    number = models.CharField("文号", max_length=100, blank=True)
    issuer = models.CharField("发文机关", max_length=200, blank=True)
    recipients = models.CharField("主送机关", max_length=500, blank=True)
    date = models.DateField("成文日期", null=True, blank=True, help_text="留空则在文件中留出待填的空白")
    copy_to = models.CharField("抄送", max_length=500, blank=True, help_text="多个机关用顿号分开")
    printer = models.CharField("印发机关", max_length=200, blank=True)
    print_date = models.DateField("印发日期", null=True, blank=True)
    unit_annex = models.BooleanField("附各牵头单位推进情况汇总表", default=False)
    sections = models.JSONField("正文各部分", default=list, blank=True)
    state = models.CharField(
        "状态", max_length=10, choices=BulletinState.choices, default=BulletinState.DRAFT
    )
    document = models.ForeignKey(
        Document,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="bulletins",
        verbose_name="来源公文",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    published_at = models.DateTimeField("印发时间", null=True, blank=True)

    objects = BulletinQuerySet.as_manager()

    class Meta:
        verbose_name = "督查通报"
        verbose_name_plural = "督查通报"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.number or self.title

    @property
    def published(self) -> bool:
        return self.state == BulletinState.PUBLISHED

    def require_draft(self) -> None:
        if self.published:
            raise Conflict(f"通报“{self}”已印发，不能再修改", f"bulletin {self.pk} is published")
