"""Logging in and out, and changing one's password."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth
from django.http import HttpResponse
from django.urls import reverse_lazy


class LoginView(auth.LoginView):
    template_name = "registration/login.html"
    redirect_authenticated_user = True


class LogoutView(auth.LogoutView):
    """Logout is a POST (a link could be forged); the server-side session is deleted."""


class PasswordChangeView(auth.PasswordChangeView):
    template_name = "registration/password_change.html"
    success_url = reverse_lazy("web:home")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        messages.success(self.request, "密码已修改。")
        return response
