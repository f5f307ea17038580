"""A unit submits progress in an open round; the office reviews, and overriding needs a reason."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from duban.supervision.entries import EntryError, review_entry, submit_entry
from duban.supervision.models import Entry, ListKind, Round, TaskList
from duban.supervision.services import open_round


@pytest.fixture
def july(imported) -> Round:
    indicators = TaskList.objects.get(kind=ListKind.INDICATORS)
    return open_round(
        indicators, period="2024年1-7月", as_of=date(2024, 7, 31), deadline=date(2024, 8, 5), tolerance=None
    )


def _entry(rnd: Round, text: str) -> Entry:
    return rnd.entries.select_related("item", "round__task_list").get(item__text=text)


def test_the_figures_decide_until_the_office_reviews(july):
    entry = _entry(july, "城镇新增就业")
    submit_entry(
        entry, progress="截至7月底，已完成3500人。", self_status="completed", percent=Decimal("62.5")
    )
    entry.refresh_from_db()
    assert (entry.self_status, entry.status) == ("completed", "on_schedule")  # 62.5% is not done
    assert entry.submitted_at is not None


def test_an_override_without_a_reason_is_refused_and_with_one_is_kept(july):
    entry = _entry(july, "城镇新增就业")
    submit_entry(entry, progress="已完成3500人。", self_status="on_schedule", percent=Decimal("62.5"))
    with pytest.raises(EntryError, match="改判须说明理由"):
        review_entry(entry, status="lagging")
    review_entry(entry, status="lagging", reason="三季度招聘会取消，后续难以完成")
    entry.refresh_from_db()
    assert (entry.status, entry.override_reason) == ("lagging", "三季度招聘会取消，后续难以完成")
    review_entry(entry, status="on_schedule")  # agreeing with the figures needs no reason
    entry.refresh_from_db()
    assert entry.override_reason == ""


def test_a_text_only_item_keeps_the_units_judgement(july):
    entry = _entry(july, "开工建设保障性租赁住房")
    submit_entry(entry, progress="已开工建设。", self_status="on_schedule")
    entry.refresh_from_db()
    assert entry.status == "on_schedule"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"progress": "", "self_status": "on_schedule"}, "请填写进展情况"),
        ({"progress": "x", "self_status": "done"}, "自评进度"),
        ({"progress": "x", "self_status": "on_schedule", "percent": Decimal("-5")}, "超出合理范围"),
    ],
)
def test_bad_values_are_refused_and_nothing_changes(july, kwargs, message):
    entry = _entry(july, "城镇新增就业")
    with pytest.raises(EntryError, match=message):
        submit_entry(entry, **kwargs)
    entry.refresh_from_db()
    assert entry.progress == "" and entry.submitted_at is None


def test_a_closed_round_takes_no_submissions(imported):
    closed = Round.objects.get(task_list__kind=ListKind.INDICATORS)
    entry = closed.entries.first()
    with pytest.raises(EntryError, match="已截止"):
        submit_entry(entry, progress="x", self_status="on_schedule")
