"""`duban bench generate --scale district|city|province --seed N [--database-url URL]`.

Fills a database with a district's, a city's or a province's supervision data for the
benchmarks (see `duban.benchdata.scale`). With --database-url the command runs again on that
database (migrated first); without it, on the configured one.
"""

from __future__ import annotations

import os
import sys
import time
from typing import Any

from django.core.management import call_command
from django.core.management.base import CommandParser

from duban.benchdata.scale import SCALES, generate_scale
from duban.cli.base import DubanCommand, UserError
from duban.ops.services import refresh_statistics


class Command(DubanCommand):
    help = "生成基准测试数据（区县、市、省三种规模）"
    json_option = False

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("action", choices=["generate"])
        parser.add_argument("--scale", choices=sorted(SCALES), default="district")
        parser.add_argument("--seed", type=int, default=13)
        parser.add_argument(
            "--database-url", help="目标数据库，如 postgresql://用户@主机/库名（默认为当前配置）"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        url = options["database_url"]
        if url and url != os.environ.get("DUBAN_DATABASE_URL"):
            # The database is chosen before Django starts: run again with it configured.
            argv = [a for a in sys.argv if not a.startswith("--database-url")]
            if url in argv:
                argv.remove(url)
            os.environ["DUBAN_DATABASE_URL"] = url
            run = "import sys; from duban.cli import main; main(sys.argv[1:])"
            # Our own interpreter and module, with the caller's own arguments: nothing from elsewhere.
            os.execv(sys.executable, [sys.executable, "-c", run, *argv[1:]])  # noqa: S606
        scale = SCALES.get(options["scale"])
        if scale is None:
            raise UserError(f"未知规模：{options['scale']}", "unknown scale")
        call_command("migrate", verbosity=0, interactive=False)
        start = time.monotonic()
        out = generate_scale(scale, options["seed"], report=lambda line: self.stderr.write(line))
        refresh_statistics()
        self.stdout.write(
            f"已生成{scale.name}规模数据：{out.regions}个区县，{out.users}个账号，{out.items}个事项，"
            f"{out.rounds}个轮次，{out.entries:,}条填报，{out.notices}份任免通知"
            f"（{time.monotonic() - start:.0f}秒）"
        )
