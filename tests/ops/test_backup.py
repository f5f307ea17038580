"""The backup drill: data in, `duban backup`, `duban restore` into a fresh database, every row back and
the audit chain intact — on SQLite and on PostgreSQL. And the restores that must be refused."""

from __future__ import annotations

import copy
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection, connections, models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.utils import load_backend
from django.utils import timezone

from duban.accounts.demo import ensure_demo_accounts
from duban.audit.choices import EventType, Outcome
from duban.audit.models import Event, Head
from duban.supervision.choices import ListKind
from duban.supervision.models import Entry, TaskList
from duban.supervision.services import open_round
from tests.conftest import ROOT, SAMPLE
from tests.registry_fixtures import OPERATOR, load, submit

Rows = dict[str, list[tuple[Any, ...]]]


def _all_models() -> list[type[models.Model]]:
    return [m for m in apps.get_models(include_auto_created=True) if m._meta.managed and not m._meta.proxy]


def _rows(conn: BaseDatabaseWrapper) -> Rows:
    """Every row of every model, in key order, as tuples of its columns (read through `conn`)."""
    rows = {}
    for m in _all_models():
        query = (
            models.QuerySet(model=m).order_by("pk").values_list(*[f.attname for f in m._meta.concrete_fields])
        )
        compiler = query.query.get_compiler(connection=conn)
        rows[m._meta.label] = [tuple(r) for r in compiler.results_iter(tuple_expected=True)]
    return rows


def _database_url(params: dict[str, Any]) -> str:
    if connection.vendor == "sqlite":
        return f"sqlite:///{params['NAME']}"
    password = f":{params['PASSWORD']}" if params.get("PASSWORD") else ""
    return f"postgresql://{params['USER']}{password}@{params['HOST'] or '127.0.0.1'}:{params['PORT'] or 5432}/{params['NAME']}"


def _duban(tmp_path: Path, url: str, *args: str) -> subprocess.CompletedProcess[str]:
    """The console script on another database, with this process's audit key."""
    exe = ROOT / ".venv" / "bin" / "duban"
    command = [str(exe)] if exe.exists() else [sys.executable, "-m", "duban.cli"]
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DUBAN_DATA_DIR": str(tmp_path / "var"),
        "DUBAN_DATABASE_URL": url,
        "DUBAN_AUDIT_KEY": settings.DUBAN_AUDIT_KEY,
        "DUBAN_AUDIT_KEY_FILE": str(settings.DUBAN_AUDIT_KEY_FILE),
    }
    return subprocess.run([*command, *args], capture_output=True, text=True, timeout=300, env=env)


@pytest.fixture
def fresh(tmp_path: Path) -> Iterator[tuple[str, BaseDatabaseWrapper]]:
    """An empty database beside the test database: its URL and a connection of its own.

    The connection is made outside Django's registry of aliases, which tests may not extend.
    """
    params = copy.deepcopy(connections["default"].settings_dict)
    if connection.vendor == "sqlite":
        params["NAME"] = str(tmp_path / "fresh.sqlite3")
    else:
        params["NAME"] = f"{params['NAME']}_drill"
        with connection.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {connection.ops.quote_name(params['NAME'])}")  # noqa: S608 — our own test database's name
            cursor.execute(f"CREATE DATABASE {connection.ops.quote_name(params['NAME'])}")  # noqa: S608 — as above
    drill = load_backend(str(params["ENGINE"])).DatabaseWrapper(params, alias="drill")
    try:
        yield _database_url(params), drill
    finally:
        drill.close()
        if connection.vendor != "sqlite":
            with connection.cursor() as cursor:
                cursor.execute(
                    f"DROP DATABASE IF EXISTS {connection.ops.quote_name(params['NAME'])} WITH (FORCE)"
                )  # noqa: S608 — as above


def _build_data() -> None:
    """The sample imported, the demo's accounts, a July round with reports — and their audit rows."""
    load(SAMPLE)
    ensure_demo_accounts()
    round_ = open_round(
        OPERATOR,
        TaskList.objects.get(kind=ListKind.INDICATORS),
        period="2024年1-7月",
        as_of=date(2024, 7, 31),
        deadline=timezone.localdate() + timedelta(days=7),
    )
    entries = list(Entry.objects.filter(round=round_).select_related("round", "item").order_by("pk")[:3])
    for n, entry in enumerate(entries):
        submit(entry, f"已完成第{n + 1}批。", "on_schedule")


