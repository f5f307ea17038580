"""`duban import FILE... [--region R] [--replace] [--as-of DATE] [--json]`: store documents."""

from __future__ import annotations

import getpass
from typing import Any

from django.core.management.base import CommandParser

from duban.commands import DubanCommand, UserError, parse_day
from duban.documents.services import DocResult, ImportFailed, import_file

STATUS_LABELS = {
    "created": "已导入",
    "unchanged": "未改动（已导入过）",
    "replaced": "已替换",
    "conflict": "冲突，未导入",
    "error": "失败，未导入",
}


class Command(DubanCommand):
    help = "导入公文文件：每份公文一个事务；重复导入不改变数据"

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("files", nargs="+", metavar="FILE")
        parser.add_argument("--region", help="行政区划，如“湖南省岳阳市云溪区”（无法从发文机关判断时使用）")
        parser.add_argument("--replace", action="store_true", help="同一文号内容不同时，用新内容替换")
        parser.add_argument("--as-of", help="通报的调度截至日期 YYYY-MM-DD（默认按标题所述期间）")
        parser.add_argument("--user", help="记录为导入人的用户名（默认当前系统用户）")

    def handle(self, *args: Any, **options: Any) -> None:
        as_of = parse_day(options["as_of"], "--as-of")
        actor = options["user"] or _os_user()
        results: list[tuple[str, list[DocResult]]] = []
        failed = False
        for name in options["files"]:
            try:
                file_results = import_file(
                    name, actor=actor, region=options["region"], replace=options["replace"], as_of=as_of
                )
            except ImportFailed as exc:
                raise UserError(exc.message, exc.english) from exc
            failed |= any(r.status in ("conflict", "error") for r in file_results)
            results.append((name, file_results))
        if options["json"]:
            self.emit_json(
                {"files": [{"file": f, "documents": [r.as_json() for r in rs]} for f, rs in results]}
            )
        else:
            for name, rs in results:
                self.stdout.write(f"{name}：")
                for r in rs:
                    counts = "，".join(f"{_COUNT_LABELS.get(k, k)}{v}" for k, v in r.counts.items() if v)
                    line = f"  {r.number or r.title}：{STATUS_LABELS[r.status]}"
                    if counts and r.status in ("created", "replaced"):
                        line += f"（{counts}）"
                    if r.message:
                        line += f"  {r.message}"
                    self.stdout.write(line)
        if failed:
            raise UserError("部分公文未导入（见上）", "some documents were not imported")


_COUNT_LABELS = {
    "appointments": "任免事项",
    "tasks": "目标任务",
    "indicators": "民生实事指标",
    "measures": "激励措施",
    "items": "事项",
}


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"
