"""`duban notice draft FILE`: the text of a 任免通知 from a CSV/YAML list of changes."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import CommandParser

from duban.cli.base import DubanCommand, parse_day
from duban.core.notice_draft import draft_notice, load_changes

DEFAULT_RECIPIENTS = "各镇人民政府、街道办事处，区直及驻区各单位"


class Command(DubanCommand):
    help = "任免通知：draft 根据变动清单（CSV 或 YAML）生成通知文本"
    json_option = False

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        draft = sub.add_parser("draft", help="根据变动清单生成任免通知文本")
        draft.add_argument("file", help="CSV（列：姓名,动作,职务,试用期,兼任）或 YAML")
        draft.add_argument("--issuer", default="", help="发文机关，如：岳阳市云溪区人民政府")
        draft.add_argument("--number", default=None, help="文号，如：岳云政人〔2024〕4号")
        draft.add_argument("--date", default=None, help="成文日期 YYYY-MM-DD（默认今天）")
        draft.add_argument("--recipients", default=DEFAULT_RECIPIENTS, help="主送机关")
        draft.add_argument("-o", "--output", help="写入文件（默认输出到屏幕）")

    def handle(self, *args: Any, **options: Any) -> None:
        changes = load_changes(options["file"])
        text = draft_notice(
            changes,
            issuer=options["issuer"],
            number=options["number"],
            date=parse_day(options["date"], "--date") or date.today(),
            recipients=options["recipients"],
        )
        if options["output"]:
            with open(options["output"], "w", encoding="utf-8") as fh:
                fh.write(text)
            self.stdout.write(f"已写入 {options['output']}")
        else:
            self.stdout.write(text)
