"""`make bench`: the month-end rush — 120 unit reporters submitting within 60 seconds.

Target (issue 13): every submission stored, none lost, none duplicated; the p95 latency reported.
Against SQLite and PostgreSQL, on the city's generated database (`bench.scale_db`: 9 counties,
40 reporting units each). The server is `duban serve`'s gunicorn with two workers; the reporters
are threads of a second process, each starting at its own moment of the minute and doing what a
reporter does over the API: read the entry, save the report, submit it. Then the database is
read: each entry submitted once, with its own text, and one audit event of submission each.
Never fails on a slow machine (benchmarks inform).

    DUBAN_BENCH_RUSH_REPORTERS=120 DUBAN_BENCH_RUSH_SECONDS=60
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.results import Result, figure  # noqa: E402
from bench.scale_db import backends, database, env, scales, served  # noqa: E402

REPORTERS = int(os.environ.get("DUBAN_BENCH_RUSH_REPORTERS", "120"))
SECONDS = float(os.environ.get("DUBAN_BENCH_RUSH_SECONDS", "60"))


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "duban.project.settings")
    import django

    django.setup()


def prepare(run: str) -> list[dict[str, object]]:
    """One (token, entry) per reporter: an unsubmitted entry of the open round its unit leads."""
    _django()
    from rest_framework.authtoken.models import Token

    from duban.accounts.models import User
    from duban.supervision.models import Entry

    plan = []
    taken: set[int] = set()
    for user in User.objects.filter(role="reporter").order_by("pk"):
        entry = (
            Entry.objects.filter(
                round__state="open",
                state__in=("empty", "draft"),
                item__units__duty="lead",
                item__units__unit__in=user.units.all(),
            )
            .exclude(pk__in=taken)
            .order_by("pk")
            .first()
        )
        if entry is None:
            continue
        taken.add(entry.pk)
        token, _ = Token.objects.get_or_create(user=user)
        plan.append(
            {"user": user.pk, "token": token.key, "entry": entry.pk, "text": f"{run}：{user.username}报送"}
        )
        if len(plan) == REPORTERS:
            break
    return plan


def reporters(base: str, plan: list[dict[str, object]]) -> dict[str, object]:
    """The second process: each reporter in a thread, started at its moment of the minute."""
    rng = random.Random(13)
    starts = sorted(rng.uniform(0, SECONDS) for _ in plan)
    latencies: list[float] = []
    failures: list[str] = []
    lock = threading.Lock()
    t0 = time.monotonic()

    def call(method: str, path: str, token: str, body: dict[str, object] | None = None) -> dict[str, object]:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(
            base + path,
            data=data,
            method=method,
            headers={"Authorization": f"Token {token}", "Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=120) as response:
            return json.loads(response.read() or b"{}")  # type: ignore[no-any-return]

    def one(task: dict[str, object], at: float) -> None:
        time.sleep(max(0.0, at - (time.monotonic() - t0)))
        start = time.perf_counter()
        token, path = str(task["token"]), f"/api/entries/{task['entry']}/"
        try:
            entry = call("GET", path, token)
            saved = call(
                "PATCH",
                path,
                token,
                {
                    "progress": task["text"],
                    "self_status": "on_schedule",
                    "percent": "50",
                    "version": entry["version"],
                },
            )
            call("POST", path + "submit/", token, {"version": saved["version"]})
            with lock:
                latencies.append((time.perf_counter() - start) * 1000)
        except (urllib.error.URLError, OSError, KeyError, ValueError) as exc:
            body = (
                exc.read().decode("utf-8", "replace")[:200] if isinstance(exc, urllib.error.HTTPError) else ""
            )
            with lock:
                failures.append(f"{task['entry']}: {exc} {body}")

    threads = [threading.Thread(target=one, args=(task, at)) for task, at in zip(plan, starts, strict=True)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return {"latencies": latencies, "failures": failures, "elapsed": time.monotonic() - t0}


def check(plan: list[dict[str, object]]) -> dict[str, int]:
    """What the database holds afterwards: stored with its text, lost, submitted more than once."""
    _django()
    from duban.audit.models import Event
    from duban.supervision.models import Entry

    ids = [int(str(t["entry"])) for t in plan]
    entries = {e.pk: e for e in Entry.objects.filter(pk__in=ids)}
    stored = sum(
        1
        for t in plan
        if (e := entries[int(str(t["entry"]))]).state == "submitted" and e.progress == t["text"]
    )
    events = {}
    for object_id in Event.objects.filter(
        type="entry.submit", object_id__in=[str(i) for i in ids]
    ).values_list("object_id", flat=True):
        events[object_id] = events.get(object_id, 0) + 1
    return {
        "stored": stored,
        "lost": len(plan) - stored,
        "duplicated": sum(1 for n in events.values() if n > 1),
    }


def measure(backend: str) -> dict[str, object]:
    url = database(scales("city")[-1], backend)
    environment = {**env(url), "DUBAN_SECRET_KEY": "bench-" + "x" * 40}
    run = f"月末{int(time.time())}"

    def worker(*args: str, stdin: str | None = None) -> object:
        done = subprocess.run(
            [sys.executable, __file__, *args],
            env=environment,
            input=stdin,
            check=True,
            capture_output=True,
            text=True,
        )
        return json.loads(done.stdout.strip().splitlines()[-1])

    plan = worker("--prepare", run)
    with served(environment) as base:
        result = worker("--reporters", base, stdin=json.dumps(plan))
    return {"plan": len(plan), **result, **worker("--check", stdin=json.dumps(plan))}  # type: ignore[dict-item]


def main() -> list[Result]:
    out: list[Result] = []
    for backend in backends():
        r = measure(backend)
        lat = sorted(r["latencies"])  # type: ignore[arg-type]
        p95 = lat[min(len(lat) - 1, int(round(0.95 * (len(lat) - 1))))] if lat else float("nan")
        median = lat[len(lat) // 2] if lat else float("nan")
        print(
            f"rush {backend:10}: {r['plan']} reporters in {r['elapsed']:.0f} s: stored {r['stored']}, "
            f"lost {r['lost']}, duplicated {r['duplicated']}, failed requests {len(r['failures'])}; "  # type: ignore[arg-type]
            f"latency median {median:.0f} ms, p95 {p95:.0f} ms"
        )
        for failure in r["failures"][:5]:  # type: ignore[index]
            print(f"  {failure}")
        name = f"rush.{backend}"
        out += [
            figure(f"{name}.reporters", r["plan"], "reporters", REPORTERS),  # type: ignore[arg-type]
            figure(f"{name}.stored", r["stored"], "submissions", r["plan"]),  # type: ignore[arg-type]
            figure(f"{name}.lost", r["lost"], "submissions", 0, "<="),  # type: ignore[arg-type]
            figure(f"{name}.duplicated", r["duplicated"], "submissions", 0, "<="),  # type: ignore[arg-type]
            figure(f"{name}.p95", p95, "ms"),
            figure(f"{name}.median", median, "ms"),
        ]
    return out


if __name__ == "__main__":
    if "--prepare" in sys.argv:
        print(json.dumps(prepare(sys.argv[-1])))
    elif "--reporters" in sys.argv:
        print(json.dumps(reporters(sys.argv[-1], json.loads(sys.stdin.read()))))
    elif "--check" in sys.argv:
        print(json.dumps(check(json.loads(sys.stdin.read()))))
    else:
        from bench.results import save, show

        results = main()
        show(results)
        save(results)
