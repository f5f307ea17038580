"""`duban notice draft FILE [-o FILE.docx|FILE.txt]`: a 任免通知 from a CSV/YAML list of changes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser

from duban.actors import Actor
from duban.cli.base import DubanCommand, parse_day
from duban.core.notice_draft import default_recipients, draft_notice, load_changes, write_notice_docx
from duban.personnel.services import note_notice_draft


class Command(DubanCommand):
    help = "任免通知：draft 根据变动清单（CSV 或 YAML）生成通知（Word 或文本）"
    json_option = False

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        draft = sub.add_parser("draft", help="根据变动清单生成任免通知")
        draft.add_argument("file", help="CSV（列：姓名,动作,职务,试用期,兼任）或 YAML")
        draft.add_argument("--issuer", default="", help="发文机关，如：岳阳市云溪区人民政府")
        draft.add_argument("--number", default=None, help="文号，如：岳云政人〔2024〕4号")
        draft.add_argument("--date", default=None, help="成文日期 YYYY-MM-DD（不给则留出待填的空白）")
        draft.add_argument(
            "--recipients", default=None, help="主送机关（默认：各镇人民政府、街道办事处，…区直及驻区各单位）"
        )
        draft.add_argument(
            "--park", action="append", default=[], help="主送的园区（可多次），如：绿色化工高新区"
        )
        draft.add_argument("--level", default="区", help="区 / 县 / 市：主送“…直及驻…各单位”中的层级字")
        draft.add_argument(
            "-o", "--output", help="写入文件：.docx 为 Word 公文，其他为文本（默认输出到屏幕）"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        changes = load_changes(options["file"])
        frame = {
            "issuer": options["issuer"],
            "number": options["number"],
            "date": parse_day(options["date"], "--date"),
            "recipients": options["recipients"] or default_recipients(options["park"], options["level"]),
        }
        out = options["output"]
        if out:
            fmt = "docx" if Path(out).suffix.lower() == ".docx" else "txt"
            note_notice_draft(Actor.cli(), options["number"], [c.person for c in changes], fmt)
        if out and Path(out).suffix.lower() == ".docx":
            write_notice_docx(changes, out, **frame)
            self.stdout.write(f"已写入 {out}（Word 公文）")
            return
        text = draft_notice(changes, **frame)
        if out:
            with open(out, "w", encoding="utf-8") as fh:
                fh.write(text)
            self.stdout.write(f"已写入 {out}")
        else:
            self.stdout.write(text)
