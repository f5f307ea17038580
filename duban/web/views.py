"""The home page: each role lands on what it has to do today."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from duban.roles import Role
from duban.units.scope import scope_of


@login_required
def home(request: HttpRequest) -> HttpResponse:
    scope = scope_of(request.user)
    if scope.role == Role.OFFICE:
        return redirect("supervision:office_home")
    if scope.role in (Role.REPORTER, Role.HEAD) and scope.sees_supervision:
        return redirect("supervision:my")
    if scope.role == Role.LEADER:
        return redirect("supervision:leader_home")
    if scope.role == Role.AUDITOR:
        return redirect("audit:events")
    return render(request, "web/home.html", {})
