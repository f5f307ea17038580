"""An entry keeps when its report first reached the office and how often it was returned
(the year-end assessment judges lateness and returns by them; `submitted_at` moves on resubmission)."""

from __future__ import annotations

from datetime import date

from duban.supervision.choices import ListKind
from duban.supervision.models import Entry, TaskList
from duban.supervision.services import Report, approve_entry, open_round, return_entry, submit_entry


def test_the_first_report_time_stays_and_every_return_is_counted(personas):
    rnd = open_round(
        personas.actor(personas.officer),
        TaskList.objects.get(kind=ListKind.INDICATORS),
        period="2024年1-7月",
        as_of=date(2024, 7, 31),
        deadline=date(2024, 8, 5),
    )
    entry = rnd.entries.select_related("item", "round__task_list").get(item__text="建设老年助餐服务点")
    reporter, head, officer = (
        personas.actor(u) for u in (personas.reporter, personas.head, personas.officer)
    )
    submit_entry(reporter, entry, Report("已建成4个助餐点。", "on_schedule"))
    entry.refresh_from_db()
    assert entry.first_reported_at is None  # waiting for the head: not yet with the office
    approve_entry(head, entry)
    entry.refresh_from_db()
    first = entry.first_reported_at
    assert first is not None and first == entry.approved_at
    for n in (1, 2):
        return_entry(officer, entry, f"第{n}次：请补充名称")
        submit_entry(reporter, entry, Report(f"补充第{n}次。", "on_schedule"))
        approve_entry(head, entry)
        entry = Entry.objects.select_related("item", "round__task_list").get(pk=entry.pk)
        assert entry.returns == n
    assert entry.first_reported_at == first and entry.submitted_at > first
