from django.contrib import admin

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


@admin.register(Entry)
class EntryAdmin(admin.ModelAdmin):
    list_display = ["round", "item", "percent", "self_status", "status", "override_reason"]
    list_filter = ["round", "status"]
    inlines = [EntryAttachmentInline]
