"""Making sure the database is there and current before a command uses it."""

from __future__ import annotations

import sys

from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.db.utils import DatabaseError, OperationalError

from duban.cli import fail


def describe(exc: Exception, vendor: str, settings_dict: dict[str, object]) -> str:
    """A Chinese line for a connection failure: which server, and the likely cause."""
    text = str(exc).lower()
    where = f"{settings_dict.get('HOST') or 'localhost'}:{settings_dict.get('PORT') or '5432'}"
    name = settings_dict.get("NAME")
    if vendor == "sqlite":
        return f"无法打开 SQLite 数据库文件 {name}（{exc}）"
    if "does not exist" in text and "database" in text:
        return f"PostgreSQL 服务器 {where} 上没有数据库“{name}”，请先创建（createdb {name}）"
    if "password" in text or "authentication" in text:
        return f"PostgreSQL 服务器 {where} 拒绝了登录（用户名或密码不对）"
    return f"无法连接 PostgreSQL 服务器 {where}，请检查 DUBAN_DATABASE_URL 与服务器是否已启动"


def ensure_database() -> None:
    """Connect; migrate an embedded SQLite database that is new or behind; stop on anything else."""
    connection = connections[DEFAULT_DB_ALIAS]
    try:
        connection.ensure_connection()
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except (OperationalError, DatabaseError) as exc:
        fail(describe(exc, connection.vendor, connection.settings_dict), f"database unavailable: {exc}")
        return
    if not plan:
        return
    if connection.vendor == "sqlite":
        fresh = not connection.introspection.table_names()
        sys.stderr.write("正在初始化数据库…\n" if fresh else "正在升级数据库结构…\n")
        call_command("migrate", verbosity=0, interactive=False)
        return
    fail(
        f"数据库结构不是最新（有{len(plan)}项迁移未执行），请先运行 duban migrate",
        f"{len(plan)} unapplied migrations on {connection.vendor}",
    )
