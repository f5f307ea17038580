"""After installation there is no account at all; the first administrators come from the operator console,
and the demo's accounts exist only in `duban demo`. Run as the real console script in a fresh data folder."""

from __future__ import annotations

import sqlite3

from duban.accounts.demo import DEMO_ACCOUNTS
from duban.accounts.models import User
from tests.cli.test_database import duban


def test_a_migrated_database_has_no_account(db):
    assert User.objects.count() == 0


def test_a_fresh_installation_has_no_account_until_the_operator_adds_the_first_administrator(tmp_path):
    assert duban(tmp_path, "migrate", "-v", "0").returncode == 0
    with sqlite3.connect(tmp_path / "duban.sqlite3") as db:
        assert db.execute("SELECT count(*) FROM accounts_user").fetchone() == (0,)

    done = duban(tmp_path, "account", "add", "Chief", "--role", "sysadmin", "--name", "系统管理员")

    assert done.returncode == 0, done.stderr
    assert "初始密码：" in done.stdout and "首次登录须修改" in done.stdout
    with sqlite3.connect(tmp_path / "duban.sqlite3") as db:
        row = db.execute(
            "SELECT username, role, is_superuser, is_staff, must_change_password FROM accounts_user"
        ).fetchall()
        assert row == [("Chief", "sysadmin", 0, 1, 1)]
        events = db.execute("SELECT actor, via, type FROM audit_event ORDER BY seq").fetchall()
    assert [(via, kind) for _, via, kind in events] == [("cli", "accounts.user"), ("cli", "accounts.role")]
    assert all(actor.startswith("os:") for actor, _, _ in events)

    again = duban(tmp_path, "account", "add", "chief")
    assert again.returncode == 2 and "已存在" in again.stderr


def test_the_demo_accounts_exist_only_in_the_demo(tmp_path):
    done = duban(tmp_path, "demo", timeout=600)

    assert done.returncode == 0, done.stderr
    with sqlite3.connect(tmp_path / "duban.sqlite3") as db:
        names = {r[0] for r in db.execute("SELECT username FROM accounts_user WHERE is_superuser = 0")}
        assert db.execute("SELECT count(*) FROM accounts_user WHERE is_superuser = 1").fetchone() == (0,)
    assert names == {a.username for a in DEMO_ACCOUNTS}
    assert {"anquan", "shenji"} <= names
