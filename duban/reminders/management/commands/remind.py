"""`duban remind ROUND [--today DATE] [--user U] [--json]`: issue the 督办单 due today and print them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser
from django.utils import timezone

from duban.cli.base import DubanCommand, UserError, parse_day
from duban.cli.lookups import one_round
from duban.core.render.docx import render_docx
from duban.reminders.models import Reminder
from duban.reminders.orders import reminder_doc
from duban.reminders.rules import rule_from_settings
from duban.reminders.services import issue_reminders
from duban.supervision.services import note_export


def reminder_json(reminder: Reminder) -> dict[str, object]:
    """A reminder as `duban remind --json` gives it."""
    return {
        "id": reminder.pk,
        "round": reminder.round_id,
        "unit": reminder.unit.full_name,
        "level": reminder.level,
        "level_label": reminder.get_level_display(),
        "reason": reminder.reason,
        "items": sorted(reminder.items.values_list("seq", flat=True)),
        "issued_on": reminder.issued_on.isoformat(),
        "reply_by": reminder.reply_by.isoformat() if reminder.reply_by else None,
        "text": reminder.text,
    }


class Command(DubanCommand):
    help = "催办：按三色规则为一轮调度签发督办单（蓝色提醒、黄色催办、红色督办），并生成通知"
    user_option = True

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("round", help="调度轮次编号（见 duban round list）")
        parser.add_argument("--today", help="按哪一天判断（YYYY-MM-DD，默认今天）")
        parser.add_argument("--docx", metavar="DIR", help="把签发的督办单另存为 Word 公文到此目录")

    def handle(self, *args: Any, **options: Any) -> None:
        rnd = one_round(options["round"])
        today = parse_day(options["today"], "--today") or timezone.localdate()
        try:
            rule = rule_from_settings()
        except ValueError as exc:
            raise UserError("催办规则的设置无效（DUBAN_REMINDER_*_DAYS 应为非负整数）", str(exc)) from None
        if rnd.deadline is None:
            self.stderr.write("提示：本轮未设报送截止日期，只按进展滞后催办")
        issued = issue_reminders(self.actor(options), rnd, today, rule)
        if options["docx"]:
            folder = Path(options["docx"])
            folder.mkdir(parents=True, exist_ok=True)
            for reminder in issued:
                name = f"督办单-{reminder.get_level_display()}-{reminder.unit.full_name}.docx".replace(
                    "/", "_"
                )
                render_docx(reminder_doc(reminder), folder / name)
                note_export(self.actor(options), reminder, name)
        if options["json"]:
            self.emit_json(
                {"round": rnd.pk, "today": today.isoformat(), "issued": [reminder_json(r) for r in issued]}
            )
            return
        if not issued:
            self.stdout.write(f"{rnd}：{today.isoformat()} 没有需要新签发的督办单")
            return
        self.stdout.write(f"{rnd}：签发督办单{len(issued)}份")
        for reminder in issued:
            self.stdout.write("")
            self.stdout.write(
                f"[{reminder.get_level_display()}] {reminder.unit.full_name}：{reminder.reason}"
            )
            self.stdout.write(reminder.text)
