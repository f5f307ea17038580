"""`duban backup [-o FILE]`: a consistent copy of the whole database, taken while the server runs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import CommandParser
from django.db import connection
from django.utils import timezone

from duban.cli.base import DubanCommand
from duban.ops.services import backup, default_name


class Command(DubanCommand):
    help = "备份整个数据库（SQLite 在线备份；PostgreSQL 用 pg_dump），服务运行中也可备份"
    json_option = False
    user_option = True

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "-o", "--output", help="备份文件（默认 数据目录/backups/duban-日期时间.sqlite3 或 .dump）"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["output"]:
            path = Path(options["output"])
        else:
            stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
            path = Path(settings.DATA_DIR) / "backups" / default_name(connection.vendor, stamp)
        info = backup(self.actor(options), path)
        self.stdout.write(f"已备份到 {info.path}（{info.size}字节，SHA-256 {info.sha256[:16]}…）")
