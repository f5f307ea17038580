"""A CLI call's start-up: `duban --help` and `duban parse` of a one-clause notice.

Target (issue 13): the Word/Excel readers (python-docx, openpyxl), cn2an and OpenCC are loaded
only when needed, so neither call imports them; the figures are the wall and CPU time of each
call in a subprocess (best of five; the target is on CPU time, which a shared machine disturbs
less), its ratio to a bare `python -c pass`, and the modules it imports (`python -X importtime`). tests/cli/test_startup.py asserts the same imports deterministically.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.results import Result, figure

RUNS = 5
# Loaded only when needed (the target), and, shown beside them, what the API's stack brings.
HEAVY = ("docx", "openpyxl", "cn2an", "opencc")
OTHERS = ("lxml", "psycopg", "rest_framework", "drf_spectacular", "yaml")
NOTICE = "某政人〔2024〕1号\n某某区人民政府\n关于人员职务任免的通知\n经研究，同意：\n王志国同志任区财政局副局长。\n某某区人民政府\n2024年7月29日\n"
TARGET_SECONDS = 1.0


def _duban() -> list[str]:
    """The duban command of this interpreter's environment."""
    script = Path(sys.executable).with_name("duban")
    return [sys.executable, str(script)]


def _wall(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Best wall time and best CPU time (user + system of the child) of RUNS runs of argv."""
    best, best_cpu = float("inf"), float("inf")
    for _ in range(RUNS):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(argv, env=env, capture_output=True, check=True)
        best = min(best, time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        best_cpu = min(best_cpu, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return best, best_cpu


def _imports(argv: list[str], env: dict[str, str]) -> tuple[int, list[str], float]:
    """Modules imported by argv, the heavy and other named ones among them, and the import time
    (s) python reports."""
    out = subprocess.run(
        [argv[0], "-X", "importtime", *argv[1:]], env=env, capture_output=True, text=True, check=True
    )
    modules, heavy, total = 0, [], 0
    for line in out.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        _self, cumulative, raw = line.removeprefix("import time:").split("|")
        name = raw.strip()
        modules += 1
        if name in HEAVY or name in OTHERS:
            heavy.append(name)
        if len(raw) - len(raw.lstrip()) <= 1:  # a top-level import: its cumulative time counts once
            total += int(cumulative)
    return modules, heavy, total / 1e6


def main() -> list[Result]:
    """Measure, print and return the results."""
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "DUBAN_DATA_DIR": tmp}
        env.pop("DUBAN_DATABASE_URL", None)  # start-up of the default set-up: embedded SQLite
        notice = Path(tmp) / "notice.txt"
        notice.write_text(NOTICE, encoding="utf-8")
        bare, bare_cpu = _wall([sys.executable, "-c", "pass"], env)
        results = [
            figure("startup.python_bare.wall", bare, "s"),
            figure("startup.python_bare.cpu", bare_cpu, "s"),
        ]
        for name, args in (("help", ["--help"]), ("parse_txt", ["parse", str(notice)])):
            argv = [*_duban(), *args]
            seconds, cpu = _wall(argv, env)
            modules, heavy, imported = _imports(argv, env)
            print(
                f"  duban {' '.join(args[:1])}: {seconds:.3f} s wall, {cpu:.3f} s CPU, {modules} modules"
                f" ({imported:.3f} s importing)"
            )
            print(f"    named modules imported: {', '.join(heavy) or 'none'}")
            results += [
                figure(f"startup.{name}.wall", seconds, "s"),
                figure(f"startup.{name}.cpu", cpu, "s", TARGET_SECONDS, "<="),
                figure(f"startup.{name}.over_bare_python", cpu / bare_cpu, "ratio"),
                figure(f"startup.{name}.modules", modules, "modules"),
                figure(f"startup.{name}.heavy_modules", len(set(heavy) & set(HEAVY)), "modules", 0, "<="),
            ]
    return results


if __name__ == "__main__":
    from bench.results import save, show

    figures = main()
    show(figures)
    save(figures)
