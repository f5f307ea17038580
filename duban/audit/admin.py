"""The admin's share of the audit log: every change made in the admin is recorded, and the log is read-only."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models, transaction
from django.http import HttpRequest

from duban.actors import Actor, Via
from duban.audit import services as audit
from duban.audit.choices import EventType
from duban.audit.models import Event


def admin_actor(request: HttpRequest) -> Actor:
    return Actor.from_request(request, Via.ADMIN)


class AuditedAdmin(admin.ModelAdmin):
    """A ModelAdmin whose saves and deletes are audited with their before/after values, in one transaction."""

    audit_type: str = EventType.OTHER
    secret_fields: tuple[str, ...] = ()  # write-only values: the log says only that they changed

    def secret_fields_of(self, obj: Any) -> tuple[str, ...]:
        return self.secret_fields

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        before: dict[str, Any] = {}
        if change and obj.pk is not None:
            old = type(obj).objects.filter(pk=obj.pk).first()
            before = audit.snapshot(old) if old is not None else {}
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            after = audit.snapshot(obj)
            audit.record(
                admin_actor(request),
                self.audit_type,
                obj,
                changes=audit.diff(before, after, secret=self.secret_fields_of(obj)),
                detail={"admin": "change" if change else "add"},
            )

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        with transaction.atomic():
            before = audit.snapshot(obj)
            audit.record(
                admin_actor(request),
                self.audit_type,
                obj,
                changes=audit.diff(before, {}, secret=self.secret_fields_of(obj)),
                detail={"admin": "delete"},
            )
            super().delete_model(request, obj)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        """Inline rows (aliases, responsible units …) are audited like the object itself."""
        actor = admin_actor(request)
        with transaction.atomic():
            instances = formset.save(commit=False)
            for obj in formset.deleted_objects:
                audit.record(actor, self.audit_type, obj, changes=audit.diff(audit.snapshot(obj), {}))
                obj.delete()
            for obj in instances:
                old = type(obj).objects.filter(pk=obj.pk).first() if obj.pk is not None else None
                before = audit.snapshot(old) if old is not None else {}
                obj.save()
                audit.record(actor, self.audit_type, obj, changes=audit.diff(before, audit.snapshot(obj)))
            formset.save_m2m()

    def delete_queryset(self, request: HttpRequest, queryset: models.QuerySet[Any]) -> None:
        with transaction.atomic():
            entries = [
                audit.Entry(
                    self.audit_type,
                    obj,
                    audit.diff(audit.snapshot(obj), {}, secret=self.secret_fields_of(obj)),
                    detail={"admin": "delete"},
                )
                for obj in queryset
            ]
            audit.record_many(admin_actor(request), entries)
            super().delete_queryset(request, queryset)


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    """The audit log, read-only for everyone (nobody edits or deletes it here)."""

    list_display = ["seq", "at", "actor", "ip", "type", "object_repr", "outcome"]
    list_filter = ["type", "outcome", "via"]
    search_fields = ["actor", "object_repr", "object_id", "ip"]
    date_hierarchy = "at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
