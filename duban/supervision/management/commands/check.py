"""`duban check ROUND [--json]`: consistency flags, targets found in texts, missing submissions."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from django.core.management.base import CommandParser

from duban.commands import DubanCommand
from duban.core.model import decimal_str
from duban.supervision.bulletin import check_round
from duban.supervision.lookup import one_round


class Command(DubanCommand):
    help = "检查一轮调度：进度评价与数据是否矛盾、文中目标与完成量、未报送事项"

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("round")

    def handle(self, *args: Any, **options: Any) -> None:
        rnd = one_round(options["round"])
        result = check_round(rnd)
        settings = {"as_of": rnd.as_of.isoformat(), "tolerance": decimal_str(rnd.tolerance)}
        if options["json"]:
            self.emit_json({"round": rnd.pk, **settings, **asdict(result)})
            return
        self.stdout.write(f"{rnd}（截至{settings['as_of']}，容差{settings['tolerance']}个百分点）")
        self.stdout.write(f"评价与数据矛盾{len(result.flags)}项：")
        for f in result.flags:
            self.stdout.write(f"  第{f['seq']}项 {'、'.join(f['units'])}：{f['message']}")  # type: ignore[arg-type]
        self.stdout.write(f"文中目标与完成量{len(result.pairs)}组：")
        for p in result.pairs:
            share = f"，完成{p['share']}" if p["share"] else ""
            self.stdout.write(f"  第{p['seq']}项 {p['label']}：目标{p['target']}，实际{p['actual']}{share}")
        self.stdout.write(f"未报送{len(result.missing)}项")
        for warning in result.lint:
            self.stdout.write(f"提示：{warning}")
