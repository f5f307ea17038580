"""`duban restore FILE [--yes]`: replace the database's content by a backup made with `duban backup`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser

from duban.actors import Actor
from duban.cli.base import DubanCommand, UserError
from duban.errors import NeedsConfirmation
from duban.ops.services import restore


class Command(DubanCommand):
    help = "从 duban backup 的备份文件恢复整个数据库（目标库已有数据时须加 --yes 确认）"
    json_option = False

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("file", help="备份文件")
        parser.add_argument("--yes", action="store_true", help="确认用备份替换目标数据库的全部现有内容")

    def handle(self, *args: Any, **options: Any) -> None:
        # The operating-system account: a user named by the target database may not exist before it.
        try:
            info = restore(Actor.cli(), Path(options["file"]), confirmed=options["yes"])
        except NeedsConfirmation as exc:
            raise UserError(f"{exc.message}；确认请加 --yes", exc.detail) from None
        self.stdout.write(f"已从 {info.path} 恢复数据库（SHA-256 {info.sha256[:16]}…）")
        self.stdout.write("如备份早于当前程序版本，请再运行 duban migrate")
