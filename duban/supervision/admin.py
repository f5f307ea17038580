"""The admin for supervision: lists and items are corrected here; entries only through the review service."""

from __future__ import annotations

import copy
from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest

from duban.audit.admin import AuditedAdmin, admin_actor
from duban.audit.choices import EventType
from duban.errors import DomainError
from duban.supervision.models import Entry, EntryAttachment, Item, ItemUnit, Round, TaskList
from duban.supervision.services import accept_entry


class EntryAttachmentInline(admin.TabularInline):
    model = EntryAttachment
    extra = 0
    readonly_fields = ["file", "name", "uploaded_by", "uploaded_at"]
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ItemUnitInline(admin.TabularInline):
    model = ItemUnit
    extra = 0
    autocomplete_fields = ["unit"]


@admin.register(TaskList)
class TaskListAdmin(AuditedAdmin):
    audit_type = EventType.LIST_CHANGE
    list_display = ["title", "kind", "year", "region"]
    list_filter = ["region", "kind", "year"]


@admin.register(Item)
class ItemAdmin(AuditedAdmin):
    audit_type = EventType.ITEM_CHANGE
    list_display = ["seq", "text", "category", "task_list"]
    list_filter = ["task_list", "category"]
    search_fields = ["text"]
    inlines = [ItemUnitInline]


@admin.register(Round)
class RoundAdmin(AuditedAdmin):
    """A round's state changes only through the round services (close, reopen, publish)."""

    audit_type = EventType.LIST_CHANGE
    list_display = ["task_list", "period", "as_of", "deadline", "state"]
    list_filter = ["state"]
    readonly_fields = ["state", "document", "created_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # opening a round creates its entries: done by the round service


class EntryReviewForm(forms.ModelForm):
    """The office's decision on an entry, checked by the entry's own rule before saving."""

    class Meta:
        model = Entry
        fields = ["status", "override_reason"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        probe = copy.copy(self.instance)
        try:
            probe.decide(
                None,
                probe.updated_at,
                status=data.get("status") or None,
                reason=data.get("override_reason") or "",
            )
        except DomainError as exc:
            raise forms.ValidationError(exc.message) from exc
        return data


@admin.register(Entry)
class EntryAdmin(admin.ModelAdmin):
    """Entries are read here; the only edit is the office's decision, made through `accept_entry`."""

    form = EntryReviewForm
    list_display = ["round", "item", "state", "percent", "self_status", "status", "override_reason"]
    list_filter = ["round", "state", "status"]
    inlines = [EntryAttachmentInline]
    readonly_fields = [
        "round",
        "item",
        "state",
        "progress",
        "percent",
        "completed_value",
        "self_status",
        "remark",
        "review_comment",
        "submitted_by",
        "submitted_at",
        "approved_by",
        "approved_at",
        "reviewed_by",
        "reviewed_at",
        "version",
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Entry, form: Any, change: bool) -> None:
        data = form.cleaned_data
        accept_entry(
            admin_actor(request),
            obj,
            status=data.get("status") or None,
            reason=data.get("override_reason") or "",
        )
