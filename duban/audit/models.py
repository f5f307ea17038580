"""The audit log: an append-only, hash-chained table of every event (GB/T 22239 安全审计).

Each row carries the HMAC of its own content and of the row before it, keyed by a secret kept
outside the database, so a row altered, inserted or removed with raw SQL breaks the chain
(`duban audit verify`). The one-row `Head` holds the chain's last position and hash; writers
lock it, which also orders the rows: `seq` is the chain position, gap-free.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any, NoReturn

from django.db import models
from django.utils import timezone

from duban.audit.choices import EventType, Outcome


class AppendOnly(Exception):
    """Raised on an attempt to change or delete an audit row through the ORM."""


class EventQuerySet(models.QuerySet["Event"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnly("audit events cannot be updated")

    def delete(self) -> NoReturn:
        raise AppendOnly("audit events are only deleted by retention (duban audit prune)")

    def for_object(self, obj: models.Model) -> EventQuerySet:
        return self.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))

    def of_type(self, *types: str) -> EventQuerySet:
        return self.filter(type__in=types)

    def matching(
        self,
        *,
        since: date | None = None,
        until: date | None = None,
        actor: str = "",
        type: str = "",
        obj: str = "",
        outcome: str = "",
    ) -> EventQuerySet:
        """The audit administrator's filters: days in the local time zone, texts as parts of the value."""
        qs = self
        if since:
            qs = qs.filter(at__gte=_start_of(since))
        if until:
            qs = qs.filter(at__lt=_start_of(until + timedelta(days=1)))
        if actor:
            qs = qs.filter(actor__icontains=actor)
        if type:
            qs = qs.filter(type=type)
        if obj:
            qs = qs.filter(
                models.Q(object_repr__icontains=obj) | models.Q(object_id=obj) | models.Q(object_type=obj)
            )
        if outcome:
            qs = qs.filter(outcome=outcome)
        return qs


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


class Event(models.Model):
    """One audited event: who, when, from where, what, on which object, the outcome and the changes."""

    seq = models.PositiveBigIntegerField("序号", unique=True)
    at = models.DateTimeField("时间", db_index=True)
    actor = models.CharField("操作人", max_length=150)
    # Not a foreign key: an audit row must not change (SET_NULL) or vanish (CASCADE) with its user.
    user_id = models.BigIntegerField("用户编号", null=True, blank=True)
    via = models.CharField("途径", max_length=10)
    ip = models.CharField("IP 地址", max_length=45, blank=True)
    type = models.CharField("事件类型", max_length=40, choices=EventType.choices)
    object_type = models.CharField("对象类型", max_length=60, blank=True)
    object_id = models.CharField("对象编号", max_length=64, blank=True)
    object_repr = models.CharField("对象", max_length=300, blank=True)
    outcome = models.CharField("结果", max_length=10, choices=Outcome.choices, default=Outcome.SUCCESS)
    changes = models.JSONField("变更（原值→新值）", default=dict, blank=True)
    detail = models.JSONField("说明", default=dict, blank=True)
    prev_hash = models.CharField("上一条校验值", max_length=64)
    hash = models.CharField("校验值", max_length=64)

    objects = EventQuerySet.as_manager()

    class Meta:
        db_table = "audit_event"
        verbose_name = "审计记录"
        verbose_name_plural = "审计记录"
        ordering = ["-seq"]
        # By type, as the log is filtered (equality): a plain index, not `db_index`, which on
        # PostgreSQL adds a second (pattern) index for LIKE that nothing asks, paid on every row.
        indexes = [
            models.Index(fields=["object_type", "object_id"], name="audit_event_object"),
            models.Index(fields=["type"], name="audit_event_type"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.actor} {self.get_type_display()}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnly("audit events cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnly("audit events cannot be deleted one by one; retention prunes them")


class Head(models.Model):
    """The chain's state: the last position and hash, and the anchor left by pruning."""

    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default="")
    base_seq = models.PositiveBigIntegerField(default=0, help_text="the last pruned position")
    base_hash = models.CharField(max_length=64, default="", help_text="the hash of the last pruned row")

    class Meta:
        db_table = "audit_head"
        verbose_name = "审计链状态"
        verbose_name_plural = "审计链状态"

    def __str__(self) -> str:
        return f"audit head {self.seq}"
