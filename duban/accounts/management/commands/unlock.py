"""`duban unlock USER [--ip ADDRESS]`: end a lockout after too many failed logins (audited)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser

from duban.accounts import services
from duban.cli.base import DubanCommand


class Command(DubanCommand):
    help = "解除登录锁定：清除该用户名（及 --ip 给出的地址）的登录失败记录，记入审计日志"
    json_option = False
    user_option = True

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("username", nargs="?", default="", help="被锁定的用户名（不区分大小写）")
        parser.add_argument("--ip", default="", help="同时解除该 IP 地址的锁定")

    def handle(self, *args: Any, **options: Any) -> None:
        removed = services.unlock(self.actor(options), username=options["username"], ip=options["ip"])
        who = "、".join(x for x in (options["username"], options["ip"]) if x)
        self.stdout.write(f"已解除 {who} 的登录锁定（清除 {removed} 条失败记录）")
