"""Sending notices out: e-mail over SMTP and the JSON group robots of 政务钉钉, 企业微信 and 飞书.

A failed delivery is retried with growing back-off and logged; after the last attempt it is marked failed
and kept, never deleted, so the office can see what did not arrive.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import os
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import quote, urlparse

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from duban.actors import Actor
from duban.audit import services as audit
from duban.audit.choices import EventType, Outcome
from duban.reminders.models import Channel, ChannelKind, Delivery, DeliveryState

log = logging.getLogger("duban.reminders.delivery")

BACKOFF = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=6),
    timedelta(hours=12),
)
DEFAULT_MAX_ATTEMPTS = 6
TIMEOUT_SECONDS = 10
# The robots' documented limits on a text message, in UTF-8 bytes (企业微信 is the tight one).
MAX_BYTES = {ChannelKind.DINGTALK: 20000, ChannelKind.WECOM: 2048, ChannelKind.FEISHU: 18000}
TRUNCATED = "\n……（全文见督办系统站内通知）"


class DeliveryError(Exception):
    """A send that did not succeed; `permanent` when retrying cannot help (a bad address)."""

    def __init__(self, message: str, *, permanent: bool = False) -> None:
        super().__init__(message)
        self.permanent = permanent


@dataclass
class DeliveryReport:
    """What one `deliver_pending` run did."""

    sent: int = 0
    failed: int = 0
    retry: int = 0


def backoff(attempts: int) -> timedelta:
    """The wait after the n-th failed attempt: 1 min, 5 min, 30 min, 2 h, 6 h, then 12 h."""
    return BACKOFF[min(max(attempts, 1), len(BACKOFF)) - 1]


def max_attempts() -> int:
    """DUBAN_DELIVERY_MAX_ATTEMPTS (setting or environment), default 6."""
    raw = getattr(settings, "DUBAN_DELIVERY_MAX_ATTEMPTS", None) or os.environ.get(
        "DUBAN_DELIVERY_MAX_ATTEMPTS", ""
    )
    return int(raw) if str(raw).strip().isdigit() and int(raw) > 0 else DEFAULT_MAX_ATTEMPTS


def deliver_pending(
    now: datetime | None = None, *, attempts_allowed: int | None = None, actor: Actor | None = None
) -> DeliveryReport:
    """Send every pending delivery that is due (on active channels); each is locked while it is sent.

    Each attempt is an event of the audit log (sent, retrying or failed), in the delivery's transaction.
    """
    actor = actor or Actor.system("deliver")
    now = now or timezone.now()
    limit = attempts_allowed or max_attempts()
    report = DeliveryReport()
    due = (
        Delivery.objects.filter(state=DeliveryState.PENDING, channel__active=True)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)
    )
    for pk in list(due):
        with transaction.atomic():
            # skip_locked: a second `duban deliver` running at the same time leaves this one alone.
            delivery = (
                Delivery.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("notification", "channel")
                .filter(pk=pk, state=DeliveryState.PENDING)
                .first()
            )
            if delivery is None:
                continue
            outcome = _attempt(delivery, now, limit)
            audit.record(
                actor,
                EventType.REMINDER_SENT,
                delivery.notification,
                outcome=Outcome.SUCCESS if outcome == "sent" else Outcome.FAILURE,
                changes={"state": [DeliveryState.PENDING, delivery.state]},
                detail={
                    "channel": str(delivery.channel),
                    "attempt": delivery.attempts,
                    "error": delivery.last_error[:300] if outcome != "sent" else "",
                },
            )
        setattr(report, outcome, getattr(report, outcome) + 1)
    return report


def _attempt(delivery: Delivery, now: datetime, limit: int) -> str:
    """Try once; returns "sent", "retry" or "failed" and saves the delivery's new state."""
    channel = delivery.channel
    delivery.attempts += 1
    try:
        send(channel, delivery.notification.title, delivery.notification.body)
    except Exception as exc:  # anything at all: the delivery must be recorded, never lost
        permanent = isinstance(exc, DeliveryError) and exc.permanent
        delivery.last_error = f"{type(exc).__name__}: {exc}"[:2000]
        if permanent or delivery.attempts >= limit:
            delivery.state = DeliveryState.FAILED
            delivery.next_attempt_at = None
            outcome = "failed"
            log.error(
                "delivery %s via %s channel %s failed for good after %d attempts: %s",
                delivery.pk,
                channel.kind,
                channel.pk,
                delivery.attempts,
                delivery.last_error,
            )
        else:
            delivery.next_attempt_at = now + backoff(delivery.attempts)
            outcome = "retry"
            log.warning(
                "delivery %s via %s channel %s failed (attempt %d), retrying at %s: %s",
                delivery.pk,
                channel.kind,
                channel.pk,
                delivery.attempts,
                delivery.next_attempt_at.isoformat(),
                delivery.last_error,
            )
    else:
        delivery.state = DeliveryState.SENT
        delivery.sent_at = now
        delivery.next_attempt_at = None
        outcome = "sent"
        log.info("delivery %s sent via %s channel %s", delivery.pk, channel.kind, channel.pk)
    delivery.save()
    return outcome


