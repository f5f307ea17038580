"""`duban notices UNIT [--unread] [--json]`: a unit's in-app notices, newest first."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser
from django.utils import timezone

from duban.cli.base import DubanCommand
from duban.cli.lookups import one_unit
from duban.reminders.models import Notification


class Command(DubanCommand):
    help = "查看单位的站内通知（督办单等）"

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("unit", help="单位全称或简称")
        parser.add_argument("--region", help="行政区划（有多个时）")
        parser.add_argument("--unread", action="store_true", help="只看未读")
        parser.add_argument("--full", action="store_true", help="显示正文")

    def handle(self, *args: Any, **options: Any) -> None:
        unit = one_unit(options["unit"], options["region"])
        notices = Notification.objects.for_unit(unit)
        if options["unread"]:
            notices = notices.unread()
        rows = [
            {
                "id": n.pk,
                "title": n.title,
                "created_at": timezone.localtime(n.created_at).isoformat(timespec="minutes"),
                "read": n.read_at is not None,
                "body": n.body,
            }
            for n in notices
        ]
        if options["json"]:
            self.emit_json({"unit": unit.full_name, "notices": rows})
            return
        self.stdout.write(f"{unit.full_name}：{'未读' if options['unread'] else ''}通知{len(rows)}条")
        for row in rows:
            mark = "" if row["read"] else "【未读】"
            self.stdout.write(f"  [{row['id']}] {mark}{row['title']}（{row['created_at']}）")
            if options["full"]:
                self.stdout.write(str(row["body"]))
