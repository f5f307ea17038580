"""A progress line for long commands on a terminal: done of total, rate, time left.

Written to stderr, rewritten in place with a carriage return, and only when stderr is a terminal:
`--json`, pipes and logs get no progress lines.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

WIDTH = 24  # characters of the bar


class ProgressBar:
    """Call with (done, total) after each step; `close()` ends the line."""

    def __init__(self, label: str, unit: str, stream: TextIO | None = None, *, min_total: int = 1) -> None:
        self.label = label
        self.unit = unit
        self.stream = stream or sys.stderr
        self.min_total = min_total  # a file of a few documents needs no bar
        self.start = time.monotonic()
        self.shown = False

    @classmethod
    def enabled(cls, json_output: bool, stream: TextIO | None = None) -> bool:
        stream = stream or sys.stderr
        return not json_output and stream.isatty()

    def __call__(self, done: int, total: int) -> None:
        if total < self.min_total:
            return
        self.stream.write("\r" + line(self.label, self.unit, done, total, time.monotonic() - self.start))
        self.stream.flush()
        self.shown = True

    def close(self) -> None:
        if self.shown:
            self.stream.write("\n")
            self.stream.flush()
            self.shown = False


def line(label: str, unit: str, done: int, total: int, elapsed: float) -> str:
    """`导入 [#####-----] 1,200/10,000 份  315 份/秒  剩余 0:28`."""
    share = done / total if total else 1.0
    filled = int(WIDTH * share)
    rate = done / elapsed if elapsed > 0 else 0.0
    left = (total - done) / rate if rate > 0 else 0.0
    minutes, seconds = divmod(int(left + 0.5), 60)
    return (
        f"{label} [{'#' * filled}{'-' * (WIDTH - filled)}] {done:,}/{total:,} {unit}"
        f"  {rate:,.0f} {unit}/秒  剩余 {minutes}:{seconds:02d}"
    )