def send(channel: Channel, title: str, body: str) -> None:
    """Send one notice through a channel, or raise DeliveryError."""
    if channel.kind == ChannelKind.EMAIL:
        send_mail(title, body, None, [channel.target], fail_silently=False)
        return
    url, payload = robot_request(channel, body)
    post_json(url, payload)


def robot_request(channel: Channel, text: str) -> tuple[str, dict[str, Any]]:
    """The URL and JSON body of a robot's text message, signed when the channel has a secret."""
    text = fit(text, MAX_BYTES[ChannelKind(channel.kind)])
    url = channel.target
    payload: dict[str, Any]
    if channel.kind == ChannelKind.FEISHU:
        payload = {"msg_type": "text", "content": {"text": text}}
        if channel.secret:
            stamp = str(int(time.time()))
            payload["timestamp"] = stamp
            payload["sign"] = _b64_hmac(f"{stamp}\n{channel.secret}", b"")
        return url, payload
    payload = {"msgtype": "text", "text": {"content": text}}
    if channel.kind == ChannelKind.DINGTALK and channel.secret:
        stamp = str(int(time.time() * 1000))
        sign = _b64_hmac(channel.secret, f"{stamp}\n{channel.secret}".encode())
        url += ("&" if "?" in url else "?") + f"timestamp={stamp}&sign={quote(sign, safe='')}"
    return url, payload


def _b64_hmac(key: str, message: bytes) -> str:
    return base64.b64encode(hmac.new(key.encode(), message, hashlib.sha256).digest()).decode()


def fit(text: str, max_bytes: int) -> str:
    """The text cut (on a character boundary) so that it fits a robot's byte limit."""
    if len(text.encode()) <= max_bytes:
        return text
    room = max_bytes - len(TRUNCATED.encode())
    return text.encode()[:room].decode(errors="ignore") + TRUNCATED


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Robots never redirect; following one could lead anywhere, so a 3xx is a failure."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


_opener = urllib.request.build_opener(_NoRedirect)


def post_json(url: str, payload: dict[str, Any]) -> None:
    """POST a JSON body to an http(s) robot; a non-2xx answer or an error code in its JSON is a failure."""
    if urlparse(url).scheme not in ("http", "https"):
        raise DeliveryError(f"unsupported URL scheme {urlparse(url).scheme!r}", permanent=True)
    request = urllib.request.Request(  # noqa: S310 — the scheme is checked to be http(s) just above
        url,
        data=json.dumps(payload, ensure_ascii=False).encode(),
        headers={"Content-Type": "application/json; charset=utf-8"},
        method="POST",
    )
    try:
        with _opener.open(request, timeout=TIMEOUT_SECONDS) as response:
            raw = response.read(65536)
    except urllib.error.HTTPError as exc:
        with exc:
            detail = exc.read(300).decode(errors="replace")
        raise DeliveryError(f"HTTP {exc.code}: {detail}") from None
    except (urllib.error.URLError, OSError) as exc:
        raise DeliveryError(f"connection failed: {getattr(exc, 'reason', exc)}") from None
    check_answer(raw)


def check_answer(raw: bytes) -> None:
    """The robots answer HTTP 200 with a JSON status: errcode (钉钉, 企业微信) or code (飞书) must be 0."""
    try:
        answer = json.loads(raw.decode())
    except (UnicodeDecodeError, ValueError):
        raise DeliveryError(f"answer is not JSON: {raw[:200]!r}") from None
    if not isinstance(answer, dict):
        raise DeliveryError(f"unexpected answer: {answer!r}"[:300])
    for key, message_key in (("errcode", "errmsg"), ("code", "msg"), ("StatusCode", "StatusMessage")):
        if key in answer and answer[key] not in (0, "0"):
            raise DeliveryError(
                f"robot refused the message: {key}={answer[key]} {answer.get(message_key, '')}"
            )
