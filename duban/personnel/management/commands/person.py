"""`duban person NAME [--json]`: a person's events and tenures."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser

from duban.commands import DubanCommand, UserError
from duban.personnel.services import person_history
from duban.units.lookup import region_option


class Command(DubanCommand):
    help = "查询人员的任免经历"

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("name")
        parser.add_argument("--region", help="行政区划（多个区县时使用）")

    def handle(self, *args: Any, **options: Any) -> None:
        people = person_history(region_option(options["region"], required=False), options["name"])
        if not people:
            raise UserError(f"没有找到人员“{options['name']}”", f"no person named {options['name']!r}")
        if options["json"]:
            self.emit_json({"people": people})
            return
        for p in people:
            flag = f"（待核实：{p['review_note']}）" if p["needs_review"] else ""
            self.stdout.write(f"{p['name']}  {p['region']}{flag}")
            for e in p["events"]:
                verb = "任" if e["action"] == "appoint" else "免去"
                self.stdout.write(f"  {e['date'] or '?'}  {e['document']}  {verb} {e['post']}")
            for t in p["tenures"]:
                span = f"{t['start'] or '（不详）'} 至 {t['end'] or '今'}"
                extra = "（兼）" if t["concurrent"] else ""
                if t["probation_end"]:
                    extra += f"  试用期满 {t['probation_end']}"
                self.stdout.write(f"  任职：{t['post']}{extra}  {span}")
