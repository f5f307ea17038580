"""The generated databases the scale benches run on: one SQLite file per scale, or the PostgreSQL one.

`database(scale, backend)` returns a URL whose database holds exactly that scale's data
(`duban bench generate`), generating it when it is missing: SQLite files are kept under
var/bench/ and reused, and so are the PostgreSQL databases, one a scale (duban_bench_province …;
the import bench empties its own, duban_bench, freely). Which scales and backends a bench runs is set by the environment, so the lead can
run the province on a quiet machine and a helper the district in seconds:

    DUBAN_BENCH_SCALES=district,city,province DUBAN_BENCH_BACKENDS=sqlite,postgresql
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STORE = ROOT / "var" / "bench"
PG_URL = os.environ.get("DUBAN_BENCH_PG_URL", "postgresql://postgres@127.0.0.1:5432/duban_bench")


def ensure_pg_database(url: str = PG_URL) -> None:
    """Create the benches' PostgreSQL database when the server does not have it yet (a fresh machine)."""
    import psycopg
    from psycopg import sql

    name = url.rsplit("/", 1)[-1]
    server = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(server, autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is None:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


SEED = 13
REGIONS = {"district": 1, "city": 9, "province": 122}


def scales(default: str = "district,city,province") -> list[str]:
    return [s for s in os.environ.get("DUBAN_BENCH_SCALES", default).split(",") if s]


def backends(default: str = "sqlite,postgresql") -> list[str]:
    return [b for b in os.environ.get("DUBAN_BENCH_BACKENDS", default).split(",") if b]


def env(url: str) -> dict[str, str]:
    """The environment of a process working on that database."""
    STORE.mkdir(parents=True, exist_ok=True)
    return {**os.environ, "DUBAN_DATABASE_URL": url, "DUBAN_DATA_DIR": str(STORE / "data")}


def database(scale: str, backend: str) -> str:
    """The URL of a database holding the scale's data, generated if needed."""
    if backend == "sqlite":
        path = STORE / f"{scale}.sqlite3"
        url = f"sqlite:///{path}"
        if path.exists() and (STORE / f"{scale}.done").exists():
            return url
        path.unlink(missing_ok=True)
        _generate(scale, url)
        (STORE / f"{scale}.done").write_text("ok\n", encoding="utf-8")
        return url
    url = pg_url(scale)
    ensure_pg_database(url)
    if _pg_regions(url) != REGIONS[scale]:
        _drop_pg(url)
        _generate(scale, url)
    return url


def pg_url(scale: str) -> str:
    """The PostgreSQL database of one scale."""
    return f"{PG_URL}_{scale}"


def _generate(scale: str, url: str) -> None:
    print(f"generating the {scale} scale into {url.split('@')[-1]} …", flush=True)
    duban = [sys.executable, "-c", "import sys; from duban.cli import main; main(sys.argv[1:])"]
    subprocess.run(
        [*duban, "bench", "generate", "--scale", scale, "--seed", str(SEED)], env=env(url), check=True
    )


def _pg_regions(url: str) -> int:
    import psycopg

    try:
        with psycopg.connect(url) as conn:
            row = conn.execute(
                "SELECT COUNT(DISTINCT region_id) FROM supervision_tasklist WHERE title LIKE '【基准】%%'"
            ).fetchone()
            return int(row[0]) if row else 0
    except psycopg.Error:
        return -1


def _drop_pg(url: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("DROP SCHEMA public CASCADE")
        conn.execute("CREATE SCHEMA public")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def served(environment: dict[str, str], workers: int = 2) -> Iterator[str]:
    """duban under gunicorn on a free loopback port, as `duban serve` runs it; its base URL once it answers."""
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "duban.project.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--timeout",
            "120",
        ],
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(base + "/accounts/login/", timeout=5).read()
                break
            except OSError:
                time.sleep(0.2)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)
