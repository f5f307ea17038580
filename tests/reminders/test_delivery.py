"""Delivery through a real robot server on 127.0.0.1 (no mocks) and Django's test mail backend."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
from collections import deque
from collections.abc import Iterator
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
from django.utils import timezone

from duban.reminders.delivery import DeliveryReport, deliver_pending
from duban.reminders.models import Channel, ChannelKind, Delivery, DeliveryState, Notification
from duban.units.models import Region, Unit

T0 = timezone.make_aware(datetime(2024, 8, 6, 9, 0))
BODY = "督办单（黄色）\n\n区财政局：\n    1. 第2项 深入推进“三资”运作改革（逾期未报送）\n"
OK = (200, {"errcode": 0, "errmsg": "ok"})


class Robot:
    """A group robot: records every JSON body it is sent and gives the scripted answers in turn."""

    def __init__(self) -> None:
        self.received: list[tuple[str, Any]] = []
        self.answers: deque[tuple[int, Any]] = deque()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}{path}"

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        robot = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers["Content-Length"]))
                robot.received.append((self.path, json.loads(raw.decode("utf-8"))))
                status, answer = robot.answers.popleft() if robot.answers else OK
                data = json.dumps(answer).encode() if not isinstance(answer, bytes) else answer
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: Any) -> None:
                pass

        return Handler


@pytest.fixture
def robot() -> Iterator[Robot]:
    server = Robot()
    server.thread.start()
    yield server
    server.server.shutdown()
    server.server.server_close()
    server.thread.join()


@pytest.fixture
def finance(db) -> Unit:  # type: ignore[no-untyped-def]
    region = Region.objects.create(province="湖南省", city="岳阳市", county="云溪区")
    return Unit.objects.create(region=region, name="区财政局")


def pending(unit: Unit, kind: str, target: str, secret: str = "") -> Delivery:
    channel = Channel.objects.create(region=unit.region, unit=unit, kind=kind, target=target, secret=secret)
    notice = Notification.objects.create(unit=unit, title="督办单（黄色）：目标任务 · 2024年1-7月", body=BODY)
    return Delivery.objects.create(notification=notice, channel=channel, next_attempt_at=T0)


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        (ChannelKind.DINGTALK, {"msgtype": "text", "text": {"content": BODY}}),
        (ChannelKind.WECOM, {"msgtype": "text", "text": {"content": BODY}}),
        (ChannelKind.FEISHU, {"msg_type": "text", "content": {"text": BODY}}),
    ],
)
def test_each_robot_gets_a_text_message_in_its_own_format(robot, finance, kind, expected):
    delivery = pending(finance, kind, robot.url("/robot/send?access_token=abc"))
    report = deliver_pending(T0)
    assert (report.sent, report.retry, report.failed) == (1, 0, 0)
    assert robot.received == [("/robot/send?access_token=abc", expected)]
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts, delivery.sent_at) == (DeliveryState.SENT, 1, T0)


def test_a_failing_robot_is_retried_after_1_5_30_120_360_minutes_then_marked_failed(robot, finance, caplog):
    delivery = pending(finance, ChannelKind.WECOM, robot.url("/cgi-bin/webhook/send?key=k"))
    robot.answers.extend([(500, {"error": "down"})] * 6)
    now, waits = T0, []
    for attempt in range(1, 7):
        assert deliver_pending(now - timedelta(seconds=1)) == DeliveryReport()  # not due yet
        report = deliver_pending(now)
        delivery.refresh_from_db()
        assert delivery.attempts == attempt
        if attempt < 6:
            assert report.retry == 1 and delivery.state == DeliveryState.PENDING
            waits.append(delivery.next_attempt_at - now)
            now = delivery.next_attempt_at
    assert waits == [timedelta(minutes=m) for m in (1, 5, 30, 120, 360)]
    assert report.failed == 1
    assert (delivery.state, delivery.next_attempt_at) == (DeliveryState.FAILED, None)
    assert "HTTP 500" in delivery.last_error
    assert len(robot.received) == 6
    assert deliver_pending(now + timedelta(days=1)).failed == 0  # kept, but not tried again
    assert Delivery.objects.filter(pk=delivery.pk).exists()
    assert "failed (attempt 1), retrying at" in caplog.text
    assert "failed for good after 6 attempts" in caplog.text


def test_a_robot_failing_once_gets_the_message_on_the_retry(robot, finance):
    delivery = pending(finance, ChannelKind.DINGTALK, robot.url("/robot/send"))
    robot.answers.append((500, {}))
    deliver_pending(T0)
    report = deliver_pending(T0 + timedelta(minutes=1))
    delivery.refresh_from_db()
    assert report.sent == 1 and (delivery.state, delivery.attempts) == (DeliveryState.SENT, 2)
    assert delivery.last_error.startswith("DeliveryError: HTTP 500")


@pytest.mark.parametrize(
    ("kind", "answer", "error"),
    [
        (ChannelKind.DINGTALK, {"errcode": 310000, "errmsg": "keywords not in content"}, "errcode=310000"),
        (ChannelKind.WECOM, {"errcode": 93000, "errmsg": "invalid webhook url"}, "errcode=93000"),
        (
            ChannelKind.FEISHU,
            {"code": 19021, "msg": "sign match fail or timestamp is not within one hour"},
            "code=19021",
        ),
    ],
)
def test_an_http_200_carrying_an_error_code_is_a_failure(robot, finance, kind, answer, error):
    delivery = pending(finance, kind, robot.url("/hook"))
    robot.answers.append((200, answer))
    assert deliver_pending(T0).retry == 1
    delivery.refresh_from_db()
    assert delivery.state == DeliveryState.PENDING and error in delivery.last_error


def test_an_answer_that_is_not_json_is_a_failure(robot, finance):
    delivery = pending(finance, ChannelKind.FEISHU, robot.url("/hook"))
    robot.answers.append((200, b"<html>proxy login</html>"))
    assert deliver_pending(T0).retry == 1
    delivery.refresh_from_db()
    assert "not JSON" in delivery.last_error


@pytest.mark.parametrize("target", ["ftp://127.0.0.1/hook", "file:///etc/passwd"])
def test_only_http_and_https_urls_are_opened(finance, target):
    delivery = pending(finance, ChannelKind.DINGTALK, target)
    assert deliver_pending(T0).failed == 1
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts) == (DeliveryState.FAILED, 1)
    assert "unsupported URL scheme" in delivery.last_error


def test_an_unreachable_robot_is_retried(finance):
    delivery = pending(finance, ChannelKind.WECOM, "http://127.0.0.1:9/unreachable")
    assert deliver_pending(T0).retry == 1
    delivery.refresh_from_db()
    assert "connection failed" in delivery.last_error


def test_a_long_notice_is_cut_to_the_wecom_limit_of_2048_bytes(robot, finance):
    delivery = pending(finance, ChannelKind.WECOM, robot.url("/hook"))
    delivery.notification.body = "督办事项" * 400
    delivery.notification.save()
    deliver_pending(T0)
    content = robot.received[0][1]["text"]["content"]
    assert len(content.encode()) <= 2048
    assert content.endswith("（全文见督办系统站内通知）")


def test_a_signed_dingtalk_robot_gets_timestamp_and_sign_in_the_url(robot, finance):
    secret = "SEC0123456789abcdef"
    pending(finance, ChannelKind.DINGTALK, robot.url("/robot/send?access_token=abc"), secret=secret)
    deliver_pending(T0)
    query = parse_qs(urlparse(robot.received[0][0]).query)
    stamp, sign = query["timestamp"][0], query["sign"][0]
    digest = hmac.new(secret.encode(), f"{stamp}\n{secret}".encode(), hashlib.sha256).digest()
    assert sign == base64.b64encode(digest).decode() and query["access_token"] == ["abc"]


def test_a_signed_feishu_robot_gets_timestamp_and_sign_in_the_body(robot, finance):
    secret = "feishu-secret"
    pending(finance, ChannelKind.FEISHU, robot.url("/open-apis/bot/v2/hook/x"), secret=secret)
    deliver_pending(T0)
    body = robot.received[0][1]
    digest = hmac.new(f"{body['timestamp']}\n{secret}".encode(), b"", hashlib.sha256).digest()
    assert body["sign"] == base64.b64encode(digest).decode()
    assert body["msg_type"] == "text" and body["content"] == {"text": BODY}


def test_email_goes_out_with_the_notice_title_and_body(finance, mailoutbox):
    delivery = pending(finance, ChannelKind.EMAIL, "czj@example.org")
    assert deliver_pending(T0).sent == 1
    [mail] = mailoutbox
    assert (mail.subject, mail.body, mail.to) == (
        "督办单（黄色）：目标任务 · 2024年1-7月",
        BODY,
        ["czj@example.org"],
    )
    delivery.refresh_from_db()
    assert delivery.state == DeliveryState.SENT


def test_a_disabled_channel_keeps_its_deliveries_waiting(finance, mailoutbox):
    delivery = pending(finance, ChannelKind.EMAIL, "czj@example.org")
    Channel.objects.filter(pk=delivery.channel_id).update(active=False)
    assert deliver_pending(T0).sent == 0 and mailoutbox == []
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts) == (DeliveryState.PENDING, 0)
