"""PostgreSQL's own tools, run for a backup and a restore: pg_dump, pg_restore.

The option strings here are those programs' options, never duban's (the architecture test lets
this one module spell them). The password goes in the environment, not the command line.
"""

from __future__ import annotations

import os
import shutil
import subprocess  # noqa: S404 — pg_dump/pg_restore are the only faithful way to copy PostgreSQL
from pathlib import Path
from typing import Any

from duban.errors import InvalidInput

DUMP = ["--format=custom", "--no-owner", "--no-privileges"]
# One transaction: a restore that fails half-way leaves the database as it was.
RESTORE = [
    "--clean",
    "--if-exists",
    "--no-owner",
    "--no-privileges",
    "--single-transaction",
    "--exit-on-error",
]


def tool(name: str) -> str:
    """The path of a PostgreSQL client program (PATH, else Debian's /usr/bin)."""
    found = shutil.which(name) or (f"/usr/bin/{name}" if Path(f"/usr/bin/{name}").exists() else None)
    if found is None:
        raise InvalidInput(
            f"找不到 PostgreSQL 工具 {name}，请安装 postgresql-client", f"{name} not found on PATH"
        )
    return found


def dump(params: dict[str, Any], target: Path) -> None:
    """pg_dump the database of a Django DATABASES entry into `target` (custom format)."""
    _run(tool("pg_dump"), [*DUMP, f"--file={target}"], params)


def restore(params: dict[str, Any], source: Path) -> None:
    """pg_restore `source` over the database of a Django DATABASES entry, in one transaction."""
    _run(tool("pg_restore"), [*RESTORE, str(source)], params)


def dump_tables(path: Path) -> set[str] | None:
    """The tables a custom-format dump holds; None when pg_restore cannot read it."""
    listing = subprocess.run(  # noqa: S603 — a fixed program from PATH, the file name as its argument
        [tool("pg_restore"), "--list", str(path)], capture_output=True, text=True, check=False
    )
    if listing.returncode != 0:
        return None
    # TOC lines read "215; 1259 16390 TABLE public audit_event postgres".
    tables = set()
    for line in listing.stdout.splitlines():
        parts = line.split()
        if "TABLE" in parts and parts.index("TABLE") + 2 < len(parts):
            tables.add(parts[parts.index("TABLE") + 2])
    return tables


def _run(program: str, arguments: list[str], params: dict[str, Any]) -> None:
    args = [program, *arguments, f"--dbname={params['NAME']}"]
    if params.get("HOST"):
        args.append(f"--host={params['HOST']}")
    if params.get("PORT"):
        args.append(f"--port={params['PORT']}")
    if params.get("USER"):
        args.append(f"--username={params['USER']}")
    env = {**os.environ, "PGPASSWORD": str(params.get("PASSWORD") or "")}
    done = subprocess.run(args, capture_output=True, text=True, env=env, check=False)  # noqa: S603 — fixed program, list form, values from settings
    if done.returncode != 0:
        raise InvalidInput(
            f"{Path(program).name} 执行失败：{done.stderr.strip()[:300]}",
            f"{program} exited {done.returncode}: {done.stderr.strip()}",
        )
