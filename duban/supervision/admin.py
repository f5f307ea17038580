from django import forms
from django.contrib import admin

from duban.supervision.entries import suggested_status
from duban.supervision.models import Entry, EntryAttachment, Item, ItemUnit, Round, TaskList


class EntryAttachmentInline(admin.TabularInline):
    model = EntryAttachment
    extra = 0


class ItemUnitInline(admin.TabularInline):
    model = ItemUnit
    extra = 0
    autocomplete_fields = ["unit"]


@admin.register(TaskList)
class TaskListAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "year", "region"]
    list_filter = ["region", "kind", "year"]


@admin.register(Item)
class ItemAdmin(admin.ModelAdmin):
    list_display = ["seq", "text", "category", "task_list"]
    list_filter = ["task_list", "category"]
    search_fields = ["text"]
    inlines = [ItemUnitInline]


@admin.register(Round)
class RoundAdmin(admin.ModelAdmin):
    list_display = ["task_list", "period", "as_of", "deadline", "state"]
    list_filter = ["state"]


class EntryAdminForm(forms.ModelForm):
    """The admin applies the same rule as the review service: overriding the figures needs a reason."""

    class Meta:
        model = Entry
        fields = [
            "round",
            "item",
            "progress",
            "percent",
            "completed_value",
            "self_status",
            "status",
            "override_reason",
            "remark",
            "submitted_by",
            "submitted_at",
        ]

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        entry: Entry = self.instance
        status = data.get("status")
        if entry.pk and status and status != entry.status:
            probe = Entry(
                round=entry.round,
                item=entry.item,
                percent=data.get("percent"),
                completed_value=data.get("completed_value"),
                self_status=str(data.get("self_status") or ""),
            )
            suggested, why = suggested_status(probe)
            if suggested and status != suggested and not str(data.get("override_reason") or "").strip():
                raise forms.ValidationError(f"改判须说明理由（{why}）")
        return data


@admin.register(Entry)
class EntryAdmin(admin.ModelAdmin):
    form = EntryAdminForm
    list_display = ["round", "item", "percent", "self_status", "status", "override_reason"]
    list_filter = ["round", "status"]
    inlines = [EntryAttachmentInline]
