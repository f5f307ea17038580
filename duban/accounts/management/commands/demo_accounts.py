"""`duban demo_accounts`: create the demo users (password duban-demo)."""

from __future__ import annotations

from typing import Any

from duban.accounts.demo import DEMO_PASSWORD, ensure_demo_accounts, ensure_demo_devices
from duban.cli.base import DubanCommand


class Command(DubanCommand):
    help = "创建演示账号（duchashi、minzheng、minzheng-head、caizheng、lingdao、admin、anquan、shenji，密码 duban-demo）"
    json_option = False

    def handle(self, *args: Any, **options: Any) -> None:
        names = ensure_demo_accounts()
        self.stdout.write(f"演示账号：{'、'.join(names)}（密码 {DEMO_PASSWORD}）")
        for username, secret in ensure_demo_devices().items():
            self.stdout.write(f"  {username} 的动态口令密钥：{secret}")
