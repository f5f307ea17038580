"""Who may make which write on an entry: the supervision policy, asked before the body is read.

Reads need no rule here: every queryset is `visible_to(request.user)`, so what a user may not
see is a 404. A write on a visible entry that the user may not make is a 403 with the action
named, whatever the body says (the application layer checks the same predicate again).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rest_framework.permissions import BasePermission

from duban.actors import Actor, Via, client_ip
from duban.roles import UNIT_ROLES
from duban.supervision import policy
from duban.supervision.models import Entry
from duban.units.scope import scope_of

Rule = tuple[Callable[[Actor, Entry], bool], str]

# viewset action → (predicate, what the refusal names)
ENTRY_RULES: dict[str, Rule] = {
    "partial_update": (policy.may_report, "填报本事项"),
    "submit": (policy.may_report, "报送本事项"),
    "approve": (policy.may_approve, "审核本单位的填报"),
    "accept": (policy.may_review, "审核填报"),
    "return_": (policy.may_review, "退回填报"),
}


def api_actor(request: Any) -> Actor:
    """The user of an API request as the application layer's actor."""
    return Actor.of_user(request.user, Via.API, client_ip(request._request))


class HasAccess(BasePermission):
    """A new account (no role, or a unit role without a unit) is refused with the reason, not shown empty lists."""

    message = "您的账号尚未分配角色，暂时不能使用接口。请联系安全管理员分配角色、系统管理员分配所属单位。"

    def has_permission(self, request: Any, view: Any) -> bool:
        user = request.user
        if not user or not user.is_authenticated:
            return True  # IsAuthenticated answers for anonymous requests
        if user.role in UNIT_ROLES and not scope_of(user).unit_ids:
            self.message = "您的账号尚未分配所属单位，暂时不能使用接口。请联系系统管理员分配所属单位。"
            return False
        return bool(user.role)


class EntryWrites(BasePermission):
    """The lead unit's reporter or head reports; the head approves; the region's office reviews."""

    message = "您没有执行该操作的权限。"

    def has_object_permission(self, request: Any, view: Any, obj: Any) -> bool:
        rule = ENTRY_RULES.get(getattr(view, "action", "") or "")
        if rule is None:
            return True
        allowed, what = rule
        if allowed(api_actor(request), obj):
            return True
        self.message = f"您没有权限{what}"
        return False
