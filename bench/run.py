"""`make bench`: every benchmark in turn, its figures printed and merged into bench-results.json.

Each module listed in BENCHES has a `main()` that measures, prints what it measured and returns
its figures (`bench.results.figure`); this driver shows them with their targets, saves them after
each bench (a later failure keeps the earlier figures) and ends with the list of targets not met.
Benchmarks inform, tests assert: nothing here fails on a slow machine.

    python -m bench.run              # every bench
    python -m bench.run parse        # the benches whose name contains "parse"
"""

from __future__ import annotations

import importlib
import sys
import time

from bench.results import RESULTS, Result, save, show

# One line a bench; a new bench adds its module here.
BENCHES = [
    "bench.host",  # the machine's own speed, to compare figures across machines
    "bench.parse",
    "bench.documents",
    "bench.startup",
    "bench.import_bench",
    "bench.bulletin_bench",
    # Generate each scale's database once (var/bench/); DUBAN_BENCH_SCALES / _BACKENDS choose them.
    "bench.pages_bench",
    "bench.rush_bench",
]


def main(argv: list[str]) -> int:
    """Run the benches named in argv (substrings), or all of them."""
    chosen = [b for b in BENCHES if not argv or any(a in b for a in argv)]
    if not chosen:
        print(f"no bench matches {' '.join(argv)}; known: {', '.join(BENCHES)}", file=sys.stderr)
        return 2
    every: list[Result] = []
    for name in chosen:
        start = time.perf_counter()
        print(f"\n### {name}", flush=True)
        results = importlib.import_module(name).main()
        show(results, f"{name} ({time.perf_counter() - start:.0f} s)")
        save(results)
        every.extend(results)
    missed = [r for r in every if r.get("met") is False]
    print(
        f"\n{len(every)} figures written to {RESULTS.name}; targets met: "
        f"{sum(r.get('met') is True for r in every)} of {sum(r.get('met') is not None for r in every)}"
    )
    for r in missed:
        print(f"  NOT MET: {r['name']} = {r['value']} {r['unit']} (target {r['goal']} {r['target']})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
