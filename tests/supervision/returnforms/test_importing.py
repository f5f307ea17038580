"""Importing a filled form: every change listed first, then written through the entry rules."""

from __future__ import annotations

import json
from decimal import Decimal
from io import StringIO
from pathlib import Path

import docx
import openpyxl
import pytest
from django.core.management import call_command

from duban.audit.models import Event as AuditEvent
from duban.core.errors import ParseError
from duban.errors import Conflict, InvalidInput
from duban.supervision.choices import EntryState, RoundState
from duban.supervision.returnforms.importing import apply_form, plan_form
from duban.supervision.returnforms.reading import read_form_file
from duban.supervision.returnforms.writing import write_forms
from tests.registry_fixtures import OPERATOR
from tests.supervision.returnforms.conftest import FIRST, fill, form_of, run_round, stored


@pytest.fixture
def filled(indicators_round, tmp_path) -> Path:
    """区卫生健康局's indicator form with its first two rows filled in."""
    path = form_of(write_forms(indicators_round, tmp_path), "区卫生健康局", ".xlsx")
    return fill(
        path,
        {
            FIRST: {
                "本期进展情况": "已完成401人。",
                "完成比例（%）": 80.2,
                "自评进度": "正常推进",
                "备注": "数据截至7月20日",
            },
            FIRST + 1: {"本期进展情况": "已完成70个。", "完成比例（%）": "100%", "自评进度": "已完成"},
        },
    )


def test_without_apply_every_change_is_listed_the_status_included_and_nothing_is_stored(
    indicators_round, filled
):
    before = stored(indicators_round)
    out = run_round("import-entries", str(filled))
    assert "第2项（新生儿疾病免费筛查与诊断服务）进展情况：（空） → 已完成401人。" in out
    assert "第2项（新生儿疾病免费筛查与诊断服务）完成比例：（空） → 80.2%" in out
    assert "第2项（新生儿疾病免费筛查与诊断服务）审定进度（按数据）：（空） → 正常推进" in out
    assert "第2项（新生儿疾病免费筛查与诊断服务）备注：（空） → 数据截至7月20日" in out
    assert "自评进度：（空） → 已完成\n" in out
    assert "共9处改动，涉及2项" in out and "--apply" in out
    assert stored(indicators_round) == before


def test_with_apply_the_entries_are_updated_submitted_and_audited(
    indicators_round, filled, django_user_model
):
    django_user_model.objects.create_user("duchashi")
    out = run_round("import-entries", str(filled), "--apply", "--user", "duchashi")
    assert "已写入2项（9处改动）" in out
    first, second = indicators_round.entries.filter(item__seq=2).order_by("item__order")
    assert (first.progress, first.percent, first.self_status, first.remark) == (
        "已完成401人。",
        Decimal("80.2"),
        "on_schedule",
        "数据截至7月20日",
    )
    assert (second.progress, second.percent, second.status) == ("已完成70个。", Decimal(100), "completed")
    assert first.state == EntryState.SUBMITTED
    assert first.submitted_at is not None and first.submitted_by.username == "duchashi"
    [event] = AuditEvent.objects.for_object(first).exclude(type="entry.create")
    assert (event.type, event.actor, event.via) == ("entry.form_import", "duchashi", "cli")
    assert event.changes["progress"] == ["", "已完成401人。"]
    untouched = indicators_round.entries.get(item__seq=13)
    assert (untouched.progress, untouched.submitted_at) == ("", None)


def test_importing_the_same_form_again_changes_nothing(indicators_round, filled):
    run_round("import-entries", str(filled), "--apply")
    assert "没有改动" in run_round("import-entries", str(filled))
    data = json.loads(run_round("import-entries", str(filled), "--apply", "--json"))
    assert data["changes"] == [] and data["updated"] == 0


def test_the_json_listing_names_each_change(indicators_round, filled):
    data = json.loads(run_round("import-entries", str(filled), "--json"))
    assert data["round"] == indicators_round.pk and data["unit"] == "区卫生健康局"
    assert data["changes"][1] == {
        "item_id": indicators_round.task_list.items.filter(seq=2).order_by("order")[0].pk,
        "seq": 2,
        "item": "新生儿疾病免费筛查与诊断服务",
        "field": "percent",
        "old": "",
        "new": "80.2%",
    }
    assert data["applied"] is False and data["updated"] == 0


