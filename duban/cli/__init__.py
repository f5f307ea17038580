"""The `duban` command: Django's management commands under one name, on a database that just works.

Before a command runs, the database is checked: an embedded SQLite database that is new or
behind is migrated there and then (the default must need no setup); a PostgreSQL database that
is behind gets a one-line instruction to run `duban migrate`. A bad URL, an unreachable server
or a missing database is one Chinese line and exit status 2, never a traceback.
"""

from __future__ import annotations

import logging
import os
import sys

log = logging.getLogger("duban.cli")
# Until the settings add the log file, nothing reaches the terminal but the Chinese line.
logging.getLogger("duban").addHandler(logging.NullHandler())

# Commands that must run without a usable database, or that manage the schema themselves.
NO_DATABASE = {
    "",
    "help",
    "--help",
    "-h",
    "version",
    "--version",
    "parse",
    "migrate",
    "makemigrations",
    "showmigrations",
    "sqlmigrate",
    "squashmigrations",
    "check",
    "collectstatic",
    "compilemessages",
    "makemessages",
    "diffsettings",
    "shell",
    "dbshell",
    "serve",
    "restore",
    "demo",
    "bench",  # migrates the database it generates into itself
}


def fail(message: str, english: str) -> None:
    """One Chinese line for the user, English for the log, exit status 2."""
    log.warning("%s", english)
    sys.stderr.write(f"错误：{message}\n")
    sys.exit(2)


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "duban.project.settings")
    try:
        import django
        from django.conf import settings

        django.setup()
    except ValueError as exc:
        # settings.database_from_url refuses an unknown scheme
        fail(
            "DUBAN_DATABASE_URL 无效，应为 postgresql://用户@主机:端口/库名 或 sqlite:///文件路径",
            f"bad settings: {exc}",
        )
    from django.core.management import execute_from_command_line

    settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
    command = args[0] if args else ""
    if command not in NO_DATABASE:
        from duban.cli.database import ensure_database

        ensure_database()
    try:
        execute_from_command_line(["duban", *args])
    except BrokenPipeError:
        # Output piped into `head` and closed early: not an error worth a traceback.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)


if __name__ == "__main__":
    main()
