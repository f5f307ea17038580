"""Return forms (回执表): written per lead unit, filled in as a unit would, imported back with confirmation."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from io import StringIO
from pathlib import Path

import docx
import openpyxl
import pytest
from auditlog.models import LogEntry
from django.core.management import call_command
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from duban.commands import UserError
from duban.core.errors import ParseError
from duban.supervision.forms import (
    apply_import,
    plan_import,
    previous_entries,
    read_filled_form,
    unit_items,
    write_forms,
)
from duban.supervision.models import ItemUnit, ListKind, Role, Round, RoundState, TaskList
from duban.supervision.services import open_round

HEADER_ROW = 4  # title, unit line, instructions, then the header
FIRST = HEADER_ROW + 1


def _open(kind: str) -> Round:
    """A new July round of the list, as `duban round open` makes it."""
    return open_round(
        TaskList.objects.get(kind=kind),
        period="2024年1-7月",
        as_of=date(2024, 7, 31),
        deadline=date(2024, 8, 5),
        tolerance=None,
    )


@pytest.fixture
def tasks_round(imported) -> Round:
    return _open(ListKind.TASKS)


@pytest.fixture
def indicators_round(imported) -> Round:
    return _open(ListKind.INDICATORS)


def _form(paths: list[Path], unit: str, suffix: str) -> Path:
    [path] = [p for p in paths if p.name.startswith(f"{unit}-") and p.suffix == suffix]
    return path


def _sheet_rows(path: Path) -> list[dict[str, object]]:
    ws = openpyxl.load_workbook(path).worksheets[0]
    header = [c.value for c in ws[HEADER_ROW]]
    return [dict(zip(header, row, strict=True)) for row in ws.iter_rows(min_row=FIRST, values_only=True)]


def _fill(path: Path, cells: dict[int, dict[str, object]]) -> Path:
    """Type into the form as a unit would: {sheet row: {header: value}}."""
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    col = {c.value: c.column for c in ws[HEADER_ROW]}
    for row, values in cells.items():
        for header, value in values.items():
            ws.cell(row, col[header]).value = value
    wb.save(path)
    return path


def _stored(rnd: Round) -> list[tuple[str, Decimal | None, str]]:
    return [(e.progress, e.percent, e.self_status) for e in rnd.entries.order_by("item__order")]


def _run(*args: str) -> str:
    out = StringIO()
    call_command("round", *args, stdout=out)
    return out.getvalue()


# --- writing ------------------------------------------------------------------------------


def test_it_writes_an_excel_and_a_word_form_per_lead_unit(tasks_round, tmp_path):
    leads = set(
        ItemUnit.objects.filter(item__task_list=tasks_round.task_list, role=Role.LEAD).values_list(
            "unit_id", flat=True
        )
    )
    paths = write_forms(tasks_round, tmp_path)
    assert len(paths) == 2 * len(leads)
    assert {p.suffix for p in paths} == {".xlsx", ".docx"}
    assert all(p.is_file() for p in paths)
    assert (tmp_path / "区卫生健康局-2024年1-7月-目标任务.xlsx") in paths


def test_the_health_bureau_task_form_lists_44_46_49_with_last_rounds_progress(tasks_round, tmp_path):
    rows = _sheet_rows(_form(write_forms(tasks_round, tmp_path), "区卫生健康局", ".xlsx"))
    assert [r["序号"] for r in rows] == [44, 46, 49]
    first = rows[0]
    assert str(first["事项"]).startswith("建立市容和环境卫生管理长效机制")
    assert str(first["上期进展"]).startswith("常态化开展市容秩序整治，整治店外作业160余家")
    assert first["上期进度"] == "常态化或按时序推进"
    assert first["本期进展情况"] is None and first["自评进度"] is None


def test_the_word_form_holds_the_same_items_on_a_landscape_page(tasks_round, tmp_path):
    document = docx.Document(str(_form(write_forms(tasks_round, tmp_path), "区卫生健康局", ".docx")))
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
    rows = _sheet_rows(_form(write_forms(indicators_round, tmp_path), "区卫生健康局", ".xlsx"))
    assert [(r["序号"], r["目标"]) for r in rows[:2]] == [(2, "500人"), (2, "70个")]
    assert rows[0]["上期进展"] == "已完成332人。"
    assert rows[0]["上期进度"] == "正常推进\n66%"


def test_previous_entries_come_from_the_latest_earlier_round(tasks_round):
    [closed] = Round.objects.filter(task_list=tasks_round.task_list, state=RoundState.CLOSED)
    previous = previous_entries(tasks_round)
    assert {e.round_id for e in previous.values()} == {closed.pk}
    assert previous_entries(closed) == {}


# --- importing ----------------------------------------------------------------------------


@pytest.fixture
def filled(indicators_round, tmp_path) -> Path:
    """区卫生健康局's indicator form with its first two rows filled in."""
    path = _form(write_forms(indicators_round, tmp_path), "区卫生健康局", ".xlsx")
    return _fill(
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


def test_without_apply_the_changes_are_listed_and_nothing_is_stored(indicators_round, filled):
    before = _stored(indicators_round)
    out = _run("import-entries", str(filled))
    assert "第2项（新生儿疾病免费筛查与诊断服务）进展情况：（空） → 已完成401人。" in out
    assert "第2项（新生儿疾病免费筛查与诊断服务）完成比例：（空） → 80.2%" in out
    assert "自评进度：（空） → 已完成\n" in out
    assert "共6处改动，涉及2项" in out and "--apply" in out
    assert f"第{FIRST}行：数据截至7月20日" in out  # shown, not stored: Entry has no field for it
    assert _stored(indicators_round) == before


def test_with_apply_the_entries_are_updated(indicators_round, filled, django_user_model):
    django_user_model.objects.create_user("duchashi")
    out = _run("import-entries", str(filled), "--apply", "--user", "duchashi")
    assert "已写入2项（6处改动）" in out
    first, second = indicators_round.entries.filter(item__seq=2).order_by("item__order")
    assert (first.progress, first.percent, first.self_status) == (
        "已完成401人。",
        Decimal("80.2"),
        "on_schedule",
    )
    assert (second.progress, second.percent, second.self_status) == (
        "已完成70个。",
        Decimal(100),
        "completed",
    )
    assert first.submitted_at is not None and first.submitted_by.username == "duchashi"
    assert LogEntry.objects.get_for_object(first).filter(actor__username="duchashi").exists()
    untouched = indicators_round.entries.get(item__seq=13)
    assert (untouched.progress, untouched.submitted_at) == ("", None)


def test_importing_the_same_form_again_changes_nothing(indicators_round, filled):
    _run("import-entries", str(filled), "--apply")
    assert "没有改动" in _run("import-entries", str(filled))
    data = json.loads(_run("import-entries", str(filled), "--apply", "--json"))
    assert data["changes"] == [] and data["updated"] == 0


def test_the_json_listing_names_each_change(indicators_round, filled):
    data = json.loads(_run("import-entries", str(filled), "--json"))
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
    path = _form(write_forms(indicators_round, tmp_path), "区卫生健康局", ".xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    first, second = ([c.value for c in ws[r]] for r in (FIRST, FIRST + 1))
    for c, (a, b) in enumerate(zip(first, second, strict=True), start=1):
        ws.cell(FIRST, c, b)
        ws.cell(FIRST + 1, c, a)
    wb.save(path)
    _fill(path, {FIRST: {"本期进展情况": "已完成70个。"}})  # now the 托位 row
    apply_import(indicators_round, read_filled_form(path))
    progress = [e.progress for e in indicators_round.entries.filter(item__seq=2).order_by("item__order")]
    assert progress == ["", "已完成70个。"]


def test_a_bad_percent_is_refused_with_its_row_and_nothing_is_stored(indicators_round, filled, capsys):
    _fill(filled, {FIRST + 1: {"完成比例（%）": "约八成"}})
    before = _stored(indicators_round)
    with pytest.raises(SystemExit) as exit_:
        call_command("round", "import-entries", str(filled), "--apply", stdout=StringIO())
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("错误：") and f"第{FIRST + 1}行" in err and "“约八成”不是数字" in err
    assert _stored(indicators_round) == before


@pytest.mark.parametrize(
    ("typed", "number_format", "expected"),
    [
        (85, "General", Decimal(85)),
        ("85%", "General", Decimal(85)),
        ("８５．５％", "General", Decimal("85.5")),
        (0.853, "0.0%", Decimal("85.3")),  # Excel turns "85.3%" typed into a cell into 0.853
        (100.45, "General", Decimal("100.45")),
        (85, '0"%"', Decimal(85)),  # a literal % sign: the value is not a fraction
        ("", "General", None),
    ],
)
def test_percentages_are_read_as_units_type_them(indicators_round, tmp_path, typed, number_format, expected):
    path = _form(write_forms(indicators_round, tmp_path), "区卫生健康局", ".xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    cell = ws.cell(FIRST, 8, typed)
    cell.number_format = number_format
    ws.cell(FIRST, 7, "已完成。")
    wb.save(path)
    [row] = read_filled_form(path).rows
    assert row.percent == expected


def test_any_text_typed_in_the_filled_columns_reads_or_names_its_row(indicators_round, tmp_path):
    path = _form(write_forms(indicators_round, tmp_path), "区卫生健康局", ".xlsx")
    typed = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=12)

    @hypothesis_settings(max_examples=30, deadline=None)
    @given(progress=typed, percent=typed, status=typed)
    def check(progress: str, percent: str, status: str) -> None:
        _fill(path, {FIRST: {"本期进展情况": progress, "完成比例（%）": percent, "自评进度": status}})
        try:
            rows = read_filled_form(path).rows
        except ParseError as error:
            assert f"第{FIRST}行" in str(error)
            return
        assert all(r.percent is None or 0 <= r.percent <= 10000 for r in rows)

    check()


@pytest.mark.parametrize(
    ("cells", "message"),
    [
        ({"自评进度": "进行中"}, "自评进度“进行中”无法识别"),
        ({"完成比例（%）": -5}, "超出范围"),
        ({"事项编号": "abc"}, "事项编号“abc”无效"),
        ({"事项编号": None}, "没有事项编号"),
    ],
)
def test_bad_cells_name_the_row(indicators_round, tmp_path, cells, message):
    path = _form(write_forms(indicators_round, tmp_path), "区卫生健康局", ".xlsx")
    _fill(path, {FIRST: {"本期进展情况": "已完成。", **cells}})
    with pytest.raises(ParseError) as error:
        read_filled_form(path)
    assert message in str(error.value) and f"第{FIRST}行" in str(error.value)


def test_an_item_outside_the_round_is_refused(indicators_round, tasks_round, tmp_path):
    path = _form(write_forms(indicators_round, tmp_path), "区卫生健康局", ".xlsx")
    task_item = tasks_round.task_list.items.get(seq=44)
    _fill(path, {FIRST: {"事项编号": task_item.pk, "本期进展情况": "已完成。"}})
    with pytest.raises(ParseError, match="不属于本轮次的任务清单"):
        plan_import(indicators_round, read_filled_form(path))


def test_a_form_of_another_round_is_refused(indicators_round, tasks_round, filled):
    with pytest.raises(UserError, match=f"是调度轮次\\[{indicators_round.pk}\\]的回执表"):
        plan_import(tasks_round, read_filled_form(filled))


@pytest.mark.parametrize("state", [RoundState.CLOSED, RoundState.PUBLISHED])
def test_a_closed_or_published_round_is_not_changed(indicators_round, filled, capsys, state):
    indicators_round.state = state
    indicators_round.save(update_fields=["state"])
    before = _stored(indicators_round)
    with pytest.raises(SystemExit) as exit_:
        call_command("round", "import-entries", str(filled), "--apply", stdout=StringIO())
    assert exit_.value.code == 2
    assert f"{RoundState(state).label}，不能再导入" in capsys.readouterr().err
    with pytest.raises(UserError):
        apply_import(indicators_round, read_filled_form(filled))
    assert _stored(indicators_round) == before


def test_a_file_that_is_not_a_form_is_refused(imported, tmp_path, capsys):
    path = tmp_path / "表.xlsx"
    openpyxl.Workbook().save(path)
    with pytest.raises(SystemExit):
        call_command("round", "import-entries", str(path), stdout=StringIO())
    assert "不是 duban 导出的回执表" in capsys.readouterr().err


def test_a_filled_word_form_imports_too(tasks_round, tmp_path):
    path = _form(write_forms(tasks_round, tmp_path), "区卫生健康局", ".docx")
    document = docx.Document(str(path))
    [table] = document.tables
    header = [c.text for c in table.rows[0].cells]
    row = table.rows[2].cells  # 第46项
    row[header.index("本期进展情况")].paragraphs[0].add_run("重点专科建设已启动。")
    row[header.index("自评进度")].paragraphs[0].add_run("常态化或按时序推进")
    document.save(str(path))
    changes = plan_import(tasks_round, read_filled_form(path))
    assert [(c.seq, c.field, c.new) for c in changes] == [
        (46, "progress", "重点专科建设已启动。"),
        (46, "self_status", "常态化或按时序推进"),
    ]
    assert apply_import(tasks_round, read_filled_form(path)) == 1
    assert tasks_round.entries.get(item__seq=46).self_status == "on_schedule"


def test_the_forms_command_writes_the_files_and_round_list_still_works(tasks_round, tmp_path):
    out = _run("forms", str(tasks_round.pk), "-o", str(tmp_path / "回执表"))
    assert "区卫生健康局-2024年1-7月-目标任务.xlsx" in out
    assert (tmp_path / "回执表" / "区卫生健康局-2024年1-7月-目标任务.docx").is_file()
    listed = json.loads(_run("list", "--json"))
    assert [r["state"] for r in listed["rounds"]] == ["closed", "closed", "open"]
