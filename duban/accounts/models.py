"""Accounts: a user belongs to one region and has one role; unit roles also name the user's units."""

from __future__ import annotations

from datetime import timedelta
from typing import Any, ClassVar

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.core.management.base import CommandError
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

from duban.roles import ADMIN_ROLES, UNIT_ROLES, Role
from duban.units.models import Region, Unit


class DubanUserManager(UserManager["User"]):
    def get_by_natural_key(self, username: str | None) -> User:
        """Log-in names are case-insensitive: DuChaShi and duchashi are one account."""
        return self.get(username__iexact=username)

    def create_superuser(self, *args: Any, **kwargs: Any) -> User:
        """There is no superuser in duban: it would hold all three administrators' powers at once."""
        raise CommandError(
            "duban 不设超级用户（三权分立）：请用“duban account add”命令建立系统管理员、安全管理员和审计管理员"
        )


class User(AbstractUser):
    """A person who logs in. Without a role (and, for unit roles, a unit) a user can do nothing."""

    role = models.CharField("角色", max_length=10, choices=Role.choices, default=Role.NONE, blank=True)
    region = models.ForeignKey(
        Region,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
        verbose_name="所属行政区划",
    )
    units = models.ManyToManyField(Unit, blank=True, related_name="users", verbose_name="所属单位")
    phone = models.CharField("联系电话", max_length=30, blank=True)
    must_change_password = models.BooleanField("下次登录须修改密码", default=True)
    password_changed_at = models.DateTimeField("密码修改时间", null=True, blank=True)

    objects: ClassVar[DubanUserManager] = DubanUserManager()

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"
        constraints = [
            models.UniqueConstraint(
                Lower("username"),
                name="unique_username_ci",
                violation_error_message="该用户名已被使用（用户名不区分大小写）。",
            ),
            # 三权分立: no account holds every permission (see duban.accounts.policy).
            models.CheckConstraint(condition=models.Q(is_superuser=False), name="no_superuser"),
        ]

    def set_password(self, raw_password: str | None) -> None:
        """Every new password starts its age again (the expiry counts from here)."""
        super().set_password(raw_password)
        self.password_changed_at = timezone.now()

    @property
    def password_expired(self) -> bool:
        """Older than DUBAN_PASSWORD_MAX_AGE_DAYS (never changed: counted from the account's creation)."""
        days = int(getattr(settings, "DUBAN_PASSWORD_MAX_AGE_DAYS", 90) or 0)
        if days <= 0:
            return False
        since = self.password_changed_at or self.date_joined
        return timezone.now() - since > timedelta(days=days)

    @property
    def needs_password_change(self) -> bool:
        """The initial password, or an expired one, must be changed before anything else.

        An account without a usable password has no password to change (it cannot log in with one).
        """
        return self.has_usable_password() and (self.must_change_password or self.password_expired)

    @property
    def display_name(self) -> str:
        return self.first_name or self.get_username()

    @property
    def has_unit_role(self) -> bool:
        return self.role in UNIT_ROLES

    # Permissions come from the role (administrators) or the groups (office, leaders), never from
    # the superuser flag; see duban.accounts.policy.

    def get_all_permissions(self, obj: Any = None) -> set[str]:
        from duban.accounts.policy import permissions_of

        cached = getattr(self, "_duban_perms", None)
        if cached is None:
            groups = super().get_all_permissions(obj) if self.role not in ADMIN_ROLES else set()
            cached = self._duban_perms = permissions_of(self, groups)
        return set(cached)

    def has_perm(self, perm: str, obj: Any = None) -> bool:
        return perm in self.get_all_permissions(obj)

    def has_module_perms(self, app_label: str) -> bool:
        return any(p.startswith(f"{app_label}.") for p in self.get_all_permissions())


class LockedAttempt(AccessAttempt):
    """Failed logins counted by django-axes, as the security administrator sees them."""

    class Meta:
        proxy = True
        verbose_name = "登录失败与锁定"
        verbose_name_plural = "登录失败与锁定"
