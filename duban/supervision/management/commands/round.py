"""`duban round list|open|close|reopen|publish|check|forms|import-entries`: progress-collection rounds.

`forms` writes each lead unit's return forms (回执表); `import-entries` reads a filled-in form
back: without --apply it only lists the changes, for confirmation. `check` is the round check
(consistency flags, targets in texts, missing reports, lint).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser

from duban.cli.base import DubanCommand, add_user_option, cli_actor, parse_day, parse_decimal
from duban.cli.lookups import one_list, one_round
from duban.cli.present import check_json, round_json
from duban.core.model import decimal_str
from duban.core.shares import format_percent
from duban.supervision.checks import check_round
from duban.supervision.choices import RoundState
from duban.supervision.models import Round, TaskList
from duban.supervision.returnforms.importing import Change, FormPlan, apply_form, plan_form
from duban.supervision.returnforms.reading import read_form_file
from duban.supervision.returnforms.writing import write_forms
from duban.supervision.services import close_round, note_export, open_round, publish_round, reopen_round

STATE_LABELS = dict(RoundState.choices)


class Command(DubanCommand):
    help = (
        "调度轮次：list 列出；open 开启新一轮；close 截止；reopen 重新开启；publish 发布（冻结）；"
        "check 检查；forms 导出回执表；import-entries 导入回执表"
    )
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
        for name, text in (
            ("close", "截止一轮调度"),
            ("reopen", "重新开启已截止的轮次"),
            ("publish", "发布通报并冻结轮次"),
        ):
            p = sub.add_parser(name, help=text)
            p.add_argument("round")
            add_user_option(p)
            p.add_argument("--json", action="store_true")
        add_user_option(op)
        op.add_argument("--json", action="store_true")
        ck = sub.add_parser(
            "check", help="检查一轮调度：进度评价与数据是否矛盾、文中目标与完成量、未报送事项"
        )
        ck.add_argument("round")
        ck.add_argument("--json", action="store_true")
        fm = sub.add_parser("forms", help="为每个牵头单位导出 Excel 和 Word 回执表")
        fm.add_argument("round")
        fm.add_argument("-o", "--output", required=True, metavar="DIR", help="输出目录")
        fm.add_argument("--json", action="store_true")
        im = sub.add_parser("import-entries", help="导入填好的回执表（不加 --apply 只列出改动）")
        im.add_argument("file", metavar="FILE")
        im.add_argument("--apply", action="store_true", help="确认写入")
        add_user_option(im)
        im.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "list":
            self._list(options)
        elif action == "check":
            self._check(options)
        elif action == "forms":
            self._forms(options)
        elif action == "import-entries":
            self._import_entries(options)
        else:
            self._change(action, options)

    def _list(self, options: dict[str, Any]) -> None:
        rounds = [round_json(r) for r in Round.objects.select_related("task_list").order_by("pk")]
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

    def _change(self, action: str, options: dict[str, Any]) -> None:
        actor = cli_actor(options.get("user"))
        if action == "open":
            as_of = parse_day(options["as_of"], "--as-of")
            assert as_of is not None  # noqa: S101 — narrows a type the code guarantees; not a check of input
            rnd = open_round(
                actor,
                one_list(options["list"]),
                period=options["period"],
                as_of=as_of,
                deadline=parse_day(options["deadline"], "--deadline"),
                tolerance=parse_decimal(options["tolerance"], "--tolerance"),
            )
        else:
            change = {"close": close_round, "reopen": reopen_round, "publish": publish_round}[action]
            rnd = change(actor, one_round(options["round"]))
        if options["json"]:
            self.emit_json(round_json(rnd))
        else:
            self.stdout.write(f"[{rnd.pk}] {rnd.task_list} · {rnd.period}：{STATE_LABELS[rnd.state]}")

    def _check(self, options: dict[str, Any]) -> None:
        rnd = one_round(options["round"])
        result = check_round(rnd)
        settings = {"as_of": rnd.as_of.isoformat(), "tolerance": decimal_str(rnd.tolerance)}
        if options["json"]:
            self.emit_json({"round": rnd.pk, **settings, **check_json(result)})
            return
        self.stdout.write(f"{rnd}（截至{settings['as_of']}，容差{settings['tolerance']}个百分点）")
        self.stdout.write(f"评价与数据矛盾{len(result.flags)}项：")
        for f in result.flags:
            self.stdout.write(f"  第{f.seq}项 {'、'.join(f.units)}：{f.message}")
        self.stdout.write(f"文中目标与完成量{len(result.pairs)}组：")
        for p in result.pairs:
            share = f"，完成{format_percent(p.share)}" if p.share is not None else ""
            self.stdout.write(f"  第{p.seq}项 {p.label}：目标{p.target}，实际{p.actual}{share}")
        self.stdout.write(f"未报送{len(result.missing)}项")
        for warning in result.lint:
            self.stdout.write(f"提示：{warning}")

    def _forms(self, options: dict[str, Any]) -> None:
        rnd = one_round(options["round"])
        paths = write_forms(rnd, options["output"])
        note_export(cli_actor(options.get("user")), rnd, f"回执表（{len(paths)}个文件）")
        if options["json"]:
            self.emit_json({"round": rnd.pk, "files": [str(p) for p in paths]})
            return
        for path in paths:
            self.stdout.write(str(path))
        self.stdout.write(f"共{len(paths) // 2}个单位，{len(paths)}个文件。")
        if rnd.state != RoundState.OPEN:
            self.stdout.write(f"注意：该轮次{STATE_LABELS[rnd.state]}，回执表仅供查阅，不能导入。")

    def _import_entries(self, options: dict[str, Any]) -> None:
        filled = read_form_file(options["file"])
        rnd = one_round(str(filled.round_id))
        rnd.require_open()
        actor = cli_actor(options.get("user"))
        plan = apply_form(actor, rnd, filled) if options["apply"] else plan_form(actor, rnd, filled)
        if options["json"]:
            self.emit_json(_plan_json(plan, filled.unit))
            return
        self._write_plan(plan, filled.unit, options["file"])

    def _write_plan(self, plan: FormPlan, unit: str, file: str) -> None:
        rnd = plan.round
        self.stdout.write(f"[{rnd.pk}] {rnd.task_list} · {rnd.period}" + (f" · {unit}" if unit else ""))
        for warning in plan.warnings:
            self.stdout.write(f"提示：{warning}")
        if not plan.changes:
            self.stdout.write("没有改动：回执表与系统中的填报一致。")
            return
        for change in plan.changes:
            self.stdout.write(_change_line(change))
        if plan.applied:
            self.stdout.write(f"已写入{plan.updated}项（{len(plan.changes)}处改动）。")
        else:
            self.stdout.write(
                f"共{len(plan.changes)}处改动，涉及{plan.items}项。以上尚未写入；确认无误后加 --apply 重新运行：\n"
                f"  duban round import-entries {file} --apply"
            )


def _plan_json(plan: FormPlan, unit: str) -> dict[str, Any]:
    return {
        "round": plan.round.pk,
        "unit": unit,
        "changes": [
            {"item_id": c.item_id, "seq": c.seq, "item": c.item, "field": c.field, "old": c.old, "new": c.new}
            for c in plan.changes
        ],
        "warnings": plan.warnings,
        "applied": plan.applied,
        "updated": plan.updated,
    }


def _change_line(change: Change) -> str:
    old = change.old or "（空）"
    return f"  第{change.seq}项（{change.item}）{change.label}：{old} → {change.new}"
