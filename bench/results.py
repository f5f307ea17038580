"""The benchmarks' results: one figure a line, merged into bench-results.json at the repo root.

Every bench module records its figures with `figure(...)` and hands them to `save(...)`; the file
keeps the figures of the other benches (one name, one entry) and describes the machine the last
run was on. Each figure is {name, value, unit, target, met} (target and met null when the figure
only informs), plus `goal` (">=" or "<=") saying which side of the target meets it.

    from bench.results import figure, save, show
    results = [figure("parse.notices_per_s", 6100, "notices/s", 5000)]
    show(results)
    save(results)
"""

from __future__ import annotations

import datetime
import json
import os
import platform
import shutil
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench-results.json"

Result = dict[str, Any]


def figure(name: str, value: float, unit: str, target: float | None = None, goal: str = ">=") -> Result:
    """One result; `met` is decided here from the target and the goal (">=" or "<=")."""
    if goal not in (">=", "<="):
        raise ValueError(f"goal must be '>=' or '<=', not {goal!r}")
    met = None if target is None else (value >= target if goal == ">=" else value <= target)
    rounded = round(value, 4) if isinstance(value, float) else value
    return {"name": name, "value": rounded, "unit": unit, "target": target, "met": met, "goal": goal}


def show(results: list[Result], title: str = "") -> None:
    """Print the figures as a table: value, unit, target and whether it is met."""
    if title:
        print(f"\n== {title}")
    for r in results:
        value = r["value"]
        shown = f"{value:,.3f}" if isinstance(value, float) and abs(value) < 100 else f"{value:,.0f}"
        target = ""
        if r.get("target") is not None:
            verdict = "met" if r["met"] else "NOT MET"
            target = f"target {'≥' if r.get('goal', '>=') == '>=' else '≤'} {r['target']:,}  {verdict}"
        print(f"  {r['name']:<44} {shown:>12} {r['unit']:<12} {target}")


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _postgres_version() -> str:
    """The server's version where a PostgreSQL URL is configured, else the client's, else ""."""
    url = os.environ.get("DUBAN_BENCH_PG_URL") or os.environ.get("DUBAN_DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        try:
            import psycopg

            with psycopg.connect(url, connect_timeout=3) as conn:
                row = conn.execute("SHOW server_version").fetchone()
                return f"PostgreSQL {row[0]}" if row else ""
        except Exception as exc:  # the bench runs without a server: say so, do not fail
            return f"unreachable ({type(exc).__name__})"
    psql = shutil.which("psql")
    if psql:
        out = subprocess.run([psql, "--version"], capture_output=True, text=True, timeout=5, check=False)
        return out.stdout.strip()
    return ""


def machine() -> dict[str, Any]:
    """The machine the figures were measured on."""
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        usable = os.cpu_count() or 0
    return {
        "cpu": _cpu_model(),
        "cores": os.cpu_count(),
        "usable_cores": usable,
        "load_average": [round(x, 2) for x in os.getloadavg()] if hasattr(os, "getloadavg") else None,
        "os": platform.platform(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "postgresql": _postgres_version(),
    }


def load(path: Path = RESULTS) -> dict[str, Any]:
    """The file's content as {"machine", "updated", "results"}; an old or broken file reads as empty."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"machine": {}, "updated": None, "results": []}
    if isinstance(data, list):  # the first format: a bare list of results
        data = {"machine": {}, "updated": None, "results": data}
    results = [r for r in data.get("results", []) if isinstance(r, dict) and "name" in r]
    return {"machine": data.get("machine", {}), "updated": data.get("updated"), "results": results}


def save(results: list[Result], path: Path = RESULTS) -> Path:
    """Merge the results into the file: a name already there is replaced, other benches' kept."""
    data = load(path)
    names = {r["name"] for r in results}
    kept = [r for r in data["results"] if r["name"] not in names]
    data = {
        "machine": machine(),
        "updated": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "results": [*kept, *results],
    }
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return path
