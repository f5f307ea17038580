"""A CLI call's start-up: `duban --help` and `duban parse` of a one-clause notice.

Target (issue 13): the Word/Excel readers (python-docx, openpyxl), cn2an and OpenCC are loaded
only when needed, so neither call imports them; the figures are the wall time of each call in a
subprocess (best of five), its ratio to a bare `python -c pass`, and the modules it imports
(`python -X importtime`). tests/cli/test_startup.py asserts the same imports deterministically.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.results import Result, figure

RUNS = 5
HEAVY = ("docx", "openpyxl", "cn2an", "opencc", "lxml", "psycopg")
NOTICE = "某政人〔2024〕1号\n某某区人民政府\n关于人员职务任免的通知\n经研究，同意：\n王志国同志任区财政局副局长。\n某某区人民政府\n2024年7月29日\n"
TARGET_SECONDS = 1.0


def _duban() -> list[str]:
    """The duban command of this interpreter's environment."""
    script = Path(sys.executable).with_name("duban")
    return [sys.executable, str(script)]


def _wall(argv: list[str], env: dict[str, str]) -> float:
    """Best wall time of RUNS runs of argv."""
    best = float("inf")
    for _ in range(RUNS):
        start = time.perf_counter()
        subprocess.run(argv, env=env, capture_output=True, check=True)
        best = min(best, time.perf_counter() - start)
    return best


def _imports(argv: list[str], env: dict[str, str]) -> tuple[int, list[str], float]:
    """Modules imported by argv, the heavy ones among them, and the import time (s) python reports."""
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
        if name in HEAVY:
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
        bare = _wall([sys.executable, "-c", "pass"], env)
        results = [figure("startup.python_bare", bare, "s")]
        for name, args in (("help", ["--help"]), ("parse_txt", ["parse", str(notice)])):
            argv = [*_duban(), *args]
            seconds = _wall(argv, env)
            modules, heavy, imported = _imports(argv, env)
            print(
                f"  duban {' '.join(args[:1])}: {seconds:.3f} s, {modules} modules ({imported:.3f} s importing)"
            )
            print(f"    heavy modules imported: {', '.join(heavy) or 'none'}")
            results += [
                figure(f"startup.{name}.wall", seconds, "s", TARGET_SECONDS, "<="),
                figure(f"startup.{name}.over_bare_python", seconds / bare, "ratio"),
                figure(f"startup.{name}.modules", modules, "modules"),
                figure(f"startup.{name}.heavy_modules", len(heavy), "modules", 0, "<="),
            ]
    return results


if __name__ == "__main__":
    from bench.results import save, show

    figures = main()
    show(figures)
    save(figures)
