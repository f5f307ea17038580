"""`duban assess`: text, JSON and files from the command line; bad input is one line and exit 2."""

from __future__ import annotations

import io
import json

import openpyxl
import pytest
from django.core.management import call_command

from duban.audit.models import Event
from tests.assessment.conftest import TODAY


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("assess", *args, stdout=out)
    return out.getvalue()


def test_it_prints_the_ranking_with_the_rule(year):
    text = run("2025", "--region", "岳阳市云溪区")
    assert "考核规则：基础分100分；事项完成每项+2分" in text
    lines = [line.split() for line in text.splitlines() if line.strip()[:1].isdigit()]
    assert [line[:3] for line in lines] == [
        ["1", "区民政局", "102.5分"],
        ["2", "区卫生健康局", "101分"],
        ["3", "区财政局", "91.5分"],
    ]


def test_json_gives_the_rule_and_each_units_breakdown(year):
    data = json.loads(run("2025", "--json"))
    assert data["rule"]["base"] == "100" and data["rule"]["default"] is True
    assert [u["score"] for u in data["units"]] == ["102.5", "101", "91.5"]
    b = data["units"][2]
    assert b["unit"] == "区财政局"
    periods = [o["period"] for i in b["items"] for o in i["occurrences"] if o["measure"] == "lagging"]
    assert periods == ["2025年1-3月", "2025年1-6月", "2025年1-3月"]


def test_a_workbook_is_written_and_the_export_audited(year, tmp_path):
    out = tmp_path / "考核.xlsx"
    assert "已生成" in run("2025", "--format", "xlsx", "-o", str(out))
    assert openpyxl.load_workbook(out).sheetnames == ["排名", "明细"]
    assert Event.objects.filter(type="export", object_type="assessment.result").count() == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["20x5"], "年度“20x5”无效"),
        (["2025", "--format", "docx"], "docx 格式需要用 -o 指定输出文件"),
        (["2025", "--region", "火星市"], ""),
    ],
)
def test_bad_input_is_one_chinese_line_and_exit_2(year, args, message, capsys):
    with pytest.raises(SystemExit) as exit_:
        call_command("assess", *args)
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("错误：") and message in err
