"""Deploy checks of identification (run by the deploy check): a real secret key, the second factor on."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def check_identification(app_configs: Any = None, **kwargs: Any) -> list[Warning]:
    found = []
    if not getattr(settings, "SECRET_KEY_CONFIGURED", True):
        found.append(
            Warning(
                "DUBAN_SECRET_KEY is not set: this process runs with a throwaway key (duban serve refuses).",
                hint="Set DUBAN_SECRET_KEY to a long random value kept outside the code.",
                id="duban.W001",
            )
        )
    if not getattr(settings, "DUBAN_OTP_REQUIRED", True):
        found.append(
            Warning(
                "DUBAN_OTP_REQUIRED is off: the office and the administrators log in without a second factor.",
                hint="Unset DUBAN_OTP_REQUIRED (it is on by default).",
                id="duban.W002",
            )
        )
    return found
