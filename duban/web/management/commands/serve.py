"""`duban serve [--host H] [--port P] [--workers N]`: the production server (gunicorn, static files by whitenoise)."""

from __future__ import annotations

import os
import sys
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandParser

from duban.cli.base import DubanCommand, UserError
from duban.cli.database import ensure_database
from duban.project.settings import secret_key


class Command(DubanCommand):
    help = "启动正式服务（gunicorn；静态文件由 duban 自己提供，不需要外网）"
    json_option = False

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1", help="监听地址（默认 127.0.0.1）")
        parser.add_argument("--port", default="8000", help="端口（默认 8000）")
        parser.add_argument(
            "--workers", default=os.environ.get("DUBAN_WORKERS", "2"), help="工作进程数（默认 2）"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        # Asked afresh, as the workers will: `duban demo --serve` writes the demo's key into the data
        # folder after this process read its settings.
        if not (settings.SECRET_KEY_CONFIGURED or secret_key()[1]):
            raise UserError(
                "没有设置 DUBAN_SECRET_KEY：正式运行需要一个固定的密钥（可用 python -c "
                '"import secrets; print(secrets.token_urlsafe(50))" 生成）；演示请用 duban demo --serve',
                "no secret key configured",
            )
        ensure_database()
        call_command("collectstatic", interactive=False, verbosity=0)
        bind = f"{options['host']}:{options['port']}"
        self.stdout.write(f"督办已启动：http://{bind}/  （按 Ctrl+C 停止）")
        sys.stdout.flush()
        argv = [
            "gunicorn",
            "duban.project.wsgi:application",
            "--bind",
            bind,
            "--workers",
            str(options["workers"]),
            "--access-logfile",
            "-",
            "--timeout",
            "120",
        ]
        os.execvp(sys.executable, [sys.executable, "-m", *argv])  # noqa: S606 — re-executes this same Python with fixed arguments, no shell
