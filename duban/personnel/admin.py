from django.contrib import admin

from duban.audit.admin import AuditedAdmin
from duban.audit.choices import EventType
from duban.personnel.models import Event, Person, Post, Tenure


class EventInline(admin.TabularInline):
    model = Event
    extra = 0
    fields = ("date", "action", "post_text", "probation", "concurrent", "document")
    readonly_fields = fields


@admin.register(Person)
class PersonAdmin(AuditedAdmin):
    audit_type = EventType.CADRE_CHANGE
    list_display = ["name", "region", "needs_review", "review_note"]
    list_filter = ["region", "needs_review"]
    search_fields = ["name"]
    inlines = [EventInline]


@admin.register(Post)
class PostAdmin(AuditedAdmin):
    audit_type = EventType.CADRE_CHANGE
    list_display = ["name", "unit", "title"]
    search_fields = ["name", "title", "unit__name"]
    autocomplete_fields = ["unit"]


@admin.register(Event)
class EventAdmin(AuditedAdmin):
    audit_type = EventType.CADRE_CHANGE
    list_display = [
        "date",
        "person",
        "action",
        "post_text",
        "probation",
        "concurrent",
        "document",
        "match_basis",
    ]
    list_filter = ["action", "match_basis", "document"]
    search_fields = ["person__name", "post_text"]
    autocomplete_fields = ["person", "post"]


@admin.register(Tenure)
class TenureAdmin(AuditedAdmin):
    audit_type = EventType.CADRE_CHANGE
    list_display = ["person", "post", "start", "end", "probation_end", "concurrent"]
    search_fields = ["person__name", "post__name"]
    autocomplete_fields = ["person", "post"]
