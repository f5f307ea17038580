"""`duban unit NAME [--region R] [--json]`: everything a unit is responsible for, across documents."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser

from duban.cli.base import DubanCommand
from duban.cli.lookups import one_unit
from duban.cli.present import responsibilities_json
from duban.supervision.queries import responsibilities


class Command(DubanCommand):
    help = "查询某单位牵头或配合的全部事项（含通过“各镇（街道）”等群组承担的）"

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("name")
        parser.add_argument("--region")

    def handle(self, *args: Any, **options: Any) -> None:
        unit = one_unit(options["name"], options["region"])
        found = responsibilities_json(responsibilities(unit))
        aliases = list(unit.aliases.values_list("name", flat=True))
        if options["json"]:
            self.emit_json({"unit": unit.full_name, "kind": unit.kind, "aliases": aliases, **found})
            return
        self.stdout.write(
            f"{unit.full_name}（{unit.get_kind_display()}）  简称/别称：{'、'.join(aliases) or '无'}"
        )
        if unit.needs_review:
            self.stdout.write(f"  待核实：{unit.review_note}")
        for key, label in (("leads", "牵头"), ("related", "配合")):
            self.stdout.write(f"{label}{len(found[key])}项：")
            for it in found[key]:
                via = f"（经“{it['via']}”）" if it["via"] else ""
                self.stdout.write(f"  {it['document']} 第{it['seq']}项{via}：{str(it['text'])[:50]}")
