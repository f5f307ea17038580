"""`duban vacancies [--on DATE] [--region R] [--json]`: posts vacant and refilled."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import CommandParser

from duban.cli.base import DubanCommand, parse_day
from duban.cli.lookups import region_option
from duban.cli.present import iso
from duban.personnel.queries import vacancies


class Command(DubanCommand):
    help = "查询空缺职务（免职后尚未补任）与已补任的职务"

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--on", help="日期 YYYY-MM-DD（默认今天）")
        parser.add_argument("--region")

    def handle(self, *args: Any, **options: Any) -> None:
        on = parse_day(options["on"], "--on") or date.today()
        region = region_option(options["region"], required=True)
        assert region is not None  # noqa: S101 — narrows a type the code guarantees; not a check of input
        found = vacancies(region, on)
        if options["json"]:
            self.emit_json(
                {
                    "on": on.isoformat(),
                    "region": region.full_name,
                    "vacant": [
                        {"post": v.post, "vacated_by": v.vacated_by, "vacated_on": iso(v.vacated_on)}
                        for v in found.vacant
                    ],
                    "refilled": [
                        {
                            "post": r.post,
                            "vacated_by": r.vacated_by,
                            "filled_by": r.filled_by,
                            "date": iso(r.date),
                        }
                        for r in found.refilled
                    ],
                }
            )
            return
        self.stdout.write(f"截至{on.isoformat()}，空缺职务{len(found.vacant)}个：")
        for v in found.vacant:
            self.stdout.write(f"  {v.post}：{v.vacated_by}于{iso(v.vacated_on)}免职")
        self.stdout.write(f"已补任{len(found.refilled)}个：")
        for r in found.refilled:
            self.stdout.write(f"  {r.post}：{r.vacated_by} → {r.filled_by}（{iso(r.date)}）")
