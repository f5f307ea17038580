"""Production settings come from the environment, and `duban check --deploy --fail-level WARNING`
passes with them — and fails without them."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import ROOT

DUBAN = Path(sys.executable).with_name("duban")
KEY = "k" * 20 + "Xq7-vB2_pL9zR4tW8yN1mC6jH3sD5fG0aE"  # long and varied, as check --deploy wants


def _check(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    base = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(tmp_path),
        "DUBAN_DATA_DIR": str(tmp_path / "var"),
    }
    return subprocess.run(
        [str(DUBAN), "check", "--deploy", "--fail-level", "WARNING"],
        env={**base, **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_deploy_check_passes_with_the_production_variables(tmp_path):
    done = _check(
        tmp_path, DUBAN_SECRET_KEY=KEY, DUBAN_SECURE="1", DUBAN_ALLOWED_HOSTS="duban.example.gov.cn"
    )
    assert done.returncode == 0, done.stderr
    assert "no issues" in done.stdout


def test_without_them_it_fails_naming_what_is_missing(tmp_path):
    done = _check(tmp_path)
    assert done.returncode != 0
    for check in ("security.W004", "security.W008", "security.W012", "security.W016", "duban.W001"):
        assert check in done.stderr


def test_switching_the_second_factor_off_is_a_warning(tmp_path):
    done = _check(tmp_path, DUBAN_SECRET_KEY=KEY, DUBAN_SECURE="1", DUBAN_OTP_REQUIRED="0")
    assert done.returncode != 0 and "duban.W002" in done.stderr


def test_the_variables_set_each_setting(monkeypatch):
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='duban.project.settings'; django.setup();"
        "from django.conf import settings as s;"
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS,"
        " s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD, s.SECURE_PROXY_SSL_HEADER, s.ALLOWED_HOSTS)"
    )
    env = {
        "PATH": os.environ.get("PATH", ""),
        "DUBAN_DATA_DIR": "/tmp/duban-settings-test",  # noqa: S108 — a throwaway folder of this test
        "DUBAN_SECURE": "1",
        "DUBAN_HSTS_SECONDS": "600",
        "DUBAN_HSTS_PRELOAD": "0",
        "DUBAN_BEHIND_PROXY": "1",
        "DUBAN_ALLOWED_HOSTS": "a.gov.cn,b.gov.cn",
    }
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    ).stdout
    assert out.split() == [
        "True",
        "True",
        "True",
        "600",
        "True",
        "False",
        "('HTTP_X_FORWARDED_PROTO',",
        "'https')",
        "['a.gov.cn',",
        "'b.gov.cn']",
    ]


def _run(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    base = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(tmp_path),
        "DUBAN_DATA_DIR": str(tmp_path / "var"),
    }
    return subprocess.run(
        [str(DUBAN), *args], env={**base, **env}, cwd=tmp_path, capture_output=True, text=True, timeout=120
    )


def test_there_is_no_key_in_the_code_and_a_production_start_refuses_without_one(tmp_path):
    source = (ROOT / "duban" / "project" / "settings.py").read_text(encoding="utf-8")
    assert 'SECRET_KEY = "' not in source and "django-insecure" not in source
    done = _run(tmp_path, "serve", "--port", "1")
    assert done.returncode == 2
    assert done.stderr.startswith("错误：没有设置 DUBAN_SECRET_KEY")
    assert "督办已启动" not in done.stdout


def test_each_process_without_a_key_gets_another_throwaway_key(tmp_path):
    code = "from duban.project import settings as s; print(s.SECRET_KEY, s.SECRET_KEY_CONFIGURED)"
    env = {"PATH": os.environ.get("PATH", ""), "DUBAN_DATA_DIR": str(tmp_path / "var")}
    one, two = (
        subprocess.run(
            [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
        ).stdout
        for _ in range(2)
    )
    assert one != two and one.split()[1] == "False"
    configured = subprocess.run(
        [sys.executable, "-c", code],
        env={**env, "DUBAN_SECRET_KEY": KEY},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert configured.split() == [KEY, "True"]


def test_the_demo_serves_in_a_fresh_data_folder(tmp_path):
    # `make demo` on a new machine: the demo writes its key into the data folder, then serves.
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = str(s.getsockname()[1])
    env = {"PATH": os.environ.get("PATH", ""), "HOME": str(tmp_path), "DUBAN_DATA_DIR": str(tmp_path / "var")}
    log = tmp_path / "stderr.log"
    with (
        log.open("w", encoding="utf-8") as err,
        subprocess.Popen(
            [str(DUBAN), "demo", "--serve", "--port", port],
            env=env,
            cwd=tmp_path,
            stdout=subprocess.PIPE,
            stderr=err,
            text=True,
            start_new_session=True,
        ) as server,
    ):
        try:
            assert server.stdout is not None
            for line in server.stdout:
                if "督办已启动" in line:
                    break
            else:
                raise AssertionError(f"the demo did not start: {log.read_text(encoding='utf-8')}")
            assert _answers(f"http://127.0.0.1:{port}/accounts/login/"), log.read_text(encoding="utf-8")
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)


def _answers(url: str) -> bool:
    for _ in range(100):
        try:
            with urllib.request.urlopen(url, timeout=5) as page:  # noqa: S310 - a loopback URL of the test's own
                return bool(page.status == 200)
        except OSError:
            time.sleep(0.2)
    return False


def test_postgresql_sessions_start_with_duban_s_random_page_cost_unless_told_otherwise(monkeypatch):
    from duban.project.settings import database_from_url

    url = "postgresql://duban@db.example:5432/duban"
    monkeypatch.delenv("DUBAN_PG_RANDOM_PAGE_COST", raising=False)
    assert database_from_url(url)["OPTIONS"] == {"options": "-c random_page_cost=1.1"}
    monkeypatch.setenv("DUBAN_PG_RANDOM_PAGE_COST", "2")
    assert database_from_url(url)["OPTIONS"] == {"options": "-c random_page_cost=2"}
    monkeypatch.setenv("DUBAN_PG_RANDOM_PAGE_COST", "")  # the server's own
    assert database_from_url(url)["OPTIONS"] == {}
    for wrong in ("1.1 -c work_mem=1TB", "nan", "0", "-1", "5000"):
        monkeypatch.setenv("DUBAN_PG_RANDOM_PAGE_COST", wrong)
        with pytest.raises(
            ValueError, match="DUBAN_PG_RANDOM_PAGE_COST must be a number above 0 and below 1000"
        ):
            database_from_url(url)


def test_sqlite_connections_keep_a_page_cache_of_duban_s_size_unless_told_otherwise(tmp_path, monkeypatch):
    # Opened for real: the pragma is what the connection ends up with, not only what was asked.
    import sqlite3

    from duban.project.settings import sqlite_database

    for env, kib in ((None, 32 * 1024), ("8", 8 * 1024)):
        if env is None:
            monkeypatch.delenv("DUBAN_SQLITE_CACHE_MB", raising=False)
        else:
            monkeypatch.setenv("DUBAN_SQLITE_CACHE_MB", env)
        options = sqlite_database(str(tmp_path / "x.sqlite3"))["OPTIONS"]
        db = sqlite3.connect(tmp_path / "x.sqlite3")
        try:
            db.executescript(options["init_command"])  # type: ignore[index]
            assert db.execute("PRAGMA cache_size").fetchone() == (-kib,)
            assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        finally:
            db.close()
    # A negative number would turn the rest of the PRAGMA into a comment ("--"): refused by name.
    for wrong in ("-8", "0", "1.5", "32MB", "70000"):
        monkeypatch.setenv("DUBAN_SQLITE_CACHE_MB", wrong)
        with pytest.raises(ValueError, match="DUBAN_SQLITE_CACHE_MB must be a whole number of MiB"):
            sqlite_database(str(tmp_path / "x.sqlite3"))
