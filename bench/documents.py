"""`make bench`: generating the bulletin as text, Word and Excel, at 100 to 800 rows a table.

Target (issue 13): Word time linear in the rows of its tables and at most twice the Excel time.
The bulletin is the sample's (its body and both annexes), its annex tables grown to n rows each
by repeating the sample's tasks and indicators under new numbers. Each figure is the best of
three runs, in CPU time (`time.process_time`). Prints the figures and ratios, and merges them into bench-results.json (name, value,
unit, target, met); never fails on a slow machine (benchmarks inform, tests assert).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace
from io import BytesIO, StringIO
from pathlib import Path

from bench.results import Result, figure, save
from duban.core.model import Indicator, ParsedDocument
from duban.core.parse import parse_file
from duban.core.render.annexes import indicator_annex, task_annex
from duban.core.render.docx import render_docx
from duban.core.render.spec import DocKind, OfficialDoc
from duban.core.render.txt import render_text
from duban.core.render.xlsx import render_xlsx
from duban.core.sections import section_blocks

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "yunxi-2024.txt"
ROWS = (100, 200, 400, 800)
RATIO_TARGET = 2.0  # Word ≤ 2 × Excel
LINEAR_TARGET = 1.5  # Word's time per row at 800 rows ≤ 1.5 × its time per row at 100


def grown(bulletin: ParsedDocument, rows: int) -> OfficialDoc:
    """The sample bulletin with both annex tables grown to `rows` rows."""
    tasks = [replace(bulletin.tasks[i % len(bulletin.tasks)], seq=i + 1) for i in range(rows)]
    indicators: list[Indicator] = []
    while len(indicators) < rows:
        lap = len(indicators) // len(bulletin.indicators)
        for ind in bulletin.indicators[: rows - len(indicators)]:
            indicators.append(replace(ind, seq=ind.seq + 18 * lap))
    return OfficialDoc(
        number=str(bulletin.number),
        issuer=bulletin.issuer,
        title=bulletin.title,
        recipients="、".join(bulletin.recipients),
        body=section_blocks(bulletin.sections),
        attachments=bulletin.attachments,
        signature=bulletin.issuer,
        date=None,
        annexes=[
            task_annex(tasks, bulletin.attachments[0]),
            indicator_annex(indicators, bulletin.attachments[1]),
        ],
        kind=DocKind.BULLETIN,
    )


def best_of(runs: int, work: Callable[[], object]) -> float:
    """The shortest of `runs` CPU timings of `work`, in seconds (CPU time: the machine may be shared)."""
    times = []
    for _ in range(runs):
        start = time.process_time()
        work()
        times.append(time.process_time() - start)
    return min(times)


def measure() -> list[dict[str, object]]:
    """One row of figures per table size."""
    bulletin = parse_file(SAMPLE)[2]
    figures = []
    for rows in ROWS:
        doc = grown(bulletin, rows)
        word = best_of(3, lambda doc=doc: render_docx(doc, BytesIO()))
        excel = best_of(3, lambda doc=doc: render_xlsx(doc.annexes, BytesIO()))
        text = best_of(3, lambda doc=doc: StringIO(render_text(doc)))
        figures.append({"rows": rows, "word": word, "excel": excel, "text": text, "ratio": word / excel})
    return figures


def report(figures: list[dict[str, object]]) -> list[Result]:
    """Print the table and return the results in bench-results.json's form."""
    print("documents: the sample bulletin, both annex tables grown to n rows each")
    print(f"{'rows':>6} {'text s':>8} {'Word s':>8} {'Excel s':>8} {'Word/Excel':>11} {'Word ms/row':>12}")
    for f in figures:
        rows, word = int(str(f["rows"])), float(str(f["word"]))
        print(
            f"{rows:>6} {float(str(f['text'])):>8.3f} {word:>8.3f} {float(str(f['excel'])):>8.3f} "
            f"{float(str(f['ratio'])):>11.2f} {1000 * word / (2 * rows):>12.3f}"
        )
    first, last = figures[0], figures[-1]
    per_row = [float(str(f["word"])) / int(str(f["rows"])) for f in (first, last)]
    linear = per_row[1] / per_row[0]
    worst = max(float(str(f["ratio"])) for f in figures)
    print(
        f"Word time per row, {last['rows']} rows over {first['rows']}: {linear:.2f} (target ≤ {LINEAR_TARGET})"
    )
    print(f"Word over Excel, worst size: {worst:.2f} (target ≤ {RATIO_TARGET})")
    results = [
        figure(f"documents.{kind}.{f['rows']}_rows", float(str(f[kind])), "s", goal="<=")
        for f in figures
        for kind in ("text", "word", "excel")
    ]
    results.append(figure("documents.word_per_row_growth", linear, "ratio", LINEAR_TARGET, "<="))
    results.append(figure("documents.word_over_excel", worst, "ratio", RATIO_TARGET, "<="))
    return results


def main() -> list[Result]:
    """Measure, print and return the results (the driver saves them)."""
    return report(measure())


if __name__ == "__main__":
    save(main())
