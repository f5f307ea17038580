"""A later bulletin of the same list never deletes items that earlier rounds' entries hang on."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from duban.supervision.choices import ListKind
from duban.supervision.models import Entry, Item, Round, TaskList
from tests.conftest import SAMPLE
from tests.registry_fixtures import load
from tests.registry_fixtures import open_round_as_operator as open_round
from tests.registry_fixtures import submit as submit_entry


def test_a_shorter_later_bulletin_keeps_the_earlier_rounds_and_submissions(imported, tmp_path):
    indicators = TaskList.objects.get(kind=ListKind.INDICATORS)
    july = open_round(
        indicators, period="2024年1-7月", as_of=date(2024, 7, 31), deadline=None, tolerance=None
    )
    entry = july.entries.select_related("item", "round__task_list").get(item__text="城镇新增就业")
    submit_entry(entry, progress="已完成3500人。", self_status="on_schedule", percent=Decimal("62.5"))
    before_entries = Entry.objects.count()

    text = SAMPLE.read_text(encoding="utf-8")
    bulletin = text[text.index(" 岳云政办通〔2024〕3号") : text.index(" 岳云政办函〔2024〕9号")]
    bulletin = bulletin.replace("岳云政办通〔2024〕3号", "岳云政办通〔2024〕5号", 1)
    start = bulletin.index("\t\n\t\n\t\n\t\n\t个案指导")
    end = bulletin.index("\n\n", start) + 2
    shorter = tmp_path / "shorter.txt"
    shorter.write_text(bulletin[:start] + bulletin[end:], encoding="utf-8")
    load(shorter)

    assert Item.objects.filter(task_list=indicators).count() == 46
    assert Entry.objects.filter(round=july, submitted_at__isnull=False).count() == 1
    newest = Round.objects.filter(task_list=indicators).order_by("-pk").first()
    assert newest.entries.count() == 45
    assert Entry.objects.count() == before_entries + 45 + 80
