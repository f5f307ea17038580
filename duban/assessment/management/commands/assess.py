"""`duban assess 年度 [--region R] [--format text|xlsx|docx -o FILE] [--json]`: the year-end assessment."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from django.core.management.base import CommandParser

from duban.assessment import exports
from duban.assessment.choices import Measure
from duban.assessment.scoring import Assessment, assess
from duban.assessment.services import note_download
from duban.cli.base import DubanCommand, UserError
from duban.cli.lookups import region_option


class Command(DubanCommand):
    help = "年度目标责任考核：各牵头单位的得分、名次和计分明细（文本、Excel 或 Word 通报附件）"
    user_option = True

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("year", help="年度，如 2024")
        parser.add_argument("--region", help="行政区划（只存有一个时可省略）")
        parser.add_argument("--format", choices=["text", "xlsx", "docx"], default="text")
        parser.add_argument("-o", "--output", help="输出文件（xlsx、docx 格式必填）")

    def handle(self, *args: Any, **options: Any) -> None:
        text = str(options["year"]).removesuffix("年")
        if not text.isdigit() or not 2000 <= int(text) <= 2100:
            raise UserError(
                f"年度“{options['year']}”无效，应为如 2024 的年份", f"bad year {options['year']!r}"
            )
        fmt, out = options["format"], options["output"]
        if fmt != "text" and not out:
            raise UserError(f"{fmt} 格式需要用 -o 指定输出文件", "output file required")
        region = region_option(options["region"], required=True)
        if region is None:  # required=True never gives None; this narrows the type
            raise UserError("请用 --region 指定行政区划", "region required")
        result = assess(region, int(text))
        if fmt == "text":
            if options["json"]:
                self.emit_json(as_json(result))
            elif out:
                with open(out, "w", encoding="utf-8") as fh:
                    fh.write(exports.text_of(result))
            else:
                self.stdout.write(exports.text_of(result), ending="")
            if not out:
                return
        else:
            data = exports.xlsx_bytes(result) if fmt == "xlsx" else exports.docx_bytes(result)
            with open(out, "wb") as fh:
                fh.write(data)
        note_download(self.actor(options), region, result.year, fmt)
        if not options["json"]:
            self.stdout.write(f"已生成 {out}")


def as_json(result: Assessment) -> dict[str, Any]:
    """The assessment for programs: the rule, and each unit with its measures and items."""
    rule = result.rule
    return {
        "region": result.region.full_name,
        "year": result.year,
        "as_of": result.as_of,
        "rounds": list(result.rounds),
        "rule": {
            "default": rule.is_default,
            "base": rule.base,
            "measures": [
                {"measure": m.value, "label": m.label, "weight": rule.weight(m), "cap": rule.cap(m)}
                for m in Measure
            ],
        },
        "units": [asdict(u) for u in result.units],
    }
