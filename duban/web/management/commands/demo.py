"""`duban demo [--serve]`: a fresh demo in the data folder — the samples, an open July round, one account per role."""

from __future__ import annotations

import secrets
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandParser
from django.db import connections

from duban.accounts.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, ensure_demo_accounts, ensure_demo_devices
from duban.actors import Actor
from duban.cli.base import DubanCommand, UserError
from duban.intake.services import import_file
from duban.supervision.choices import ListKind
from duban.supervision.models import TaskList
from duban.supervision.services import open_round

SAMPLES = Path(__file__).resolve().parents[3] / "samples" / "yunxi-2024.txt"
MARKER = "demo.marker"


class Command(DubanCommand):
    help = "建立演示数据库（示例公文、一轮开放的2024年7月调度、各角色的演示账号），可随即启动服务"
    json_option = False

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--serve", action="store_true", help="建好后启动服务（http://127.0.0.1:8000）")
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", default="8000")

    def handle(self, *args: Any, **options: Any) -> None:
        data = Path(settings.DATA_DIR)
        database = settings.DATABASES["default"]
        if database["ENGINE"] != "django.db.backends.sqlite3":
            raise UserError(
                "演示只使用数据目录中的 SQLite 数据库，请不要设置 DUBAN_DATABASE_URL", "demo on a server db"
            )
        path = Path(str(database["NAME"]))
        if path.exists() and not (data / MARKER).exists():
            raise UserError(
                f"数据目录 {data} 中已有不是演示的数据库，演示不会覆盖它；请换一个 DUBAN_DATA_DIR",
                "refusing to replace a real database",
            )
        connections.close_all()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        data.mkdir(parents=True, exist_ok=True)
        (data / MARKER).write_text("duban demo\n", encoding="utf-8")
        key = data / "secret.key"
        if not key.exists():
            key.write_text(secrets.token_urlsafe(50), encoding="ascii")
            key.chmod(0o600)
        call_command("migrate", verbosity=0, interactive=False)
        operator = Actor.cli()
        import_file(operator, SAMPLES)
        # As of the end of July 2024, as the sample's next round would be; due a week from today
        # so that the loop can be clicked through before anything is overdue.
        for kind in (ListKind.TASKS, ListKind.INDICATORS):
            open_round(
                operator,
                TaskList.objects.get(kind=kind),
                period="2024年1-7月",
                as_of=date(2024, 7, 31),
                deadline=date.today() + timedelta(days=7),
            )
        ensure_demo_accounts()
        otp_secrets = ensure_demo_devices()
        self.stdout.write(f"演示数据已建立：{path}")
        self.stdout.write(f"演示账号（密码均为 {DEMO_PASSWORD}）：")
        for account in DEMO_ACCOUNTS:
            self.stdout.write(f"  {account.username:<14} {account.name}")
        self.stdout.write(
            "督查室和管理员账号登录时还须输入动态口令：在身份验证器应用中手动添加以下密钥（基于时间，6 位）："
        )
        for username, secret in otp_secrets.items():
            self.stdout.write(f"  {username:<14} {secret}")
        if options["serve"]:
            call_command("serve", host=options["host"], port=options["port"])
