"""The forms of logging in, the second factor, the password and new accounts (Chinese messages)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import forms as auth

from duban.accounts.models import User


class LoginForm(auth.AuthenticationForm):
    """User name (any case) and password; a wrong one of either says the same thing."""

    error_messages = {
        "invalid_login": "用户名或密码错误（密码区分大小写）。",
        "inactive": "该账号已停用。",
    }


class CodeForm(forms.Form):
    """The six digits an authenticator app shows."""

    otp = forms.CharField(
        label="动态口令",
        max_length=12,
        widget=forms.TextInput(
            attrs={
                "class": "form-control form-control-lg text-center",
                "inputmode": "numeric",
                "autocomplete": "one-time-code",
                "pattern": "[0-9 ]*",
                "autofocus": True,
            }
        ),
        help_text="身份验证器应用中显示的 6 位数字，每 30 秒更新一次。",
    )


class PasswordChangeForm(auth.PasswordChangeForm):
    """Django's form with the fields styled as the other pages' and the rules spelled out."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control")


class UserCreationForm(auth.UserCreationForm):
    """A new account: the user name is unique whatever its case (DuChaShi is duchashi)."""

    class Meta(auth.UserCreationForm.Meta):
        model = User
        fields = ("username",)
        error_messages = {"username": {"unique": "该用户名已被使用（用户名不区分大小写）。"}}

    def clean_username(self) -> str:
        username = str(self.cleaned_data.get("username") or "")
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError("该用户名已被使用（用户名不区分大小写）。", code="unique")
        return username