def test_rows_reordered_by_the_user_still_reach_their_items(indicators_round, tmp_path):
    path = form_of(write_forms(indicators_round, tmp_path), "区卫生健康局", ".xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    first, second = ([c.value for c in ws[r]] for r in (FIRST, FIRST + 1))
    for c, (a, b) in enumerate(zip(first, second, strict=True), start=1):
        ws.cell(FIRST, c, b)
        ws.cell(FIRST + 1, c, a)
    wb.save(path)
    fill(path, {FIRST: {"本期进展情况": "已完成70个。", "自评进度": "正常推进"}})  # now the 托位 row
    apply_form(OPERATOR, indicators_round, read_form_file(path))
    progress = [e.progress for e in indicators_round.entries.filter(item__seq=2).order_by("item__order")]
    assert progress == ["", "已完成70个。"]


def test_a_row_with_only_a_remark_saves_the_remark(indicators_round, tmp_path):
    path = form_of(write_forms(indicators_round, tmp_path), "区卫生健康局", ".xlsx")
    fill(path, {FIRST: {"备注": "本月数据待市卫健委反馈"}})
    plan = apply_form(OPERATOR, indicators_round, read_form_file(path))
    assert [(c.field, c.new) for c in plan.changes] == [("remark", "本月数据待市卫健委反馈")]
    entry = indicators_round.entries.filter(item__seq=2).order_by("item__order").first()
    assert (entry.remark, entry.progress, entry.state) == ("本月数据待市卫健委反馈", "", EntryState.EMPTY)


def test_a_form_writes_only_the_items_of_the_unit_it_was_issued_to(indicators_round, tmp_path):
    paths = write_forms(indicators_round, tmp_path)
    health = form_of(paths, "区卫生健康局", ".xlsx")
    other = indicators_round.task_list.items.get(text="城镇新增就业")  # led by 区人社局
    wb = openpyxl.load_workbook(health)
    ws = wb.worksheets[0]
    ws.insert_rows(FIRST)
    ws.cell(FIRST, 1, other.pk)
    ws.cell(FIRST, 7, "已完成4000人。")
    ws.cell(FIRST, 9, "正常推进")
    wb.save(health)
    before = stored(indicators_round)
    with pytest.raises(ParseError, match="不是区卫生健康局牵头的事项"):
        plan_form(OPERATOR, indicators_round, read_form_file(health))
    with pytest.raises(ParseError):
        apply_form(OPERATOR, indicators_round, read_form_file(health))
    assert stored(indicators_round) == before


def test_a_percentage_is_refused_where_the_item_has_no_quantified_target(tasks_round, tmp_path):
    path = form_of(write_forms(tasks_round, tmp_path), "区卫生健康局", ".xlsx")
    fill(
        path, {FIRST: {"本期进展情况": "常态化整治。", "完成比例（%）": 60, "自评进度": "常态化或按时序推进"}}
    )
    with pytest.raises(ParseError) as error:
        plan_form(OPERATOR, tasks_round, read_form_file(path))
    assert f"第{FIRST}行" in str(error.value) and "没有量化目标，不填完成比例" in str(error.value)


def test_a_bad_percent_is_refused_with_its_row_and_nothing_is_stored(indicators_round, filled, capsys):
    fill(filled, {FIRST + 1: {"完成比例（%）": "约八成"}})
    before = stored(indicators_round)
    with pytest.raises(SystemExit) as exit_:
        call_command("round", "import-entries", str(filled), "--apply", stdout=StringIO())
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("错误：") and f"第{FIRST + 1}行" in err and "“约八成”不是数字" in err
    assert stored(indicators_round) == before


def test_an_item_outside_the_round_is_refused(indicators_round, tasks_round, tmp_path):
    path = form_of(write_forms(indicators_round, tmp_path), "区卫生健康局", ".xlsx")
    task_item = tasks_round.task_list.items.get(seq=44)
    fill(path, {FIRST: {"事项编号": task_item.pk, "本期进展情况": "已完成。"}})
    with pytest.raises(ParseError, match="不属于本轮次的任务清单"):
        plan_form(OPERATOR, indicators_round, read_form_file(path))


def test_a_form_of_another_round_is_refused(indicators_round, tasks_round, filled):
    with pytest.raises(InvalidInput, match=f"属于调度轮次\\[{indicators_round.pk}\\]"):
        plan_form(OPERATOR, tasks_round, read_form_file(filled))


@pytest.mark.parametrize("state", [RoundState.CLOSED, RoundState.PUBLISHED])
def test_a_closed_or_published_round_is_not_changed(indicators_round, filled, capsys, state):
    indicators_round.state = state
    indicators_round.save(update_fields=["state"])
    before = stored(indicators_round)
    with pytest.raises(SystemExit) as exit_:
        call_command("round", "import-entries", str(filled), "--apply", stdout=StringIO())
    assert exit_.value.code == 2
    assert f"{RoundState(state).label}，不能再填报" in capsys.readouterr().err
    with pytest.raises(Conflict):
        apply_form(OPERATOR, indicators_round, read_form_file(filled))
    assert stored(indicators_round) == before


def test_a_file_that_is_not_a_form_is_one_line_on_the_command_line(imported, tmp_path, capsys):
    path = tmp_path / "表.xlsx"
    openpyxl.Workbook().save(path)
    with pytest.raises(SystemExit):
        call_command("round", "import-entries", str(path), stdout=StringIO())
    assert "不是本系统导出的回执表" in capsys.readouterr().err


def test_a_filled_word_form_imports_too(tasks_round, tmp_path):
    path = form_of(write_forms(tasks_round, tmp_path), "区卫生健康局", ".docx")
    document = docx.Document(str(path))
    [table] = document.tables
    header = [c.text for c in table.rows[0].cells]
    row = table.rows[2].cells  # 第46项
    row[header.index("本期进展情况")].paragraphs[0].add_run("重点专科建设已启动。")
    row[header.index("自评进度")].paragraphs[0].add_run("常态化或按时序推进")
    document.save(str(path))
    plan = plan_form(OPERATOR, tasks_round, read_form_file(path))
    assert [(c.seq, c.field, c.new) for c in plan.changes] == [
        (46, "progress", "重点专科建设已启动。"),
        (46, "self_status", "常态化或按时序推进"),
        (46, "status", "常态化或按时序推进"),
    ]
    assert apply_form(OPERATOR, tasks_round, read_form_file(path)).updated == 1
    assert tasks_round.entries.get(item__seq=46).self_status == "on_schedule"


def test_the_forms_command_writes_the_files_and_round_list_still_works(tasks_round, tmp_path):
    out = run_round("forms", str(tasks_round.pk), "-o", str(tmp_path / "回执表"))
    assert "区卫生健康局-2024年1-7月-目标任务.xlsx" in out
    assert (tmp_path / "回执表" / "区卫生健康局-2024年1-7月-目标任务.docx").is_file()
    listed = json.loads(run_round("list", "--json"))
    assert [r["state"] for r in listed["rounds"]] == ["closed", "closed", "open"]
