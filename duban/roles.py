"""Roles: what a user does in duban. Shared by every app's policy (kept outside the apps so that
the unit directory can check roles without importing the accounts app built on it)."""

from __future__ import annotations

from django.db import models


class Role(models.TextChoices):
    NONE = "", "未分配（无权访问）"
    OFFICE = "office", "督查室"
    REPORTER = "reporter", "单位填报员"
    HEAD = "head", "单位负责人"
    LEADER = "leader", "领导"
    SYSADMIN = "sysadmin", "系统管理员"
    SECADMIN = "secadmin", "安全管理员"
    AUDITOR = "auditor", "审计管理员"


UNIT_ROLES = frozenset({Role.REPORTER, Role.HEAD})
ADMIN_ROLES = frozenset({Role.SYSADMIN, Role.SECADMIN, Role.AUDITOR})
