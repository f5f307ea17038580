"""`make bench`: the main pages and the API's lists at district, city and province scale.

Targets (issue 13): at most 20 queries a page, the same at every scale; p95 ≤ 150 ms on
PostgreSQL at province scale; the province's time at most twice the district's. Each scale's
database is generated once (`bench.scale_db`). The queries are counted in-process (Django's test
client on that database); the times are measured over HTTP: `duban serve`'s gunicorn with two
workers, requests from a second process on loopback (one connection per request, as a browser
opening a page), a warm-up pass first. Never fails on a slow machine (benchmarks inform).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.results import Result, figure  # noqa: E402
from bench.scale_db import backends, database, env, scales, served  # noqa: E402

REQUESTS = int(os.environ.get("DUBAN_BENCH_REQUESTS", "20"))  # timed requests a page
TARGET_QUERIES = 20
TARGET_P95_MS = 150.0
TARGET_GROWTH = 2.0


def pages(region: Any = None) -> list[tuple[str, str, str]]:
    """(name, who, path) of every page measured, for a county's (the first's) office, reporter and leader."""
    from duban.personnel.models import Person
    from duban.supervision.models import Bulletin, Round, TaskList
    from duban.units.models import Region, Unit

    region = region or Region.objects.order_by("pk").first()
    assert region is not None, "no data: generate it first"
    tasks = TaskList.objects.filter(region=region, kind="tasks").order_by("pk").first()
    assert tasks is not None
    open_round = Round.objects.filter(task_list=tasks, state="open").first()
    assert open_round is not None
    bulletin = Bulletin.objects.filter(region=region).first()
    person = Person.objects.filter(region=region).order_by("pk").first()
    unit = Unit.objects.filter(region=region, parent__isnull=True).order_by("pk").first()
    assert unit is not None
    out = [
        ("office_home", "office", "/office/"),
        ("lists", "office", "/lists/"),
        ("list", "office", f"/lists/{tasks.pk}/"),
        ("rounds", "office", "/rounds/"),
        ("round", "office", f"/rounds/{open_round.pk}/"),
        ("review", "office", "/review/"),
        ("bulletins", "office", "/bulletins/"),
        ("personnel", "office", "/personnel/"),
        ("units", "office", "/units/"),
        ("unit", "office", f"/units/{unit.pk}/"),
        ("my", "reporter", "/my/"),
        ("leader_home", "leader", "/leader/"),
        ("api.units", "office", "/api/units/"),
        ("api.documents", "office", "/api/documents/"),
        ("api.people", "office", "/api/people/"),
        ("api.lists", "office", "/api/lists/"),
        ("api.items", "office", f"/api/items/?task_list={tasks.pk}"),
        ("api.rounds", "office", "/api/rounds/"),
        ("api.entries", "office", f"/api/entries/?round={open_round.pk}"),
        ("api.entries.reporter", "reporter", f"/api/entries/?round={open_round.pk}"),
    ]
    if bulletin is not None:
        out.append(("bulletin", "office", f"/bulletins/{bulletin.pk}/"))
    if person is not None:
        out.append(("person", "office", f"/personnel/people/{person.pk}/"))
    return out


def _users(region: Any = None) -> dict[str, Any]:
    from duban.accounts.models import User
    from duban.units.models import Region

    region = region or Region.objects.order_by("pk").first()
    reporter = (
        User.objects.filter(region=region, role="reporter", units__item_links__duty="lead")
        .order_by("pk")
        .first()
    )
    return {
        "office": User.objects.get(region=region, role="office"),
        "leader": User.objects.get(region=region, role="leader"),
        "reporter": reporter,
    }


def prepare() -> dict[str, object]:
    """In-process, on the scale's database: each page's query count, and session cookies for the client."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "duban.project.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.ALLOWED_HOSTS = ["*"]
    users = _users()
    # The whole login a person goes through, second factor included (the tests' own client).
    from tests.clients import FullyLoggedInClient

    clients = {}
    cookies = {}
    for who, user in users.items():
        client = FullyLoggedInClient()
        client.force_login(user)
        clients[who] = client
        cookies[who] = client.cookies[settings.SESSION_COOKIE_NAME].value
    found = []
    for name, who, path in pages():
        clients[who].get(path)  # caches warm, as the served pages will be
        with CaptureQueriesContext(connection) as ctx:
            response = clients[who].get(path)
        found.append(
            {"name": name, "who": who, "path": path, "status": response.status_code, "queries": len(ctx)}
        )
    wrong = [f"{p['name']} {p['path']}: {p['status']}" for p in found if p["status"] != 200]
    if wrong:
        raise SystemExit("pages that do not answer 200 (the bench would time redirects): " + "; ".join(wrong))
    return {"pages": found, "cookies": cookies, "cookie_name": settings.SESSION_COOKIE_NAME}


