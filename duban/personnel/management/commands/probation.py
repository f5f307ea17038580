"""`duban probation [--due-before DATE] [--json]`: probation periods ending soon."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser

from duban.commands import DubanCommand, parse_day
from duban.personnel.services import probation_due
from duban.units.lookup import region_option


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
            self.emit_json({"due": due})
            return
        self.stdout.write(f"试用期将满{len(due)}人：")
        for d in due:
            self.stdout.write(f"  {d['probation_end']}  {d['person']}  {d['post']}（{d['start']}任职）")
