"""The admin's side of authentication: its login is duban's two-step login; the security
administrator unlocks locked accounts and resets lost second factors here.

Registered from `AccountsConfig.ready` (beside `admin.py`, which holds the accounts themselves).
"""

from __future__ import annotations

from typing import Any

from axes.models import AccessAttempt
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import render
from django_otp.plugins.otp_totp.models import TOTPDevice

from duban.accounts import services
from duban.accounts.models import LockedAttempt
from duban.accounts.views import LoginView
from duban.actors import Actor, Via
from duban.roles import Role


def admin_login(request: HttpRequest, extra_context: Any = None) -> HttpResponseBase:
    """The admin has no password form of its own: the same login, second factor and lockout as the pages.

    Someone already logged in comes here only when the admin refused them: say so (logging in
    again would send them straight back, round and round).
    """
    if request.user.is_authenticated:
        message = f"您已登录为 {request.user.get_username()}，但该账号无权进入管理后台。"
        return render(request, "web/refused.html", {"message": message, "status": 403}, status=403)
    return LoginView.as_view()(request)


admin.site.login = admin_login  # type: ignore[method-assign,assignment]


def may_unlock(user: Any) -> bool:
    """Unlocking is the security administrator's work (三权分立)."""
    return bool(user.is_active and getattr(user, "role", "") == Role.SECADMIN)


@admin.register(LockedAttempt)
class LockedAttemptAdmin(admin.ModelAdmin):
    list_display = ["username", "ip_address", "failures_since_start", "attempt_time", "path_info"]
    search_fields = ["username", "ip_address"]
    ordering = ["-attempt_time"]
    actions = ["unlock"]
    fields = ["username", "ip_address", "failures_since_start", "attempt_time", "path_info"]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return may_unlock(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return may_unlock(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # only the audited action below removes attempts

    @admin.action(description="解除锁定（记入审计日志）")
    def unlock(self, request: HttpRequest, queryset: QuerySet[AccessAttempt]) -> None:
        if not may_unlock(request.user):
            self.message_user(request, "只有安全管理员可以解除锁定。", messages.ERROR)
            return
        actor = Actor.from_request(request, Via.ADMIN)
        names = sorted({a.username for a in queryset if a.username})
        addresses = sorted({a.ip_address for a in queryset if a.ip_address and not a.username})
        for name in names:
            services.unlock(actor, username=name)
        for ip in addresses:
            services.unlock(actor, ip=ip)
        self.message_user(request, f"已解除锁定：{'、'.join(names + addresses) or '无'}。", messages.SUCCESS)


# django-otp's own admin shows each device's key and lets anyone with the permission add a device
# for another person: both would get round the second factor. Ours shows no key and only resets.
if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)


@admin.register(TOTPDevice)
class DeviceAdmin(admin.ModelAdmin):
    list_display = ["user", "name", "confirmed", "created_at", "last_used_at"]
    search_fields = ["user__username", "user__first_name"]
    fields = ["user", "name", "confirmed", "created_at", "last_used_at"]
    actions = ["reset"]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return may_unlock(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return may_unlock(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # a device is enrolled by its owner at login, never given by someone else

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # only the audited reset below

    @admin.action(description="重置动态口令（该用户下次登录时重新绑定，记入审计日志）")
    def reset(self, request: HttpRequest, queryset: QuerySet[TOTPDevice]) -> None:
        if not may_unlock(request.user):
            self.message_user(request, "只有安全管理员可以重置动态口令。", messages.ERROR)
            return
        names = services.reset_devices(Actor.from_request(request, Via.ADMIN), list(queryset))
        self.message_user(request, f"已重置动态口令：{'、'.join(names) or '无'}。", messages.SUCCESS)
