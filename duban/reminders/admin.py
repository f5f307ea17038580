from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest

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


class ChannelForm(forms.ModelForm):
    """Tokens are write-only: the form never sends a stored webhook URL or signing secret back.

    Left empty, a write-only field keeps what is stored; typed in, it replaces it.
    """

    secret = forms.CharField(
        label="加签密钥", required=False, max_length=200, widget=forms.PasswordInput(render_value=False)
    )
    clear_secret = forms.BooleanField(label="清除加签密钥", required=False)

    class Meta:
        model = Channel
        fields = ["region", "unit", "kind", "target", "secret", "active"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        channel = self.instance
        if "secret" in self.fields:  # a read-only page has neither field
            hint = "留空则保持不变（钉钉 / 飞书机器人启用“加签”时填写）"
            self.fields["secret"].help_text = f"当前：{channel.secret_shown}；{hint}"
        if channel.pk and channel.target_is_secret and "target" in self.fields:
            self.initial["target"] = ""
            self.fields["target"].required = False
            self.fields["target"].help_text = f"当前：{channel.target_shown}；留空则保持不变"

    def clean_target(self) -> str:
        typed = self.cleaned_data.get("target") or ""
        stored = Channel.objects.filter(pk=self.instance.pk).values_list("target", flat=True).first()
        return typed or stored or ""

    def clean_secret(self) -> str:
        if self.data.get(self.add_prefix("clear_secret")):
            return ""
        typed = self.cleaned_data.get("secret") or ""
        stored = Channel.objects.filter(pk=self.instance.pk).values_list("secret", flat=True).first()
        return typed or stored or ""


@admin.register(Channel)
class ChannelAdmin(AuditedAdmin):
    audit_type = EventType.CHANNEL_CHANGE
    form = ChannelForm
    list_display = ["__str__", "kind", "target_shown", "active"]
    list_filter = ["kind", "active", "region"]
    autocomplete_fields = ["unit"]

    @admin.display(description="地址")
    def target_shown(self, obj: Channel) -> str:
        return obj.target_shown

    @admin.display(description="加签密钥")
    def secret_shown(self, obj: Channel) -> str:
        return obj.secret_shown

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is not None and not self.has_change_permission(request, obj):
            # Read-only pages draw each field's stored value: the masked ones stand in.
            return ["region", "unit", "kind", "target_shown", "secret_shown", "active"]
        return ["region", "unit", "kind", "target", "secret", "clear_secret", "active"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return ["target_shown", "secret_shown"]

    def secret_fields_of(self, obj: Any) -> tuple[str, ...]:
        return ("target", "secret") if obj is not None and obj.target_is_secret else ("secret",)


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