def test_the_drill_backs_up_and_restores_every_row_and_the_audit_chain(transactional_db, tmp_path, fresh):
    url, drill = fresh
    _build_data()
    before = _rows(connection)
    assert len(before["supervision.Entry"]) > 3 and len(before["audit.Event"]) > 5

    backup_file = tmp_path / "drill.backup"
    call_command("backup", "-o", str(backup_file))
    backed_up = Event.objects.order_by("-seq").first()
    assert backed_up is not None and backed_up.type == EventType.BACKUP
    assert backed_up.detail["sha256"] and backed_up.detail["size"] == backup_file.stat().st_size

    done = _duban(tmp_path, url, "restore", str(backup_file))
    assert done.returncode == 0, done.stderr
    # Now the fresh database holds data: a second restore is refused until it is confirmed.
    refused = _duban(tmp_path, url, "restore", str(backup_file))
    assert refused.returncode == 2 and "已有数据" in refused.stderr and "--yes" in refused.stderr
    again = _duban(tmp_path, url, "restore", str(backup_file), "--yes")
    assert again.returncode == 0, again.stderr

    after = _rows(drill)
    events_before, events_after = before.pop("audit.Event"), after.pop("audit.Event")
    heads_before, heads_after = before.pop("audit.Head"), after.pop("audit.Head")
    for label, rows in before.items():
        assert after[label] == rows, label
    # The restored log is the backed-up one and one more row: the restore itself.
    assert events_after[:-1] == events_before
    columns = [f.attname for f in Event._meta.concrete_fields]
    last = dict(zip(columns, events_after[-1], strict=True))
    assert (last["type"], last["outcome"], last["actor"].startswith("os:")) == (
        EventType.RESTORE,
        Outcome.SUCCESS,
        True,
    )
    head_seq = [f.attname for f in Head._meta.concrete_fields].index("seq")
    assert [h[head_seq] for h in heads_after] == [heads_before[0][head_seq] + 1] == [last["seq"]]
    verified = _duban(tmp_path, url, "audit", "verify")
    assert verified.returncode == 0, verified.stderr


def test_a_file_that_is_not_a_backup_is_refused_with_exit_2(db, tmp_path, capsys):
    ensure_demo_accounts()
    counts = {
        m._meta.label: models.QuerySet(model=m).count() for m in _all_models() if m not in (Event, Head)
    }
    for name, content in [
        ("notes.txt", b"hello"),
        ("empty.dump", b""),
        ("fake.sqlite3", b"SQLite format 3\x00junk"),
    ]:
        path = tmp_path / name
        path.write_bytes(content)
        with pytest.raises(SystemExit) as exit_:
            call_command("restore", str(path), "--yes")
        err = capsys.readouterr().err
        assert exit_.value.code == 2 and err.startswith("错误：") and name in err, err
    with pytest.raises(SystemExit) as exit_:
        call_command("restore", str(tmp_path / "missing.dump"), "--yes")
    assert exit_.value.code == 2 and "不存在" in capsys.readouterr().err
    assert counts == {
        m._meta.label: models.QuerySet(model=m).count() for m in _all_models() if m not in (Event, Head)
    }
    refusals = Event.objects.filter(type=EventType.RESTORE, outcome=Outcome.FAILURE).count()
    assert refusals == 4


def test_a_backup_of_the_other_database_kind_is_refused(db, tmp_path, capsys):
    other = tmp_path / ("x.dump" if connection.vendor == "sqlite" else "x.sqlite3")
    other.write_bytes(b"PGDMP\x01\x0e" if connection.vendor == "sqlite" else b"SQLite format 3\x00")
    with pytest.raises(SystemExit) as exit_:
        call_command("restore", str(other))
    err = capsys.readouterr().err
    assert exit_.value.code == 2 and "不能直接恢复" in err


def test_a_target_with_data_is_refused_without_yes(transactional_db, tmp_path, capsys):
    ensure_demo_accounts()
    path = tmp_path / "b.backup"
    call_command("backup", "-o", str(path))
    capsys.readouterr()
    users = list(models.QuerySet(model=apps.get_model("accounts", "User")).values_list("pk", flat=True))
    with pytest.raises(SystemExit) as exit_:
        call_command("restore", str(path))
    err = capsys.readouterr().err
    assert exit_.value.code == 2 and "已有数据" in err and "accounts_user" in err and "--yes" in err
    assert (
        list(models.QuerySet(model=apps.get_model("accounts", "User")).values_list("pk", flat=True)) == users
    )
