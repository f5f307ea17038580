"""`duban roster UNIT [--on DATE] [--region R] [--json]`: who holds which post on a day."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import CommandParser

from duban.cli.base import DubanCommand, parse_day
from duban.cli.lookups import one_unit
from duban.cli.present import iso
from duban.personnel.queries import roster


class Command(DubanCommand):
    help = "查询某单位（含下属机构）在某日的在任人员"

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("unit")
        parser.add_argument("--on", help="日期 YYYY-MM-DD（默认今天）")
        parser.add_argument("--region")

    def handle(self, *args: Any, **options: Any) -> None:
        on = parse_day(options["on"], "--on") or date.today()
        unit = one_unit(options["unit"], options["region"])
        holders = roster(unit, on)
        if options["json"]:
            rows = [
                {"post": h.post, "person": h.person, "since": iso(h.since), "concurrent": h.concurrent}
                for h in holders
            ]
            self.emit_json({"unit": unit.full_name, "on": on.isoformat(), "holders": rows})
            return
        self.stdout.write(f"{unit.full_name}  {on.isoformat()} 在任：")
        for h in holders:
            extra = "（兼）" if h.concurrent else ""
            self.stdout.write(f"  {h.post}{extra}：{h.person}（{iso(h.since) or '任职日期不详'}起）")
        if not holders:
            self.stdout.write("  （无记录）")