def client(base: str, plan: dict[str, object]) -> dict[str, list[float]]:
    """The second process: each page requested REQUESTS times after a warm-up; milliseconds."""
    times: dict[str, list[float]] = {}
    name_of = plan["cookie_name"]
    for page in plan["pages"]:  # type: ignore[attr-defined]
        cookie = f"{name_of}={plan['cookies'][page['who']]}"  # type: ignore[index]
        request = urllib.request.Request(base + page["path"], headers={"Cookie": cookie})
        for k in range(REQUESTS + 2):
            start = time.perf_counter()
            with urllib.request.urlopen(request, timeout=60) as response:
                response.read()
            if k >= 2:
                times.setdefault(page["name"], []).append((time.perf_counter() - start) * 1000)
    return times


def measure(scale: str, backend: str) -> list[dict[str, object]]:
    url = database(scale, backend)
    environment = {
        **env(url),
        "DUBAN_SECRET_KEY": "bench-" + "x" * 40,
        "DUBAN_ALLOWED_HOSTS": "127.0.0.1,localhost",
    }
    done = subprocess.run(
        [sys.executable, __file__, "--prepare"], env=environment, check=True, capture_output=True, text=True
    )
    plan = json.loads(done.stdout.strip().splitlines()[-1])
    with served(environment) as base:
        done = subprocess.run(
            [sys.executable, __file__, "--client", base],
            input=json.dumps(plan),
            check=True,
            capture_output=True,
            text=True,
        )
    times = json.loads(done.stdout.strip().splitlines()[-1])
    rows = []
    for page in plan["pages"]:
        t = sorted(times[page["name"]])
        p95 = t[min(len(t) - 1, int(round(0.95 * (len(t) - 1))))]
        rows.append({**page, "median": statistics.median(t), "p95": p95})
    return rows


def main() -> list[Result]:
    out: list[Result] = []
    for backend in backends():
        by_scale = {}
        for scale in scales():
            rows = measure(scale, backend)
            by_scale[scale] = rows
            for r in rows:
                print(
                    f"{backend:10} {scale:8} {r['name']:22} {r['status']} {r['queries']:>3} queries  "
                    f"median {r['median']:6.1f} ms  p95 {r['p95']:6.1f} ms",
                    flush=True,
                )
                name = f"pages.{backend}.{scale}.{r['name']}"
                p95_target = TARGET_P95_MS if (backend == "postgresql" and scale == "province") else None
                out += [
                    figure(f"{name}.queries", r["queries"], "queries", TARGET_QUERIES, "<="),
                    figure(f"{name}.median", r["median"], "ms"),
                    figure(f"{name}.p95", r["p95"], "ms", p95_target, "<="),
                ]
        first, last = scales()[0], scales()[-1]
        if first != last:
            base = {r["name"]: r for r in by_scale[first]}
            for r in by_scale[last]:
                b = base[r["name"]]
                same = r["queries"] == b["queries"]
                out.append(figure(f"pages.{backend}.{r['name']}.same_queries", float(same), "bool", 1.0))
                growth = r["median"] / max(b["median"], 1e-6)  # type: ignore[operator]
                out.append(
                    figure(
                        f"pages.{backend}.{r['name']}.{last}_to_{first}", growth, "ratio", TARGET_GROWTH, "<="
                    )
                )
    return out


if __name__ == "__main__":
    if "--prepare" in sys.argv:
        print(json.dumps(prepare()))
    elif "--client" in sys.argv:
        print(json.dumps(client(sys.argv[-1], json.loads(sys.stdin.read()))))
    else:
        from bench.results import save, show

        results = main()
        show(results)
        save(results)
