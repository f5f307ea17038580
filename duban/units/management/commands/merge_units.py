"""`duban merge_units SOURCE TARGET [--region R] [--user U]`: two names are one unit; history is kept."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser

from duban.cli.base import DubanCommand
from duban.cli.lookups import one_unit
from duban.units.services import merge_units


class Command(DubanCommand):
    help = "将一个单位并入另一个单位（如简称与全称、更名前后）；原有记录全部保留"
    json_option = False
    user_option = True

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("source", help="被并入的单位（如：区城发集团）")
        parser.add_argument("target", help="并入到的单位（如：区城发建设投资集团有限责任公司）")
        parser.add_argument("--region")

    def handle(self, *args: Any, **options: Any) -> None:
        source = one_unit(options["source"], options["region"])
        target = one_unit(options["target"], options["region"])
        merge_units(self.actor(options), source, target)
        self.stdout.write(f"已将“{source.name}”并入“{target.full_name}”；以原名称查询将指向新单位")
