"""The lockout (django-axes) in duban's terms: user names counted case-insensitively, a Chinese refusal."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

MESSAGE = "登录失败次数过多，账号已被暂时锁定，请 {minutes} 分钟后再试，或请安全管理员解锁。"


def minutes() -> int:
    return int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)


def locked_message() -> str:
    return MESSAGE.format(minutes=minutes())


def username_of(request: HttpRequest, credentials: dict[str, Any] | None) -> str | None:
    """The attempted name as one account has it: DuChaShi and duchashi fail (and lock) together."""
    name = (credentials or {}).get("username")
    if name is None:
        name = request.POST.get("username") if hasattr(request, "POST") else None
    return str(name).strip().lower()[:150] if name else None


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    """What a locked-out attempt gets: JSON on the API, the lockout page elsewhere (429)."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": locked_message()}, status=429)
    return render(
        request,
        "registration/locked_out.html",
        {"message": locked_message(), "minutes": minutes()},
        status=429,
    )
