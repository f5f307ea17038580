"""The database just works on a fresh machine, says in one line what is wrong otherwise, and takes turns.

These run the real `duban` console script in a fresh data folder, as an office clerk would.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlparse

import psycopg
import pytest

from tests.conftest import ROOT, SAMPLE

PG_URL = os.environ.get("DUBAN_TEST_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test")


def duban(data_dir: Path, *args: str, env: dict[str, str] | None = None, timeout: float = 180):
    """Run the console script with its own data folder (and no database URL unless given)."""
    exe = ROOT / ".venv" / "bin" / "duban"
    command = [str(exe)] if exe.exists() else [sys.executable, "-m", "duban.cli"]
    environment = {"PATH": "/usr/bin:/bin", "DUBAN_DATA_DIR": str(data_dir), **(env or {})}
    return subprocess.run([*command, *args], capture_output=True, text=True, timeout=timeout, env=environment)


def one_line_error(done: subprocess.CompletedProcess[str]) -> str:
    assert done.returncode == 2, (done.stdout, done.stderr)
    assert done.stderr.startswith("错误：") and done.stderr.count("\n") == 1, done.stderr
    assert "Traceback" not in done.stderr
    return done.stderr


def test_any_command_on_a_fresh_sqlite_database_sets_it_up(tmp_path):
    done = duban(tmp_path, "round", "list")
    assert done.returncode == 0, done.stderr
    assert "正在初始化数据库" in done.stderr and "任务清单：" in done.stdout
    with sqlite3.connect(tmp_path / "duban.sqlite3") as db:
        assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    again = duban(tmp_path, "round", "list")
    assert again.returncode == 0 and again.stderr == ""


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("mysql://root@127.0.0.1/duban", "DUBAN_DATABASE_URL 无效"),
        ("postgresql://postgres@127.0.0.1:1/duban", "无法连接 PostgreSQL 服务器 127.0.0.1:1"),
    ],
)
def test_a_bad_url_or_an_unreachable_server_is_one_line(tmp_path, url, expected):
    assert expected in one_line_error(duban(tmp_path, "round", "list", env={"DUBAN_DATABASE_URL": url}))


def _pg_admin() -> psycopg.Connection:
    u = urlparse(PG_URL)
    try:
        return psycopg.connect(
            host=u.hostname or "127.0.0.1",
            port=u.port or 5432,
            user=u.username or "postgres",
            dbname="postgres",
            autocommit=True,
            connect_timeout=3,
        )
    except psycopg.OperationalError:
        pytest.skip("PostgreSQL is not reachable here (CI requires it)")


def _pg_url(name: str) -> str:
    u = urlparse(PG_URL)
    return f"postgresql://{u.username or 'postgres'}@{u.hostname or '127.0.0.1'}:{u.port or 5432}/{name}"


def test_a_missing_postgresql_database_is_one_line(tmp_path):
    _pg_admin().close()
    missing = f"duban_missing_{os.getpid()}"
    error = one_line_error(duban(tmp_path, "round", "list", env={"DUBAN_DATABASE_URL": _pg_url(missing)}))
    assert f"没有数据库“{missing}”" in error


def test_a_postgresql_database_behind_asks_for_migrate_and_then_works(tmp_path):
    admin = _pg_admin()
    name = f"duban_fresh_{os.getpid()}"
    admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
    admin.execute(f'CREATE DATABASE "{name}"')
    try:
        env = {"DUBAN_DATABASE_URL": _pg_url(name)}
        assert "请先运行 duban migrate" in one_line_error(duban(tmp_path, "round", "list", env=env))
        assert duban(tmp_path, "migrate", "-v", "0", env=env).returncode == 0
        assert duban(tmp_path, "round", "list", env=env).returncode == 0
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def _hold_write_lock(
    path: Path, seconds: float, ready: threading.Event, done: threading.Event | None = None
) -> None:
    """Hold SQLite's write lock for `seconds`, or (with `done`) until the other writer has finished."""
    db = sqlite3.connect(path, timeout=60)
    db.execute("BEGIN IMMEDIATE")
    db.execute("INSERT INTO django_migrations (app, name, applied) VALUES ('lock', 'held', '2024-01-01')")
    ready.set()
    if done is not None:
        done.wait(180)
    else:
        time.sleep(seconds)
    db.rollback()
    db.close()


def test_a_second_writer_waits_for_the_first_instead_of_failing(tmp_path):
    assert duban(tmp_path, "migrate", "-v", "0").returncode == 0
    ready = threading.Event()
    holder = threading.Thread(target=_hold_write_lock, args=(tmp_path / "duban.sqlite3", 3, ready))
    holder.start()
    ready.wait(10)
    done = duban(tmp_path, "import", str(SAMPLE))
    holder.join()
    assert done.returncode == 0, done.stderr
    assert "岳云政人〔2024〕2号：已导入" in done.stdout


def test_a_writer_that_cannot_wait_any_longer_says_another_import_is_running(tmp_path):
    assert duban(tmp_path, "migrate", "-v", "0").returncode == 0
    ready, finished = threading.Event(), threading.Event()
    holder = threading.Thread(target=_hold_write_lock, args=(tmp_path / "duban.sqlite3", 0, ready, finished))
    holder.start()
    ready.wait(10)
    # The lock is held until the import gave up, however long a loaded machine takes to start it.
    done = duban(tmp_path, "import", str(SAMPLE), env={"DUBAN_SQLITE_TIMEOUT": "1"})
    finished.set()
    holder.join()
    assert "另一项导入或修改正在进行" in one_line_error(done)
    with sqlite3.connect(tmp_path / "duban.sqlite3") as db:
        assert db.execute("SELECT count(*) FROM documents_document").fetchone() == (0,)


def test_duban_check_is_djangos_system_check(tmp_path):
    done = duban(tmp_path, "check", "--deploy")
    assert "System check identified" in done.stdout + done.stderr
    assert "security.W" in done.stdout + done.stderr


KILL_AFTER_FIRST = """
import os, signal, sys
os.environ["DJANGO_SETTINGS_MODULE"] = "duban.project.settings"
import django
django.setup()
from duban.actors import Actor
from duban.intake import services
from duban.intake.services import import_data

services.BATCH = 1  # committed one document at a time: killed after the first is stored

def die(done, total):
    os.kill(os.getpid(), signal.SIGKILL)  # the power goes, or an operator kills the process

data = open(sys.argv[1], "rb").read()
import_data(Actor.cli(), data, "sample.txt", progress=die)
"""


def test_a_killed_import_leaves_a_record_that_says_it_did_not_finish(tmp_path):
    assert duban(tmp_path, "migrate", "-v", "0").returncode == 0
    script = tmp_path / "kill.py"
    script.write_text(KILL_AFTER_FIRST, encoding="utf-8")
    python = ROOT / ".venv" / "bin" / "python"
    done = subprocess.run(
        [str(python if python.exists() else sys.executable), str(script), str(SAMPLE)],
        env={"PATH": "/usr/bin:/bin", "DUBAN_DATA_DIR": str(tmp_path), "PYTHONPATH": str(ROOT)},
        capture_output=True,
        timeout=120,
    )
    assert done.returncode == -signal.SIGKILL
    with sqlite3.connect(tmp_path / "duban.sqlite3") as db:
        assert db.execute("SELECT state, finished_at FROM documents_importrecord").fetchall() == [
            ("running", None)
        ]
        assert db.execute("SELECT number FROM documents_document").fetchall() == [("岳云政人〔2024〕2号",)]
