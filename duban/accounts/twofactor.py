"""The second factor: a TOTP code (django-otp) for the office and the three administrator roles.

The QR code of a new device is drawn here, on the server (SVG, no external service), and shown
as an image beside its secret in text, for authenticator apps that cannot scan.
"""

from __future__ import annotations

import base64
from base64 import b32encode
from typing import Any

import qrcode
import qrcode.image.svg
from django.conf import settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from duban.roles import ADMIN_ROLES, Role

OTP_ROLES = frozenset({Role.OFFICE, *ADMIN_ROLES})


def required_for(user: Any) -> bool:
    """Whether this user must give a TOTP code at login (their role, unless switched off)."""
    return bool(getattr(settings, "DUBAN_OTP_REQUIRED", True)) and getattr(user, "role", "") in OTP_ROLES


def confirmed_device(user: Any) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def pending_device(user: Any) -> TOTPDevice:
    """The device being enrolled: an unconfirmed one, made on first need (one per user)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="身份验证器", confirmed=False)
    return device


def secret_of(device: TOTPDevice) -> str:
    """The key as authenticator apps take it typed in: base32, in groups of four."""
    text = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def qr_data_uri(device: TOTPDevice) -> str:
    """The device's otpauth:// address as a QR code, an SVG image in a data: URI (CSP allows data: images)."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    svg = image.to_string(encoding="unicode")
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def verify(device: TOTPDevice, code: str) -> bool:
    """Check a code (six digits; spaces allowed) against the device: replays and guesses are refused."""
    cleaned = "".join(str(code or "").split())
    if not (cleaned.isdigit() and len(cleaned) == device.digits):
        return False
    return bool(device.verify_token(cleaned))
