"""The host's own speed: a fixed pure-Python workload, so that figures from different machines
(or one shared machine on different days) can be compared.

No target. The workload is the kind of work the parser and the import do (short strings
formatted, sliced and matched, dictionaries filled, small objects made), always the same, best
of five passes of CPU time: a host twice as slow here shows parse and import rates about half
as high, with no change in duban.
"""

from __future__ import annotations

import re
import time

from bench.results import Result, figure

PASSES = 5
ROUNDS = 200_000
_CLAUSE = re.compile(r"(?P<name>[\u4e00-\u9fff]{2,4})同志任(?P<post>[\u4e00-\u9fff]+)；")


def workload() -> int:
    """The fixed work: ROUNDS clauses made, matched, split and counted."""
    seen: dict[str, int] = {}
    total = 0
    for k in range(ROUNDS):
        text = f"张{'明华国伟'[k % 4]}{'强军'[k % 2]}同志任区财政局{'副' if k % 3 else ''}局长；"
        match = _CLAUSE.fullmatch(text)
        if match is not None:
            post = match["post"]
            seen[post] = seen.get(post, 0) + 1
            total += len(post.split("局")) + (post[-2:] == "局长")
    return total + len(seen)


def main() -> list[Result]:
    """Measure, print and return the figure."""
    best = float("inf")
    for _ in range(PASSES):
        start = time.process_time()
        workload()
        best = min(best, time.process_time() - start)
    print(f"host: reference workload {best:.3f} s CPU (best of {PASSES}; lower is faster)")
    return [figure("host.reference_workload", best, "s")]


if __name__ == "__main__":
    from bench.results import save, show

    figures = main()
    show(figures)
    save(figures)
