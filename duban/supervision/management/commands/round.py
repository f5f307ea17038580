"""`duban round list|open|close`: progress-collection rounds (一月一调度)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.management.base import CommandParser

from duban.commands import DubanCommand, UserError, parse_day
from duban.supervision.lookup import one_list, one_round
from duban.supervision.models import Round, RoundState, TaskList
from duban.supervision.services import open_round, round_summary

STATE_LABELS = dict(RoundState.choices)


class Command(DubanCommand):
    help = "调度轮次：list 列出；open 开启新一轮；close 截止"
    json_option = False

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        ls = sub.add_parser("list", help="列出调度轮次与任务清单")
        ls.add_argument("--json", action="store_true")
        op = sub.add_parser("open", help="为任务清单开启一轮调度")
        op.add_argument("list", help="任务清单编号或名称（见 round list）")
        op.add_argument("--period", required=True, help="调度期间，如：2024年1-7月")
        op.add_argument("--as-of", required=True, help="截至日期 YYYY-MM-DD")
        op.add_argument("--deadline", help="报送截止日期 YYYY-MM-DD")
        op.add_argument("--tolerance", help="容差（百分点，默认10）")
        op.add_argument("--json", action="store_true")
        cl = sub.add_parser("close", help="截止一轮调度")
        cl.add_argument("round")
        cl.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "list":
            rounds = [round_summary(r) for r in Round.objects.select_related("task_list").order_by("pk")]
            lists = [
                {"id": t.pk, "title": t.title, "kind": t.kind, "items": t.items.count()}
                for t in TaskList.objects.order_by("pk")
            ]
            if options["json"]:
                self.emit_json({"rounds": rounds, "lists": lists})
                return
            self.stdout.write("任务清单：")
            for t in lists:
                self.stdout.write(f"  [{t['id']}] {t['title']}（{t['items']}项）")
            self.stdout.write("调度轮次：")
            for r in rounds:
                self.stdout.write(
                    f"  [{r['id']}] {r['list']} · {r['period']} · 截至{r['as_of']} · {STATE_LABELS[str(r['state'])]}"
                )
            return
        if action == "open":
            tolerance = None
            if options["tolerance"] is not None:
                try:
                    tolerance = Decimal(options["tolerance"])
                except InvalidOperation:
                    raise UserError(f"容差“{options['tolerance']}”不是数字", "bad tolerance") from None
            as_of = parse_day(options["as_of"], "--as-of")
            assert as_of is not None
            rnd = open_round(
                one_list(options["list"]),
                period=options["period"],
                as_of=as_of,
                deadline=parse_day(options["deadline"], "--deadline"),
                tolerance=tolerance,
            )
        else:
            rnd = one_round(options["round"])
            rnd.state = RoundState.CLOSED
            rnd.save(update_fields=["state"])
        if options["json"]:
            self.emit_json(round_summary(rnd))
        else:
            self.stdout.write(f"[{rnd.pk}] {rnd.task_list} · {rnd.period}：{STATE_LABELS[rnd.state]}")
