"""`duban bulletin ROUND --format text|docx|xlsx -o FILE`: the 督查通报 generated from data."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from django.core.management.base import CommandParser

from duban.cli.base import DubanCommand, UserError, parse_day
from duban.cli.lookups import one_round
from duban.core.render.docx import render_docx
from duban.core.render.txt import render_text
from duban.core.render.xlsx import render_xlsx
from duban.supervision.bulletin_doc import bulletin_doc, doc_for, lint_generated, sibling_rounds
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
        parser.add_argument("--date", help="成文日期 YYYY-MM-DD（不给则在文件中留出待填的空白）")
        parser.add_argument(
            "--unit-annex", action="store_true", help="附各牵头单位推进情况汇总表（原文没有，默认不附）"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        fmt, out = options["format"], options["output"]
        if fmt != "text" and not out:
            raise UserError(f"{fmt} 格式需要用 -o 指定输出文件", "output file required")
        rnd = one_round(options["round"])
        rounds = sibling_rounds(rnd)
        bulletin = rnd.bulletins.order_by("-created_at").first()
        base = (
            doc_for(bulletin)
            if bulletin is not None
            else bulletin_doc(rounds, unit_annex=options["unit_annex"])
        )
        # What the command line gives replaces the stored frame; the date is never invented.
        doc = replace(
            base,
            number=options["number"] or base.number,
            title=options["title"] or base.title,
            date=parse_day(options["date"], "--date") or (bulletin.date if bulletin else None),
        )
        if options["unit_annex"] and bulletin is not None and not bulletin.unit_annex:
            extra = bulletin_doc(rounds, unit_annex=True)
            doc = replace(doc, annexes=extra.annexes, attachments=extra.attachments)
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
