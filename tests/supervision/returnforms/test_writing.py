"""Return forms are written per lead unit, pre-filled with the unit's items and last round's entries."""

from __future__ import annotations

import docx

from duban.supervision.choices import Duty, RoundState
from duban.supervision.models import ItemUnit, Round
from duban.supervision.returnforms.writing import previous_entries, unit_items, write_forms
from tests.supervision.returnforms.conftest import form_of, sheet_rows


def test_it_writes_an_excel_and_a_word_form_per_lead_unit(tasks_round, tmp_path):
    leads = set(
        ItemUnit.objects.filter(item__task_list=tasks_round.task_list, duty=Duty.LEAD).values_list(
            "unit_id", flat=True
        )
    )
    paths = write_forms(tasks_round, tmp_path)
    assert len(paths) == 2 * len(leads)
    assert {p.suffix for p in paths} == {".xlsx", ".docx"}
    assert all(p.is_file() for p in paths)
    assert (tmp_path / "区卫生健康局-2024年1-7月-目标任务.xlsx") in paths


def test_the_health_bureau_task_form_lists_44_46_49_with_last_rounds_progress(tasks_round, tmp_path):
    rows = sheet_rows(form_of(write_forms(tasks_round, tmp_path), "区卫生健康局", ".xlsx"))
    assert [r["序号"] for r in rows] == [44, 46, 49]
    first = rows[0]
    assert str(first["事项"]).startswith("建立市容和环境卫生管理长效机制")
    assert str(first["上期进展"]).startswith("常态化开展市容秩序整治，整治店外作业160余家")
    assert first["上期进度"] == "常态化或按时序推进"
    assert first["本期进展情况"] is None and first["自评进度"] is None


def test_the_word_form_holds_the_same_items_on_a_landscape_page(tasks_round, tmp_path):
    document = docx.Document(str(form_of(write_forms(tasks_round, tmp_path), "区卫生健康局", ".docx")))
    section = document.sections[0]
    assert section.page_width > section.page_height
    [table] = document.tables
    assert table.rows[0].cells[0].text == "序号"
    seqs = [row.cells[0].paragraphs[0].runs[0].text for row in table.rows[1:]]
    assert seqs == ["44", "46", "49"]
    assert "填报单位：区卫生健康局" in "\n".join(p.text for p in document.paragraphs)


def test_a_task_with_two_lead_units_is_on_both_forms(tasks_round):
    by_unit = {unit.name: [i.seq for i in items] for unit, items in unit_items(tasks_round).items()}
    assert 51 in by_unit["区交通运输局"] and 51 in by_unit["区物流发展服务中心"]


def test_the_indicator_form_keeps_both_indicators_of_item_2_and_their_targets(indicators_round, tmp_path):
    rows = sheet_rows(form_of(write_forms(indicators_round, tmp_path), "区卫生健康局", ".xlsx"))
    assert [(r["序号"], r["目标"]) for r in rows[:2]] == [(2, "500人"), (2, "70个")]
    assert rows[0]["上期进展"] == "已完成332人。"
    assert rows[0]["上期进度"] == "正常推进\n66%"


def test_previous_entries_come_from_the_latest_earlier_round(tasks_round):
    [closed] = Round.objects.filter(task_list=tasks_round.task_list, state=RoundState.CLOSED)
    previous = previous_entries(tasks_round)
    assert {e.round_id for e in previous.values()} == {closed.pk}
    assert previous_entries(closed) == {}


def test_a_task_form_shows_the_targets_its_text_states_and_opens_the_percent_there(tasks_round, tmp_path):
    import openpyxl

    path = form_of(write_forms(tasks_round, tmp_path), "区民政局", ".xlsx")
    [row] = sheet_rows(path)
    assert row["序号"] == 80 and row["目标"] == "建设社区日间照料中心2处；低保扩围10%"
    ws = openpyxl.load_workbook(path).worksheets[0]
    percent = next(c for c in ws[4] if c.value == "完成比例（%）").column
    assert ws.cell(5, percent).protection.locked is False  # open: the task states a target
    assert ws.protection.sheet and ws.protection.password  # locked with the configured password
    signers = [c.value for r in ws.iter_rows(min_row=6) for c in r if c.value]
    assert "填报人：" in signers and any(str(v).startswith("单位负责人") for v in signers)


def test_a_closed_rounds_form_says_it_is_only_for_reading(tasks_round, tmp_path):
    import docx as word
    import openpyxl

    from duban.supervision.models import Round

    Round.objects.filter(pk=tasks_round.pk).update(state=RoundState.CLOSED)
    tasks_round.refresh_from_db()
    paths = write_forms(tasks_round, tmp_path)
    ws = openpyxl.load_workbook(form_of(paths, "区民政局", ".xlsx")).worksheets[0]
    assert "仅供查阅" in str(ws.cell(1, 2).value)
    document = word.Document(str(form_of(paths, "区民政局", ".docx")))
    assert document.core_properties.keywords == "仅供查阅"
