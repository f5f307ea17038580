"""The `duban` commands: JSON contracts, readable output, and one-line errors with exit status 2."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from django.core.management import call_command

from tests.conftest import ROOT, SAMPLE


def _run(*args: str) -> str:
    from io import StringIO

    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_parse_json_gives_the_counts_of_the_sample():
    data = json.loads(_run("parse", str(SAMPLE), "--json"))
    docs = data["documents"]
    assert [d["number"] for d in docs] == [
        "岳云政人〔2024〕2号",
        "岳云政人〔2024〕3号",
        "岳云政办通〔2024〕3号",
        "岳云政办函〔2024〕9号",
    ]
    assert [len(d["appointments"]) for d in docs] == [37, 33, 0, 0]
    assert len(docs[2]["tasks"]) == 80 and len(docs[2]["indicators"]) == 46 and len(docs[3]["measures"]) == 18
    first = docs[0]["appointments"][0]
    assert set(first) >= {"person", "action", "post", "org", "title", "probation", "concurrent", "raw"}
    assert set(docs[2]["tasks"][0]) >= {
        "seq",
        "text",
        "lead_units",
        "progress",
        "status",
        "district_livelihood",
    }
    assert set(docs[2]["indicators"][0]["target"]) >= {"text", "value", "unit", "qualifier"}


def test_parse_prints_a_readable_summary():
    text = _run("parse", str(SAMPLE))
    assert "【岳云政人〔2024〕2号】任免通知" in text
    assert "任免事项37条" in text
    assert "目标任务80项" in text


@pytest.mark.parametrize(
    ("content", "name", "expected"),
    [
        (None, "missing.txt", "文件不存在"),
        (b"PK\x03\x04garbage", "bad.docx", "bad.docx"),
        ("天气很好。\n".encode(), "plain.txt", "未识别出公文"),
    ],
)
def test_parse_errors_are_one_chinese_line_with_status_2(tmp_path, capsys, content, name, expected):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(SystemExit) as exit_:
        call_command("parse", str(path))
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("错误：") and expected in err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_import_then_query_commands_in_json(db):
    _run("import", str(SAMPLE))
    person = json.loads(_run("person", "吴金舟", "--json"))
    assert [e["action"] for e in person["people"][0]["events"]] == ["remove", "appoint"]
    roster = json.loads(_run("roster", "区退役军人事务局", "--on", "2024-08-01", "--json"))
    assert roster["holders"] == [
        {"post": "区退役军人事务局副局长", "person": "陈智", "since": "2024-07-29", "concurrent": False}
    ]
    vac = json.loads(_run("vacancies", "--on", "2024-12-31", "--json"))
    assert {
        "post": "区退役军人事务局副局长",
        "vacated_by": "李仕华",
        "filled_by": "陈智",
        "date": "2024-07-29",
    } in vac["refilled"]
    due = json.loads(_run("probation", "--due-before", "2025-08-01", "--json"))
    assert len(due["due"]) == 12
    unit = json.loads(_run("unit", "区发改局", "--json"))
    assert unit["unit"] == "区发展和改革局" and "区发改局" in unit["aliases"]
    assert {("tasks", 1), ("measures", 1), ("measures", 2)} <= {(i["kind"], i["seq"]) for i in unit["leads"]}


def test_import_twice_says_nothing_changed(db):
    _run("import", str(SAMPLE))
    again = json.loads(_run("import", str(SAMPLE), "--json"))
    assert {d["status"] for d in again["files"][0]["documents"]} == {"unchanged"}


def test_a_bad_date_option_is_a_user_error(db, capsys):
    _run("import", str(SAMPLE))
    with pytest.raises(SystemExit) as exit_:
        call_command("roster", "区统计局", "--on", "2024-13-01")
    assert exit_.value.code == 2
    assert "--on" in capsys.readouterr().err


def test_the_duban_console_script_runs_parse_without_a_database(tmp_path):
    env_bin = ROOT / ".venv" / "bin" / "duban"
    exe = [str(env_bin)] if env_bin.exists() else [sys.executable, "-m", "duban.cli"]
    done = subprocess.run(
        [*exe, "parse", str(SAMPLE), "--json"],
        capture_output=True,
        text=True,
        timeout=120,
        env={"DUBAN_DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )
    assert done.returncode == 0, done.stderr
    assert len(json.loads(done.stdout)["documents"]) == 4


def test_the_actor_is_the_named_user_or_the_os_account(db, capsys, django_user_model):
    from duban.actors import os_login
    from duban.audit.models import Event

    with pytest.raises(SystemExit) as exit_:
        call_command("import", str(SAMPLE), "--user", "nobody")
    assert exit_.value.code == 2 and "没有用户“nobody”" in capsys.readouterr().err
    assert not Event.objects.exists()
    django_user_model.objects.create_user("DuChaShi")
    _run("import", str(SAMPLE), "--user", "duchashi")  # log-in names are case-insensitive
    assert set(Event.objects.values_list("actor", "via")) == {("DuChaShi", "cli")}
    from duban.supervision.models import Round

    _run("round", "reopen", str(Round.objects.order_by("pk").first().pk))
    assert Event.objects.filter(type="round.reopen").get().actor == f"os:{os_login()}"
