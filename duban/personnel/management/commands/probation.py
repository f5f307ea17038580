"""`duban probation [--due-before DATE] [--region R] [--json]`: probations ending."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser

from duban.cli.base import DubanCommand, parse_day
from duban.cli.lookups import region_option
from duban.cli.present import iso
from duban.personnel.queries import probation_due


class Command(DubanCommand):
    help = "查询试用期将满的任职（按到期日排序）"

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--due-before", help="只列出在此日期前到期的 YYYY-MM-DD（默认全部）")
        parser.add_argument("--region")

    def handle(self, *args: Any, **options: Any) -> None:
        before = parse_day(options["due_before"], "--due-before")
        due = probation_due(region_option(options["region"], required=False), before)
        if options["json"]:
            rows = [
                {
                    "person": d.person,
                    "post": d.post,
                    "start": iso(d.start),
                    "probation_end": iso(d.probation_end),
                }
                for d in due
            ]
            self.emit_json({"due": rows})
            return
        self.stdout.write(f"试用期将满{len(due)}人：")
        for d in due:
            self.stdout.write(f"  {d.probation_end}  {d.person}  {d.post}（{iso(d.start)}任职）")
