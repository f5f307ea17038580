"""`duban import FILE... [--region R] [--replace [--confirm]] [--as-of DATE] [--user U] [--json]`."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser

from duban.cli.base import DubanCommand, UserError, parse_day
from duban.cli.present import doc_result_json
from duban.cli.progress import ProgressBar
from duban.intake.records import OUTCOME_LABELS, DocResult, Options, Outcome
from duban.intake.services import import_file

COUNT_LABELS = {
    "appointments": "任免事项",
    "tasks": "目标任务",
    "indicators": "民生实事指标",
    "measures": "激励措施",
    "items": "事项",
}
MAX_CHANGES_SHOWN = 40
PROGRESS_FROM = 50  # documents in a file from which the import shows a progress bar


class Command(DubanCommand):
    help = "导入公文文件：每份公文一个事务；重复导入不改变数据"
    user_option = True

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("files", nargs="+", metavar="FILE")
        parser.add_argument("--region", help="行政区划，如“湖南省岳阳市云溪区”（无法从发文机关判断时使用）")
        parser.add_argument(
            "--replace", action="store_true", help="同一文号内容不同时，用新内容替换（保留督查室的工作）"
        )
        parser.add_argument(
            "--confirm",
            action="store_true",
            help="替换会删除督查室的工作记录时，确认删除（先不加此项查看会删除什么）",
        )
        parser.add_argument("--as-of", help="通报的调度截至日期 YYYY-MM-DD（默认按标题所述期间）")

    def handle(self, *args: Any, **options: Any) -> None:
        actor = self.actor(options)
        opts = Options(
            region=options["region"],
            replace=options["replace"],
            confirm=options["confirm"],
            as_of=parse_day(options["as_of"], "--as-of"),
        )
        results: list[tuple[str, list[DocResult]]] = []
        failed = False
        show = ProgressBar.enabled(options["json"])
        for name in options["files"]:
            # A bar for an archive of many documents, on a terminal only (not with --json, not piped).
            bar = ProgressBar(f"导入 {name}", "份", min_total=PROGRESS_FROM) if show else None
            try:
                result = import_file(actor, name, opts, bar)
            finally:
                if bar is not None:
                    bar.close()
            failed |= result.failed
            results.append((name, result.documents))
        if options["json"]:
            self.emit_json(
                {"files": [{"file": f, "documents": [doc_result_json(r) for r in rs]} for f, rs in results]}
            )
        else:
            for name, rs in results:
                self.stdout.write(f"{name}：")
                for r in rs:
                    self._write_result(r)
        if failed:
            raise UserError("部分公文未导入（见上）", "some documents were not imported")

    def _write_result(self, r: DocResult) -> None:
        counts = "，".join(f"{COUNT_LABELS.get(k, k)}{v}" for k, v in r.counts.items() if v)
        line = f"  {r.number or r.title}：{OUTCOME_LABELS[r.outcome]}"
        if counts and r.outcome.stored:
            line += f"（{counts}）"
        message = r.message
        if r.outcome == Outcome.CONFLICT:
            message += "（命令行加 --replace）"
        elif r.outcome == Outcome.NEEDS_REGION:
            message += "（命令行用 --region 指定）"
        elif r.outcome == Outcome.NEEDS_CONFIRMATION:
            message += "（确认无误后加 --confirm 重新运行）"
        if message:
            line += f"  {message}"
        self.stdout.write(line)
        for change in r.changes[:MAX_CHANGES_SHOWN]:
            self.stdout.write(
                f"    {change.where} {change.label}：{change.old or '（空）'} → {change.new or '（删除）'}"
            )
        if len(r.changes) > MAX_CHANGES_SHOWN:
            self.stdout.write(f"    ……另有{len(r.changes) - MAX_CHANGES_SHOWN}处改动（--json 可看全部）")
