"""Accounts in the admin, kept apart by duty (三权分立, duban.accounts.policy).

The system administrator sees and edits the account fieldset (name, region, units, active) and
resets passwords; the security administrator edits the role fieldset (role, admin entry, groups,
permissions); each sees the other's fields read-only. Every save goes through
`duban.accounts.services.record_change` inside the admin's transaction: a field outside the actor's
duty — which only a forged form can send — is refused with 403 and the whole save rolled back.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserCreationForm
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse

from duban.accounts import policy, services
from duban.accounts.models import User
from duban.audit import services as audit
from duban.audit.admin import admin_actor
from duban.audit.choices import EventType
from duban.errors import Forbidden

ACCOUNT_FIELDSET: Any = (
    "账号信息（系统管理员）",
    {"fields": ("username", "first_name", "phone", "email", "region", "units", "is_active")},
)
ROLE_FIELDSET: Any = (
    "角色与权限（安全管理员）",
    {"fields": ("role", "is_staff", "groups", "user_permissions")},
)
STATE_FIELDSET: Any = (
    "登录状态",
    {"fields": ("must_change_password", "password_changed_at", "last_login", "date_joined")},
)
ACCOUNT_FIELDS = set(ACCOUNT_FIELDSET[1]["fields"])
ROLE_FORM_FIELDS = set(ROLE_FIELDSET[1]["fields"])
STATE_FIELDS = set(STATE_FIELDSET[1]["fields"])


class AccountCreationForm(UserCreationForm):
    """A new account: a name and an initial password, changed by its user at the first login."""

    class Meta:
        model = User
        fields = ("username", "first_name", "phone", "region", "units")


def _label(name: str) -> str:
    return str(getattr(User._meta.get_field(name), "verbose_name", name))


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    add_form = AccountCreationForm
    fieldsets = (ACCOUNT_FIELDSET, ROLE_FIELDSET, STATE_FIELDSET)
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "first_name", "phone", "region", "units", "password1", "password2"),
            },
        ),
    )
    list_display = [
        "username",
        "first_name",
        "role",
        "region",
        "is_active",
        "must_change_password",
        "last_login",
    ]
    list_filter = ["role", "is_active", "region"]
    search_fields = ["username", "first_name", "phone", "email"]
    filter_horizontal = ["units", "groups", "user_permissions"]
    actions = ["reset_password", "deactivate", "activate"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return ()
        actor = admin_actor(request)
        readonly = set(STATE_FIELDS)
        if not policy.may_manage_accounts(actor):
            readonly |= ACCOUNT_FIELDS
        if not policy.may_assign_roles(actor) or (obj.pk == request.user.pk):
            readonly |= ROLE_FORM_FIELDS
        return sorted(readonly)

    def user_change_password(self, request: HttpRequest, id: str, form_url: str = "") -> HttpResponse:
        """Passwords are never typed in by an administrator: "重置密码" makes a random one."""
        raise PermissionDenied

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        # The browser never posts a read-only field: one posted is a forged form, refused as such.
        forged = sorted(set(request.POST) & set(self.get_readonly_fields(request, obj if change else None)))
        if forged:
            raise Forbidden(
                "您没有权限修改这些字段：" + "、".join(_label(f) for f in forged),
                f"forbidden: {request.user} posted read-only fields {forged}",
            )
        old = User.objects.filter(pk=obj.pk).first() if change else None
        request._duban_before = services.user_snapshot(old if old is not None else User())  # type: ignore[attr-defined]
        super().save_model(request, obj, form, change)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        before = getattr(request, "_duban_before", {})
        services.record_change(
            admin_actor(request), form.instance, before, created=not change, password_set=not change
        )

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        raise Forbidden("账号不删除，只停用（保留其历史）", "accounts are deactivated, not deleted")

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_reset_password_permission(self, request: HttpRequest) -> bool:
        return policy.may_manage_accounts(admin_actor(request))

    has_deactivate_permission = has_activate_permission = has_reset_password_permission

    @admin.action(description="重置密码（随机生成，下次登录须修改）", permissions=["reset_password"])
    def reset_password(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        actor = admin_actor(request)
        for user in queryset:
            password = services.reset_password(actor, user)
            self.message_user(
                request, f"{user.username} 的临时密码：{password}（仅显示这一次）", messages.WARNING
            )

    @admin.action(description="停用所选账号", permissions=["deactivate"])
    def deactivate(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        count = services.set_active(admin_actor(request), list(queryset), False)
        self.message_user(request, f"已停用{count}个账号")

    @admin.action(description="启用所选账号", permissions=["activate"])
    def activate(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        count = services.set_active(admin_actor(request), list(queryset), True)
        self.message_user(request, f"已启用{count}个账号")


admin.site.unregister(Group)


class GroupForm(forms.ModelForm):
    class Meta:
        model = Group
        fields = ["name", "permissions"]


@admin.register(Group)
class GroupAdmin(DjangoGroupAdmin):
    """Groups and their permissions: the security administrator's, audited with before/after."""

    form = GroupForm

    @staticmethod
    def _snapshot(group: Group | None) -> dict[str, Any]:
        if group is None or group.pk is None:
            return {}
        perms = group.permissions.values_list("content_type__app_label", "codename")
        return {"name": group.name, "permissions": sorted(f"{a}.{c}" for a, c in perms)}

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        old = Group.objects.filter(pk=obj.pk).first() if change else None
        request._duban_before = self._snapshot(old)  # type: ignore[attr-defined]
        super().save_model(request, obj, form, change)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        changes = audit.diff(getattr(request, "_duban_before", {}), self._snapshot(form.instance))
        audit.record(admin_actor(request), EventType.ROLE_CHANGE, form.instance, changes=changes)

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        with transaction.atomic():
            audit.record(
                admin_actor(request), EventType.ROLE_CHANGE, obj, changes=audit.diff(self._snapshot(obj), {})
            )
            super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Group]) -> None:
        with transaction.atomic():
            entries = [
                audit.Entry(EventType.ROLE_CHANGE, g, audit.diff(self._snapshot(g), {})) for g in queryset
            ]
            audit.record_many(admin_actor(request), entries)
            super().delete_queryset(request, queryset)
