"""Logging in (password, then the second factor where the role needs one), out, and changing one's password."""

from __future__ import annotations

import time
from typing import Any

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import update_session_auth_hash, user_login_failed
from django.contrib.auth import views as auth
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View

from duban.accounts import twofactor
from duban.accounts.forms import CodeForm, LoginForm, PasswordChangeForm
from duban.accounts.lockout import lockout_response
from duban.accounts.middleware import password_reason
from duban.accounts.models import User
from duban.accounts.services import change_password, enrol
from duban.accounts.signals import via_of
from duban.actors import Actor

PENDING = "duban_pending_login"  # the user who gave the right password and owes the code
PENDING_SECONDS = 300


class LoginView(auth.LoginView):
    """Step one: the password. Roles with a second factor go on to the code page, not yet logged in."""

    template_name = "registration/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form: Any) -> HttpResponse:
        user = form.get_user()
        if not twofactor.required_for(user):
            return super().form_valid(form)
        self.request.session[PENDING] = {
            "user": user.pk,
            "backend": user.backend,
            "at": int(time.time()),
            "next": self.get_success_url(),
        }
        return redirect("accounts:second_factor")


class SecondFactorView(View):
    """Step two: the TOTP code — or, for a user without a device yet, its enrolment (QR code and secret)."""

    template_name = "registration/second_factor.html"

    def _pending(self, request: HttpRequest) -> tuple[User, dict[str, Any]] | None:
        pending = request.session.get(PENDING)
        if not isinstance(pending, dict) or int(time.time()) - int(pending.get("at", 0)) > PENDING_SECONDS:
            request.session.pop(PENDING, None)
            return None
        user = User.objects.filter(pk=int(pending.get("user") or 0), is_active=True).first()
        return (user, pending) if user is not None else None

    def _restart(self, request: HttpRequest) -> HttpResponse:
        messages.info(request, "登录已超时，请重新输入用户名和密码。")
        return redirect(settings.LOGIN_URL)

    def _page(self, request: HttpRequest, user: User, form: CodeForm, status: int = 200) -> HttpResponse:
        device = twofactor.confirmed_device(user)
        context: dict[str, Any] = {"form": form, "username": user.get_username(), "enrolling": device is None}
        if device is None:
            pending_device = twofactor.pending_device(user)
            context["qr"] = twofactor.qr_data_uri(pending_device)
            context["secret"] = twofactor.secret_of(pending_device)
        return render(request, self.template_name, context, status=status)

    def get(self, request: HttpRequest) -> HttpResponse:
        found = self._pending(request)
        if found is None:
            return self._restart(request)
        return self._page(request, found[0], CodeForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        found = self._pending(request)
        if found is None:
            return self._restart(request)
        user, pending = found
        credentials = {"username": user.get_username()}
        if not AxesProxyHandler.is_allowed(request, credentials):
            request.session.pop(PENDING, None)
            return lockout_response(request, None, credentials)
        form = CodeForm(request.POST)
        confirmed = twofactor.confirmed_device(user)
        device = confirmed or twofactor.pending_device(user)
        if form.is_valid() and twofactor.verify(device, form.cleaned_data["otp"]):
            request.session.pop(PENDING, None)
            if confirmed is None:
                enrol(Actor.of_user(user, via_of(request), request.META.get("REMOTE_ADDR", "")), device)
            user.otp_device = device  # type: ignore[attr-defined] # django-otp keeps it in the session
            auth_login(request, user, backend=pending["backend"])
            return HttpResponseRedirect(pending.get("next") or settings.LOGIN_REDIRECT_URL)
        # A wrong code is a failed login like a wrong password: counted by the lockout, audited.
        user_login_failed.send(sender=__name__, credentials={**credentials, "stage": "otp"}, request=request)
        if getattr(request, "axes_locked_out", False):
            request.session.pop(PENDING, None)
            return lockout_response(request, None, credentials)
        form.add_error("otp", "动态口令不正确或已使用过，请输入身份验证器中当前显示的 6 位数字。")
        return self._page(request, user, form, status=400)


class LogoutView(auth.LogoutView):
    """Logout is a POST (a link could be forged); the server-side session is deleted."""


class PasswordChangeView(auth.PasswordChangeView):
    template_name = "registration/password_change.html"
    form_class = PasswordChangeForm
    success_url = reverse_lazy("web:home")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["must_change"] = password_reason(self.request.user)
        return context

    def form_valid(self, form: Any) -> HttpResponse:
        user = form.user
        change_password(
            Actor.from_request(self.request, via_of(self.request)), user, form.cleaned_data["new_password1"]
        )
        update_session_auth_hash(self.request, user)  # this session stays signed in, the others end
        messages.success(self.request, "密码已修改。")
        return HttpResponseRedirect(self._next() or self.get_success_url())

    def _next(self) -> str:
        target = self.request.POST.get("next") or self.request.GET.get("next") or ""
        safe = url_has_allowed_host_and_scheme(target, {self.request.get_host()}, self.request.is_secure())
        return target if safe and target != reverse("accounts:password_change") else ""
