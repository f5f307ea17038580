"""What every page needs to draw its frame: the user's role, region, units and menu."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from duban.roles import Role
from duban.units.scope import scope_of


@dataclass(frozen=True)
class MenuItem:
    label: str
    url: str
    icon: str
    section: str  # the first path segment that marks the item active
    group: str = ""  # items of one group share a dropdown (an office's 1366px screen holds ten entries)


@dataclass(frozen=True)
class MenuGroup:
    label: str
    icon: str
    items: list[MenuItem]

    @property
    def sections(self) -> set[str]:
        return {item.section for item in self.items}


FOLLOW_UP = ("批示与延期", "chat-square-quote")
RECORDS = ("公文与干部", "folder2-open")


def grouped(items: list[MenuItem]) -> list[MenuItem | MenuGroup]:
    """The menu as the bar shows it: a group's items in one dropdown, where its first item stood."""
    entries: list[MenuItem | MenuGroup] = []
    groups: dict[str, MenuGroup] = {}
    for item in items:
        if not item.group:
            entries.append(item)
        elif item.group in groups:
            groups[item.group].items.append(item)
        else:
            icon = dict([FOLLOW_UP, RECORDS]).get(item.group, item.icon)
            groups[item.group] = MenuGroup(item.group, icon, [item])
            entries.append(groups[item.group])
    # A group of one is just its item.
    return [e.items[0] if isinstance(e, MenuGroup) and len(e.items) == 1 else e for e in entries]


def menu(user: Any) -> list[MenuItem]:
    """The menu of a role: each person sees the work of their role, nothing else."""
    scope = scope_of(user)
    role = scope.role
    items: list[MenuItem] = [MenuItem("首页", reverse("web:home"), "house", "")]
    if role == Role.OFFICE:
        items += [
            MenuItem("看板", reverse("supervision:dashboards"), "speedometer2", "dashboard"),
            MenuItem("任务清单", reverse("supervision:lists"), "list-task", "lists"),
            MenuItem("调度轮次", reverse("supervision:rounds"), "calendar-check", "rounds"),
            MenuItem("审核", reverse("supervision:review"), "clipboard-check", "review"),
            MenuItem("督查通报", reverse("supervision:bulletins"), "file-earmark-text", "bulletins"),
            MenuItem(
                "领导批示",
                reverse("supervision:instructions"),
                "chat-square-quote",
                "instructions",
                FOLLOW_UP[0],
            ),
            MenuItem(
                "延期申请", reverse("supervision:extensions"), "hourglass-split", "extensions", FOLLOW_UP[0]
            ),
            MenuItem("年度考核", reverse("assessment:index"), "award", "assessment"),
            MenuItem("导入公文", reverse("intake:upload"), "upload", "imports", RECORDS[0]),
            MenuItem("干部任免", reverse("personnel:home"), "people", "personnel", RECORDS[0]),
            MenuItem("单位", reverse("units:directory"), "building", "units", RECORDS[0]),
        ]
    elif role in (Role.REPORTER, Role.HEAD):
        items += [
            MenuItem("本单位事项", reverse("supervision:my"), "pencil-square", "my"),
            MenuItem("看板", reverse("supervision:dashboards"), "speedometer2", "dashboard"),
            MenuItem("延期申请", reverse("supervision:extensions"), "hourglass-split", "extensions"),
            MenuItem("领导批示", reverse("supervision:instructions"), "chat-square-quote", "instructions"),
            MenuItem("督查通报", reverse("supervision:bulletins"), "file-earmark-text", "bulletins"),
            MenuItem("年度考核", reverse("assessment:index"), "award", "assessment"),
            MenuItem("单位", reverse("units:directory"), "building", "units"),
        ]
    elif role == Role.LEADER:
        items += [
            MenuItem("看板", reverse("supervision:dashboards"), "speedometer2", "dashboard"),
            MenuItem("调度轮次", reverse("supervision:rounds"), "calendar-check", "rounds"),
            MenuItem("领导批示", reverse("supervision:instructions"), "chat-square-quote", "instructions"),
            MenuItem("督查通报", reverse("supervision:bulletins"), "file-earmark-text", "bulletins"),
            MenuItem("年度考核", reverse("assessment:index"), "award", "assessment"),
            MenuItem("干部任免", reverse("personnel:home"), "people", "personnel"),
            MenuItem("单位", reverse("units:directory"), "building", "units"),
        ]
    elif role == Role.SYSADMIN:
        items += [
            MenuItem("用户与单位（后台）", reverse("admin:index"), "gear", "admin"),
            MenuItem("单位", reverse("units:directory"), "building", "units"),
        ]
    elif role == Role.SECADMIN:
        items += [MenuItem("角色与权限（后台）", reverse("admin:index"), "shield-lock", "admin")]
    elif role == Role.AUDITOR:
        items += [MenuItem("审计日志", reverse("audit:events"), "journal-check", "audit")]
    return items


def navigation(request: HttpRequest) -> dict[str, Any]:
    # An error page rendered before authentication ran (a bad Host header) has no user.
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    scope = scope_of(user)
    section = request.path.strip("/").split("/")[0]
    return {
        "menu": grouped(menu(user)),
        "active_section": section,
        "scope": scope,
        "role_label": Role(scope.role).label if scope.role else Role.NONE.label,
    }
