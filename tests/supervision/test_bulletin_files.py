"""`duban bulletin` writes Word and Excel files; the Excel annexes read back equal the entries."""

from __future__ import annotations

import json
from io import StringIO

import docx
import pytest
from django.core.management import call_command

from duban.core.readers import read_file
from duban.core.tables import classify_table, parse_indicator_table, parse_task_table
from duban.supervision.bulletin import round_indicators, round_tasks
from duban.supervision.choices import ListKind
from duban.supervision.models import Round
from tests.supervision.test_bulletin import TASKS_SENTENCE


@pytest.fixture
def tasks_round(imported) -> Round:
    return Round.objects.get(task_list__kind=ListKind.TASKS)


def test_the_word_bulletin_holds_the_statistics_and_both_annexes(tasks_round, tmp_path):
    out = tmp_path / "通报.docx"
    call_command("bulletin", str(tasks_round.pk), "--format", "docx", "-o", str(out), stdout=StringIO())
    document = docx.Document(str(out))
    text = "\n".join(p.text for p in document.paragraphs)
    assert TASKS_SENTENCE in text
    assert "附件1" in text and "附件2" in text and "各牵头单位推进情况汇总" not in text
    assert len(document.tables) == 2  # 附件1 and 附件2, as the source has them
    call_command(
        "bulletin", str(tasks_round.pk), "--format", "docx", "--unit-annex", "-o", str(out), stdout=StringIO()
    )
    with_summary = docx.Document(str(out))
    assert len(with_summary.tables) == 3 and "各牵头单位推进情况汇总" in "\n".join(
        p.text for p in with_summary.paragraphs
    )
    section = document.sections[0]
    assert round(section.top_margin.mm) == 37 and round(section.left_margin.mm) == 28


def test_the_excel_annexes_read_back_equal_the_entries(tasks_round, tmp_path):
    out = tmp_path / "附件.xlsx"
    call_command("bulletin", str(tasks_round.pk), "--format", "xlsx", "-o", str(out), stdout=StringIO())
    tables = [b for b in read_file(out).blocks if hasattr(b, "rows")]
    shapes = {classify_table(t): t for t in tables}
    indicators_round = Round.objects.get(task_list__kind=ListKind.INDICATORS)
    back_tasks = parse_task_table(shapes["tasks"])
    assert [(t.seq, t.text, t.lead_units, t.progress, t.status) for t in back_tasks] == [
        (t.seq, t.text, t.lead_units, t.progress, t.status) for t in round_tasks(tasks_round)
    ]
    back_ind = parse_indicator_table(shapes["indicators"])
    assert [(i.seq, i.indicator, i.lead_unit, i.percent, i.evaluation) for i in back_ind] == [
        (i.seq, i.indicator, i.lead_unit, i.percent, i.evaluation) for i in round_indicators(indicators_round)
    ]


def test_the_text_bulletin_and_round_commands(tasks_round):
    out = StringIO()
    call_command("bulletin", str(tasks_round.pk), stdout=out)
    assert TASKS_SENTENCE in out.getvalue()
    listed = StringIO()
    call_command("round", "list", "--json", stdout=listed)
    rounds = json.loads(listed.getvalue())["rounds"]
    assert {(r["kind"], r["period"], r["as_of"], r["state"]) for r in rounds} == {
        ("tasks", "2024年上半年", "2024-06-30", "closed"),
        ("indicators", "2024年上半年", "2024-06-30", "closed"),
    }
    opened = StringIO()
    call_command(
        "round",
        "open",
        str(tasks_round.task_list_id),
        "--period",
        "2024年1-7月",
        "--as-of",
        "2024-07-31",
        "--deadline",
        "2024-08-05",
        "--json",
        stdout=opened,
    )
    new = json.loads(opened.getvalue())
    assert new["state"] == "open" and new["entries"] == 80
    checked = StringIO()
    call_command("round", "check", str(new["id"]), "--json", stdout=checked)
    assert len(json.loads(checked.getvalue())["missing"]) == 80


def test_bulletin_for_an_unknown_round_is_a_user_error(imported, capsys):
    with pytest.raises(SystemExit) as exit_:
        call_command("bulletin", "9999")
    assert exit_.value.code == 2
    assert "9999" in capsys.readouterr().err


@pytest.mark.parametrize(
    "args",
    [
        ["bulletin", "{round}", "-o", "/nonexistent-folder/通报.txt"],
        ["bulletin", "{round}", "--format", "docx", "-o", "/nonexistent-folder/通报.docx"],
        ["bulletin", "{round}", "--format", "xlsx"],
        ["round", "check", "²"],
        ["round", "close", "abc"],
    ],
)
def test_bad_arguments_and_paths_are_one_line_errors(tasks_round, capsys, args):
    with pytest.raises(SystemExit) as exit_:
        call_command(*[a.replace("{round}", str(tasks_round.pk)) for a in args])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("错误：") and err.count("\n") == 1


def test_check_runs_a_bounded_number_of_queries(tasks_round, django_assert_max_num_queries):
    from duban.supervision.checks import check_round

    with django_assert_max_num_queries(12):
        check_round(tasks_round)
