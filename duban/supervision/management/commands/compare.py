"""`duban compare ROUND [--previous ROUND] [--json]`: month over month."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser

from duban.cli.base import DubanCommand, UserError
from duban.cli.lookups import one_round
from duban.cli.present import comparison_json
from duban.supervision.compare import compare


class Command(DubanCommand):
    help = "环比：与上一轮相比进度评价的变化，以及照抄上期的进展情况"

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("round")
        parser.add_argument("--previous", help="与之比较的轮次（默认同一清单的上一轮）")

    def handle(self, *args: Any, **options: Any) -> None:
        rnd = one_round(options["round"])
        previous = one_round(options["previous"]) if options["previous"] else None
        if previous is not None and previous.task_list_id != rnd.task_list_id:
            raise UserError("两个轮次不属于同一任务清单，无法比较", "rounds of different lists")
        result = compare(rnd, previous)
        if options["json"]:
            self.emit_json(comparison_json(result))
            return
        if result.previous is None:
            self.stdout.write("没有上一轮可比较")
            return
        self.stdout.write(f"{rnd} 与 {result.previous.period} 相比：")
        self.stdout.write(f"进度变化{len(result.changes)}项：")
        for c in result.changes:
            self.stdout.write(f"  第{c.seq}项 {c.before} → {c.after}（{c.direction}）")
        self.stdout.write(f"进展情况与上期相同或几乎相同{len(result.copied)}项：")
        for k in result.copied:
            how = "完全相同" if k.identical else f"相似度{k.similarity}"
            self.stdout.write(f"  第{k.seq}项（{how}）：{k.text[:40]}")
