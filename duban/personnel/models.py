"""People, posts, appointment events and tenures."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import models

from duban.documents.models import Document
from duban.personnel.choices import Action, MatchBasis
from duban.roles import Role
from duban.units.models import Region, Unit
from duban.units.scope import NOTHING, scope_of


def _cadre_regions(user: Any, prefix: str) -> models.Q:
    """Cadre records are for the office and the leaders of the region (not for the units)."""
    scope = scope_of(user)
    if scope.role not in (Role.OFFICE, Role.LEADER):
        return NOTHING
    return scope.regions(prefix)


class PersonQuerySet(models.QuerySet["Person"]):
    def visible_to(self, user: Any) -> PersonQuerySet:
        return self.filter(_cadre_regions(user, "region__"))


class Person(models.Model):
    """A cadre, identified by name within a region; same-name people stay apart until the office merges them."""

    # Indexed with the name (`Meta.indexes`), as the register looks people up: by region and name.
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="people", verbose_name="行政区划", db_index=False
    )
    name = models.CharField("姓名", max_length=60)
    needs_review = models.BooleanField("待核实", default=False)
    review_note = models.CharField("核实说明", max_length=300, blank=True)
    # Set when the office edits the record: a replaced notice must not silently drop such a person.
    reviewed_by = models.CharField("核实人", max_length=150, blank=True)
    reviewed_at = models.DateTimeField("核实时间", null=True, blank=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = "人员"
        verbose_name_plural = "人员"
        ordering = ["name", "pk"]
        # Plain indexes rather than `db_index`, which on PostgreSQL adds a pattern index (LIKE) to
        # a text column; the search has its own (trigram). An import writes people by the ten
        # thousand, and each index is paid on every row.
        indexes = [
            models.Index(fields=["region", "name"], name="personnel_person_region_name"),
            models.Index(fields=["name"], name="personnel_person_name"),
        ]

    def __str__(self) -> str:
        return self.name


class Post(models.Model):
    """A post (职务) = unit + title. It may have several seats (several 副局长)."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="posts", verbose_name="单位")
    title = models.CharField("职务名称", max_length=100)
    name = models.CharField("职务全称", max_length=300, help_text="如文件所写：区统计局副局长")

    class Meta:
        verbose_name = "职务"
        verbose_name_plural = "职务"
        constraints = [models.UniqueConstraint(fields=["unit", "title"], name="unique_post")]
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class EventQuerySet(models.QuerySet["Event"]):
    def visible_to(self, user: Any) -> EventQuerySet:
        return self.filter(_cadre_regions(user, "document__region__"))


class Event(models.Model):
    """One item of a 任免通知: a person appointed to or removed from a post (or given a rank)."""

    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="events", verbose_name="文件"
    )
    order = models.PositiveIntegerField("顺序")
    date = models.DateField("日期", null=True, blank=True)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="events", verbose_name="人员")
    action = models.CharField("动作", max_length=10, choices=Action.choices)
    post = models.ForeignKey(
        Post, null=True, blank=True, on_delete=models.PROTECT, related_name="events", verbose_name="职务"
    )
    post_text = models.CharField("职务（原文）", max_length=300)
    rank = models.BooleanField("职级", default=False)
    probation = models.CharField("试用期", max_length=40, blank=True)
    concurrent = models.BooleanField("兼任", default=False)
    mode = models.CharField("用语", max_length=20, blank=True)
    raw = models.TextField("原文")
    match_basis = models.CharField("人员关联依据", max_length=10, choices=MatchBasis.choices)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = "任免事项"
        verbose_name_plural = "任免事项"
        ordering = ["date", "document_id", "order"]

    def __str__(self) -> str:
        verb = "任" if self.action == Action.APPOINT else "免去"
        return f"{self.person} {verb} {self.post_text}"


class TenureQuerySet(models.QuerySet["Tenure"]):
    def on(self, day: date) -> TenureQuerySet:
        """Held on the day: started on or before it (or start unknown) and not yet ended.

        A removal dated D ends the tenure on D: on D the post is no longer held.
        """
        return self.filter(
            models.Q(start__isnull=True) | models.Q(start__lte=day),
            models.Q(end__isnull=True) | models.Q(end__gt=day),
        ).exclude(start__isnull=True, end__isnull=True)

    def open(self) -> TenureQuerySet:
        return self.filter(end__isnull=True)

    def visible_to(self, user: Any) -> TenureQuerySet:
        return self.filter(_cadre_regions(user, "person__region__"))


class Tenure(models.Model):
    """A person holding a post from a date to a date. Start unknown when the archive begins later."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="tenures", verbose_name="人员")
    post = models.ForeignKey(Post, on_delete=models.PROTECT, related_name="tenures", verbose_name="职务")
    start = models.DateField("任职日期", null=True, blank=True)
    end = models.DateField("免职日期", null=True, blank=True)
    start_event = models.ForeignKey(
        Event, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="任职事项"
    )
    end_event = models.ForeignKey(
        Event, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="免职事项"
    )
    probation_end = models.DateField("试用期满", null=True, blank=True)
    concurrent = models.BooleanField("兼任", default=False)

    objects = TenureQuerySet.as_manager()

    class Meta:
        verbose_name = "任职经历"
        verbose_name_plural = "任职经历"
        ordering = ["start", "pk"]

    def __str__(self) -> str:
        return f"{self.person} {self.post} {self.start or '?'}–{self.end or ''}"
