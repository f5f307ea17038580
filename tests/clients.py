"""The test client the pages' tests log in with (shared by the `client` fixture and tests that need several)."""

from __future__ import annotations

from typing import Any

from django.test import Client


class FullyLoggedInClient(Client):
    """`client.force_login(user)` / `client.login(...)` stand for the whole login a person goes through:
    for the office and the administrators that includes the second factor, so the session is marked
    verified with the user's TOTP device (made if they have none). The tests of the login itself
    (tests/accounts) use a plain `Client` and type the real codes."""

    def login(self, **credentials: Any) -> bool:
        # The lockout backend needs the request, which Django's test client does not pass.
        from django.http import HttpRequest

        request = HttpRequest()
        request.META["REMOTE_ADDR"] = "127.0.0.1"
        return super().login(request=request, **credentials)

    def _login(self, user: Any, backend: str | None = None) -> None:
        super()._login(user, backend)
        from django_otp import DEVICE_ID_SESSION_KEY
        from django_otp.plugins.otp_totp.models import TOTPDevice

        from duban.accounts import twofactor

        if twofactor.required_for(user):
            device = twofactor.confirmed_device(user) or TOTPDevice.objects.create(
                user=user, name="测试身份验证器", confirmed=True
            )
            session = self.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()
