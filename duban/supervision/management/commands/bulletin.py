"""`duban bulletin ROUND --format text|docx|xlsx -o FILE`: the 督查通报 generated from data."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser

from duban.cli.base import DubanCommand, UserError
from duban.cli.lookups import one_round
from duban.core.render.docx import render_docx
from duban.core.render.txt import render_text
from duban.core.render.xlsx import render_xlsx
from duban.supervision.bulletin import bulletin_doc, lint_generated, sibling_rounds
from duban.supervision.services import note_bulletin


class Command(DubanCommand):
    help = "由调度数据生成督查通报（文本、Word 或 Excel 附件）"
    json_option = False
    user_option = True

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("round", help="轮次编号（同一份通报的各轮一并生成）")
        parser.add_argument("--format", choices=["text", "docx", "xlsx"], default="text")
        parser.add_argument("-o", "--output", help="输出文件（text 格式默认输出到屏幕）")
        parser.add_argument("--number", default="", help="文号")
        parser.add_argument("--title", default="", help="标题")

    def handle(self, *args: Any, **options: Any) -> None:
        fmt, out = options["format"], options["output"]
        if fmt != "text" and not out:
            raise UserError(f"{fmt} 格式需要用 -o 指定输出文件", "output file required")
        rounds = sibling_rounds(one_round(options["round"]))
        doc = bulletin_doc(rounds, number=options["number"], title=options["title"])
        note_bulletin(self.actor(options), rounds, fmt)
        warnings = lint_generated(doc)
        if fmt == "text" and not out:
            self.stdout.write(render_text(doc))
            for warning in warnings:
                self.stderr.write(f"提示：{warning}")
            return
        if fmt == "text":
            with open(out, "w", encoding="utf-8") as fh:
                fh.write(render_text(doc))
        elif fmt == "docx":
            render_docx(doc, out)
        else:
            render_xlsx(doc.annexes, out)
        self.stdout.write(f"已生成 {out}")
        for warning in warnings:
            self.stdout.write(f"提示：{warning}")
