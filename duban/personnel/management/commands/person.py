"""`duban person NAME [--region R] [--json]`: a person's appointment history and tenures."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser

from duban.cli.base import DubanCommand, UserError
from duban.cli.lookups import region_option
from duban.cli.present import history_json
from duban.personnel.choices import Action
from duban.personnel.queries import person_histories


class Command(DubanCommand):
    help = "查询人员的任免经历"

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("name")
        parser.add_argument("--region", help="行政区划（多个区县时使用）")

    def handle(self, *args: Any, **options: Any) -> None:
        people = person_histories(region_option(options["region"], required=False), options["name"])
        if not people:
            raise UserError(f"没有找到人员“{options['name']}”", f"no person named {options['name']!r}")
        if options["json"]:
            self.emit_json({"people": [history_json(h) for h in people]})
            return
        for h in people:
            p = h.person
            flag = f"（待核实：{p.review_note}）" if p.needs_review else ""
            self.stdout.write(f"{p.name}  {p.region}{flag}")
            for e in h.events:
                verb = "任" if e.action == Action.APPOINT else "免去"
                self.stdout.write(f"  {e.date or '?'}  {e.document}  {verb} {e.post}")
            for t in h.tenures:
                span = f"{t.start or '（不详）'} 至 {t.end or '今'}"
                extra = "（兼）" if t.concurrent else ""
                if t.probation_end:
                    extra += f"  试用期满 {t.probation_end}"
                self.stdout.write(f"  任职：{t.post}{extra}  {span}")
