"""`duban round list|open|close|forms|import-entries`: progress-collection rounds (一月一调度).

`forms` writes each lead unit's return forms (回执表); `import-entries` reads a filled-in form
back: without --apply it only lists the changes, for confirmation.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import CommandParser

from duban.commands import DubanCommand, UserError, parse_day
from duban.supervision.forms import (
    Change,
    apply_import,
    ensure_open,
    plan_import,
    read_filled_form,
    write_forms,
)
from duban.supervision.lookup import one_list, one_round
from duban.supervision.models import Round, RoundState, TaskList
from duban.supervision.services import open_round, round_summary

STATE_LABELS = dict(RoundState.choices)


class Command(DubanCommand):
    help = "调度轮次：list 列出；open 开启新一轮；close 截止；forms 导出回执表；import-entries 导入回执表"
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
        fm = sub.add_parser("forms", help="为每个牵头单位导出 Excel 和 Word 回执表")
        fm.add_argument("round")
        fm.add_argument("-o", "--output", required=True, metavar="DIR", help="输出目录")
        fm.add_argument("--json", action="store_true")
        im = sub.add_parser("import-entries", help="导入填好的回执表（不加 --apply 只列出改动）")
        im.add_argument("file", metavar="FILE")
        im.add_argument("--apply", action="store_true", help="确认写入")
        im.add_argument("--user", help="记录为填报人的用户名")
        im.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "forms":
            self._forms(options)
            return
        if action == "import-entries":
            self._import_entries(options)
            return
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

    def _forms(self, options: dict[str, Any]) -> None:
        rnd = one_round(options["round"])
        paths = write_forms(rnd, Path(options["output"]))
        if options["json"]:
            self.emit_json({"round": rnd.pk, "files": [str(p) for p in paths]})
            return
        for path in paths:
            self.stdout.write(str(path))
        self.stdout.write(f"共{len(paths) // 2}个单位，{len(paths)}个文件。")
        if rnd.state != RoundState.OPEN:
            self.stdout.write(f"注意：该轮次{STATE_LABELS[rnd.state]}，回执表仅供查阅，不能导入。")

    def _import_entries(self, options: dict[str, Any]) -> None:
        filled = read_filled_form(options["file"])
        rnd = one_round(str(filled.round_id))
        ensure_open(rnd)
        user = None
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise UserError(f"没有用户“{options['user']}”", f"no user {options['user']!r}")
        changes = plan_import(rnd, filled)
        updated = apply_import(rnd, filled, user=user) if options["apply"] and changes else 0
        remarks = [(filled.where(row.row), row.remark) for row in filled.rows if row.remark]
        if options["json"]:
            self.emit_json(
                {
                    "round": rnd.pk,
                    "unit": filled.unit,
                    "changes": [c.as_json() for c in changes],
                    "remarks": [{"where": w, "remark": r} for w, r in remarks],
                    "applied": bool(options["apply"]),
                    "updated": updated,
                }
            )
            return
        self.stdout.write(
            f"[{rnd.pk}] {rnd.task_list} · {rnd.period}" + (f" · {filled.unit}" if filled.unit else "")
        )
        if remarks:
            self.stdout.write("单位备注（随填报一并保存）：")
            for where, remark in remarks:
                self.stdout.write(f"  {where}：{remark}")
        if not changes:
            self.stdout.write("没有改动：回执表与系统中的填报一致。")
            return
        for change in changes:
            self.stdout.write(_change_line(change))
        items = len({c.item_id for c in changes})
        if options["apply"]:
            self.stdout.write(f"已写入{updated}项（{len(changes)}处改动）。")
        else:
            self.stdout.write(
                f"共{len(changes)}处改动，涉及{items}项。以上尚未写入；确认无误后加 --apply 重新运行：\n"
                f"  duban round import-entries {options['file']} --apply"
            )


def _change_line(change: Change) -> str:
    old = change.old or "（空）"
    return f"  第{change.seq}项（{change.item}）{change.label}：{old} → {change.new}"
