"""What every signed-in request passes first: the idle timeout, the second factor, the password's age.

- A session idle for DUBAN_SESSION_IDLE_MINUTES ends: the server-side session is deleted.
- A user of the office or an administrator role without a verified second factor in this session
  is signed out (sessions are only made by the two-step login; a role given during a session
  asks for the code at the next login).
- An initial password, or one older than DUBAN_PASSWORD_MAX_AGE_DAYS, must be changed first:
  pages go to the password page, the API answers 403 with the reason.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from duban.accounts import twofactor

SEEN = "duban_seen"  # when this session last did something (epoch seconds)
TOUCH_EVERY = 30  # seconds: the session row is not rewritten on every request
IDLE_MESSAGE = "长时间未操作，已自动退出，请重新登录。"
OTP_MESSAGE = "该账号须使用动态口令登录，请重新登录。"
MUST_CHANGE = "首次登录须先修改初始密码，修改后才能使用系统。"
EXPIRED = "密码已超过 {days} 天未修改，须先修改密码，修改后才能使用系统。"


def password_reason(user: Any) -> str:
    """Why this user must change the password now ("" when they need not)."""
    if not getattr(user, "needs_password_change", False):
        return ""
    if user.must_change_password:
        return MUST_CHANGE
    return EXPIRED.format(days=settings.DUBAN_PASSWORD_MAX_AGE_DAYS)


class AccountPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user: Any = request.user
        if not user.is_authenticated:
            return self.get_response(request)
        if self._idle(request):
            return self._signed_out(request, "idle", IDLE_MESSAGE, status=401)
        if twofactor.required_for(user) and not user.is_verified():
            return self._signed_out(request, "no_second_factor", OTP_MESSAGE, status=401)
        reason = password_reason(user)
        if reason and not self._exempt(request):
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": reason}, status=403)
            messages.warning(request, reason)
            return redirect(
                f"{reverse('accounts:password_change')}?{urlencode({'next': request.get_full_path()})}"
            )
        return self.get_response(request)

    def _idle(self, request: HttpRequest) -> bool:
        now = int(time.time())
        seen = request.session.get(SEEN)
        limit = int(settings.DUBAN_SESSION_IDLE_MINUTES) * 60
        if isinstance(seen, int) and limit > 0 and now - seen > limit:
            return True
        if not isinstance(seen, int) or now - seen >= TOUCH_EVERY:
            request.session[SEEN] = now
        return False

    def _exempt(self, request: HttpRequest) -> bool:
        """The pages a user who must change the password may still open."""
        allowed = (reverse("accounts:password_change"), reverse("accounts:logout"), settings.STATIC_URL)
        return any(request.path.startswith(p if p.startswith("/") else "/" + p) for p in allowed)

    def _signed_out(self, request: HttpRequest, reason: str, message: str, status: int) -> HttpResponse:
        request.duban_logout_reason = reason  # type: ignore[attr-defined] # read by the audit receiver
        logout(request)  # deletes the server-side session
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": message}, status=status)
        messages.info(request, message)
        return redirect(f"{settings.LOGIN_URL}?{urlencode({'next': request.get_full_path()})}")
