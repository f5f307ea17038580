"""How API requests are authenticated (kept apart from the views: DRF imports it with its settings)."""

from __future__ import annotations

from typing import Any

from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token

from duban.accounts.middleware import password_reason


class PolicyTokenAuthentication(TokenAuthentication):
    """A token opens the API only while its user's password is valid (the initial one changed, not expired)."""

    def __init__(self, enforce: bool = True) -> None:
        super().__init__()
        self.enforce = enforce  # off only for giving the token back (DELETE /api/auth/token/)

    def authenticate_credentials(self, key: str) -> tuple[Any, Token]:
        user, token = super().authenticate_credentials(key)
        reason = password_reason(user) if self.enforce else ""
        if reason:
            raise exceptions.PermissionDenied(reason)
        return user, token
