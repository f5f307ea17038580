"""Replacing a notice with a corrected text under the same 文号 updates it in place and keeps the office's work."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from duban.audit.models import Event as AuditEvent
from duban.intake.services import Outcome
from duban.personnel.models import Event, Person
from duban.personnel.services import review_person
from duban.supervision.choices import ListKind
from duban.supervision.models import Entry, Item, Round
from duban.supervision.services import accept_entry
from tests.conftest import SAMPLE
from tests.registry_fixtures import OPERATOR, load

BULLETIN = "岳云政办通〔2024〕3号"


def _variant(tmp_path: Path, *edits: tuple[str, str]) -> Path:
    text = SAMPLE.read_text(encoding="utf-8")
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    path = tmp_path / "corrected.txt"
    path.write_text(text, encoding="utf-8")
    return path


def _task(seq: int) -> Entry:
    return Entry.objects.select_related("item", "round__task_list").get(
        round__task_list__kind=ListKind.TASKS, round__document__number=BULLETIN, item__seq=seq
    )


def _result(results, number: str):
    [found] = [r for r in results if r.number == number]
    return found


TASK_80_ROW = "\t80\n\t建设2处社区日间照料中心，完成低保扩围10%。\n"


def test_a_corrected_bulletin_keeps_its_round_items_reviews_and_ids(imported, tmp_path):
    override = accept_entry(OPERATOR, _task(58), status="on_schedule", reason="数据已核实，按时序推进")
    round_ids = set(Round.objects.values_list("pk", "state"))
    item_ids = set(Item.objects.filter(task_list__kind=ListKind.TASKS).values_list("pk", flat=True))
    corrected = _variant(tmp_path, ("城发集团：已完成转型。", "城发集团：已基本完成转型。"))

    results = load(corrected, replace=True)

    replaced = _result(results, BULLETIN)
    assert replaced.outcome == Outcome.REPLACED
    assert set(Round.objects.values_list("pk", "state")) == round_ids
    assert set(Item.objects.filter(task_list__kind=ListKind.TASKS).values_list("pk", flat=True)) == item_ids
    assert Item.objects.filter(task_list__kind=ListKind.TASKS).count() == 80
    kept = _task(58)
    assert (kept.pk, kept.status, kept.override_reason) == (
        override.pk,
        "on_schedule",
        "数据已核实，按时序推进",
    )
    assert kept.reviewed_at is not None
    assert _task(3).progress.startswith("城发集团：已基本完成转型。")
    [change] = [c for c in replaced.changes if c.field == "progress"]
    assert change.where == "第3项" and change.new.startswith("城发集团：已基本完成转型。")
    [event] = AuditEvent.objects.filter(type="intake.replace")
    assert any(k.startswith("第3项") for k in event.changes)


def test_a_corrected_notice_keeps_its_people_and_the_offices_review(imported, tmp_path):
    person = Person.objects.get(name="刘国恩")
    review_person(OPERATOR, person, needs_review=False, note="已与组织部核对")
    people = set(Person.objects.values_list("pk", flat=True))
    corrected = _variant(
        tmp_path, ("免去刘国恩同志区医疗保障局副局长职务。", "免去刘国恩同志区医疗保障局局长职务。")
    )

    [first, *_] = load(corrected, replace=True)

    assert first.outcome == Outcome.REPLACED
    assert set(Person.objects.values_list("pk", flat=True)) == people
    person.refresh_from_db()
    assert (person.review_note, person.reviewed_by) == ("已与组织部核对", OPERATOR.name)
    assert Event.objects.get(person=person).post_text == "区医疗保障局局长"
    assert [(c.where, c.old, c.new) for c in first.changes] == [
        ("第37项", "刘国恩免去区医疗保障局副局长", "刘国恩免去区医疗保障局局长")
    ]
    assert Event.objects.count() == 70


def test_dropping_an_item_the_office_reviewed_is_refused_until_confirmed(imported, tmp_path):
    accept_entry(OPERATOR, _task(80), status="on_schedule")
    text = SAMPLE.read_text(encoding="utf-8")
    start = text.index(TASK_80_ROW)
    end = text.index("\n\n", start) + 1
    shorter = tmp_path / "shorter.txt"
    shorter.write_text(text[:start] + text[end:], encoding="utf-8")

    refused = _result(load(shorter, replace=True), BULLETIN)

    assert refused.outcome == Outcome.NEEDS_CONFIRMATION
    assert refused.dropped == ["第80项“建设2处社区日间照料中心，完成低保扩围10%。”的督查室审核记录"]
    assert "会删除督查室的工作记录" in refused.message
    assert Item.objects.filter(task_list__kind=ListKind.TASKS).count() == 80  # nothing changed
    assert _task(80).reviewed_at is not None

    confirmed = _result(load(shorter, replace=True, confirm=True), BULLETIN)

    assert confirmed.outcome == Outcome.REPLACED
    assert confirmed.dropped == refused.dropped
    assert Item.objects.filter(task_list__kind=ListKind.TASKS).count() == 79


def test_the_command_lists_the_changes_and_asks_for_confirmation(imported, tmp_path, capsys):
    accept_entry(OPERATOR, _task(80), status="on_schedule")
    text = SAMPLE.read_text(encoding="utf-8")
    start = text.index(TASK_80_ROW)
    shorter = tmp_path / "shorter.txt"
    shorter.write_text(text[:start] + text[text.index("\n\n", start) + 1 :], encoding="utf-8")
    out = StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command("import", str(shorter), "--replace", stdout=out)
    assert exit_.value.code == 2
    printed = out.getvalue()
    assert f"{BULLETIN}：替换会删除督查室的工作记录，未导入" in printed and "--confirm" in printed
    assert "第80项 内容：建设2处社区日间照料中心" in printed
    out = StringIO()
    call_command("import", str(shorter), "--replace", "--confirm", "--json", stdout=out)
    [bulletin] = [d for d in json.loads(out.getvalue())["files"][0]["documents"] if d["number"] == BULLETIN]
    assert bulletin["outcome"] == "replaced" and bulletin["dropped"]


def test_an_item_kept_by_another_round_is_matched_again_when_it_comes_back(imported, tmp_path):
    from datetime import date

    from duban.supervision.models import TaskList
    from duban.supervision.services import open_round

    open_round(OPERATOR, TaskList.objects.get(kind=ListKind.TASKS), period="7月", as_of=date(2024, 7, 31))
    text = SAMPLE.read_text(encoding="utf-8")
    start = text.index(TASK_80_ROW)
    shorter = tmp_path / "shorter.txt"
    shorter.write_text(text[:start] + text[text.index("\n\n", start) + 1 :], encoding="utf-8")
    load(shorter, replace=True, confirm=True)
    assert Item.objects.filter(task_list__kind=ListKind.TASKS, seq=80).count() == 1  # the July round keeps it
    load(SAMPLE, replace=True, confirm=True)
    assert Item.objects.filter(task_list__kind=ListKind.TASKS, seq=80).count() == 1
    assert Item.objects.filter(task_list__kind=ListKind.TASKS).count() == 80
    assert _task(80).item.text == "建设2处社区日间照料中心，完成低保扩围10%。"
