"""A 督办单 as a Word 公文 (GB/T 9704), from the text the reminder was issued with."""

from __future__ import annotations

from duban.core.render.spec import DocKind, OfficialDoc, Para
from duban.reminders.models import Reminder
from duban.reminders.texts import office_name


def reminder_doc(reminder: Reminder) -> OfficialDoc:
    """The 督办单 to print or send as a file: the office in the 版头, the unit as 主送, the items and requirements."""
    lines = [line.strip() for line in reminder.text.splitlines()]
    office = office_name(reminder.round.task_list.region)
    # The stored text is heading, blank, "单位：", the body lines, blank, office, date.
    body = [line for line in lines[3:] if line and line != office]
    if body and body[-1].endswith("日"):
        body.pop()  # the text's date line: the document carries the reminder's date itself
    title = lines[0] if lines else "督办单"
    return OfficialDoc(
        number="",
        issuer=office,
        title=title,
        recipients=reminder.unit.full_name,
        body=[Para(text) for text in body],
        attachments=[],
        signature=office,
        date=reminder.issued_on,
        kind=DocKind.ORDER,
    )
