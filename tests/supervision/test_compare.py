"""Month over month: status changes and progress copied from last round."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from io import StringIO

from django.core.management import call_command

from duban.supervision.choices import ListKind
from duban.supervision.compare import compare, similarity
from duban.supervision.models import Round, TaskList
from tests.registry_fixtures import open_round_as_operator as open_round
from tests.registry_fixtures import submit as submit_entry


def test_it_lists_status_changes_and_copied_texts(imported):
    june = Round.objects.get(task_list__kind=ListKind.INDICATORS)
    july = open_round(
        TaskList.objects.get(kind=ListKind.INDICATORS),
        period="2024年1-7月",
        as_of=date(2024, 7, 31),
        deadline=None,
        tolerance=None,
    )
    assert july.previous() == june
    entries = {e.item.text: e for e in july.entries.select_related("item", "round__task_list")}
    old = {e.item.text: e for e in june.entries.select_related("item")}
    # Copied word for word from June, now at 100%: the status changes and the text is flagged.
    submit_entry(
        entries["城镇新增就业"],
        progress=old["城镇新增就业"].progress,
        self_status="completed",
        percent=Decimal("100"),
    )
    # New text: not flagged.
    submit_entry(
        entries["线上线下场次"],
        progress="已完成19场，剩余1场定于8月举办。",
        self_status="on_schedule",
        percent=Decimal("95"),
    )
    result = compare(july)
    assert [(c.seq, c.before, c.after, c.direction) for c in result.changes] == [
        (5, "正常推进", "已完成", "好转")
    ]
    copied = {c.seq: c for c in result.copied}
    assert copied[5].identical is True
    assert 1 not in copied

    out = StringIO()
    call_command("compare", str(july.pk), "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["previous"] == june.pk and len(data["changes"]) == 1


def test_similarity_ignores_punctuation_and_catches_one_figure_changed():
    assert similarity("已完成17场。", "已完成17场") == 1.0
    assert (
        similarity(
            "截至6月底，新增城镇就业3096人，新增农村劳动力转移就业617人。",
            "截至7月底，新增城镇就业3096人，新增农村劳动力转移就业617人。",
        )
        > 0.9
    )
    assert similarity("已开工建设。", "完成主体结构封顶，正在进行内部装修，预计9月底完工。") < 0.5
    assert similarity("", "x") == 0.0
