"""`duban deliver [--json]`: send the pending notices by e-mail and robot webhooks (run it from cron)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from duban.cli.base import DubanCommand
from duban.reminders.delivery import deliver_pending


class Command(DubanCommand):
    help = "发送待发的通知（邮件、政务钉钉 / 企业微信 / 飞书机器人），失败的按间隔重试"

    def handle(self, *args: Any, **options: Any) -> None:
        report = deliver_pending(actor=self.actor(options))
        if options["json"]:
            self.emit_json(asdict(report))
            return
        self.stdout.write(f"已发送{report.sent}条，待重试{report.retry}条，发送失败{report.failed}条")
        if report.retry or report.failed:
            self.stdout.write("失败原因见日志与后台“发送记录”")
