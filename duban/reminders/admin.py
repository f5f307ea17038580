from django.contrib import admin

from duban.audit.admin import AuditedAdmin
from duban.audit.choices import EventType
from duban.reminders.models import Channel, Delivery, Notification, Reminder, ReminderItem


class ReminderItemInline(admin.TabularInline):
    model = ReminderItem
    extra = 0
    raw_id_fields = ["item"]


@admin.register(Reminder)
class ReminderAdmin(AuditedAdmin):
    audit_type = EventType.CHANNEL_CHANGE
    list_display = ["unit", "level", "round", "reason", "issued_on", "reply_by"]
    list_filter = ["level", "round"]
    search_fields = ["unit__name", "text"]
    inlines = [ReminderItemInline]


@admin.register(Channel)
class ChannelAdmin(AuditedAdmin):
    audit_type = EventType.CHANNEL_CHANGE
    list_display = ["__str__", "kind", "target", "active"]
    list_filter = ["kind", "active", "region"]
    autocomplete_fields = ["unit"]


class DeliveryInline(admin.TabularInline):
    model = Delivery
    extra = 0
    readonly_fields = ["channel", "state", "attempts", "last_error", "next_attempt_at", "sent_at"]


@admin.register(Notification)
class NotificationAdmin(AuditedAdmin):
    audit_type = EventType.CHANNEL_CHANGE
    list_display = ["title", "unit", "created_at", "read_at"]
    list_filter = ["unit"]
    inlines = [DeliveryInline]


@admin.register(Delivery)
class DeliveryAdmin(AuditedAdmin):
    audit_type = EventType.CHANNEL_CHANGE
    list_display = ["notification", "channel", "state", "attempts", "next_attempt_at", "sent_at"]
    list_filter = ["state", "channel__kind"]
    readonly_fields = ["last_error"]
