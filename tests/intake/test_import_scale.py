"""An import costs the same per notice however large the region: tenures updated, not rebuilt.

Importing notices one file after another, in any order, and replacing one, leaves exactly the
tenures (and the register's answers) that deriving every tenure from scratch gives; and the
number of queries a notice costs does not grow with the region.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from duban.actors import Actor, Via
from duban.benchdata.notices import generate
from duban.intake.services import Options, import_data
from duban.personnel import queries
from duban.personnel.models import Person, Tenure
from duban.personnel.services import rebuild_tenures
from duban.units.models import Region, Unit
from tests.conftest import SAMPLE

pytestmark = pytest.mark.django_db
OPERATOR = Actor(name="os:tester", via=Via.CLI)
REGION = "湖南省岳阳市云溪区"


def _import(text: str, name: str = "archive.txt", **options: object) -> list[str]:
    result = import_data(OPERATOR, text.encode("utf-8"), name, Options(region=REGION, **options))  # type: ignore[arg-type]
    return [str(d.outcome) for d in result.documents]


def _tenures() -> list[tuple[object, ...]]:
    return sorted(
        Tenure.objects.values_list(
            "person_id",
            "post_id",
            "start",
            "end",
            "start_event_id",
            "end_event_id",
            "probation_end",
            "concurrent",
        ),
        key=repr,
    )


def _answers(region: Region) -> list[object]:
    """Every question the register answers, over every person, unit and a few dates."""
    days = [date(2016, 1, 1), date(2019, 6, 30), date(2022, 3, 1), date(2026, 1, 1)]
    out: list[object] = [queries.history(p) for p in Person.objects.filter(region=region).order_by("pk")]
    for unit in Unit.objects.filter(region=region, parent__isnull=True).order_by("pk"):
        out += [queries.roster(unit, day) for day in days]
    out += [queries.vacancies(region, day) for day in days]
    out += [queries.probation_due(region, day) for day in days] + [queries.probation_due(region, None)]
    return out


def test_tenures_updated_notice_by_notice_are_those_rebuilt_from_scratch():
    notices = [n.text for n in generate(60, seed=5, regions=1)]
    # Out of date order, in files of different sizes, the sample among them, one notice replaced.
    assert {*_import("\n".join(notices[:25]))} == {"created"}
    assert "created" in _import(SAMPLE.read_text(encoding="utf-8"), "sample.txt")
    for k in range(25, 40):
        assert _import(notices[k], f"n{k}.txt") == ["created"]
    assert {*_import("\n".join(reversed(notices[40:])))} == {"created"}
    changed = notices[3].replace("同志任", "同志任", 1)
    lines = changed.splitlines()
    body = next(i for i, ln in enumerate(lines) if "同志任" in ln or "免去" in ln)
    del lines[body]  # the corrected text drops a clause
    assert _import("\n".join(lines), "fix.txt", replace=True, confirm=True) == ["replaced"]

    region = Region.objects.get(county="云溪区")
    incremental, answers = _tenures(), _answers(region)
    assert len(incremental) > 500
    rebuild_tenures(region)
    assert _tenures() == incremental
    assert _answers(region) == answers


def _notice(serial: int, names: list[str]) -> str:
    """A notice of fixed shape: the same posts, new people (their names never met before)."""
    a, b, c, d = names
    return "\n".join(
        [
            f"岳云政人〔2030〕{serial}号",
            "",
            "岳阳市云溪区人民政府",
            "关于人员职务任免的通知",
            "",
            "各镇人民政府、街道办事处，区直各单位：",
            "经研究，同意：",
            f"{a}同志任区财政局副局长（试用期一年）；",
            f"{b}同志任区统计局局长，免去其区财政局副局长职务；",
            f"免去{c}同志区民政局局长职务；",
            f"{d}同志任区民政局局长。",
            "",
            "岳阳市云溪区人民政府",
            f"2030年{serial % 12 + 1}月{serial % 27 + 1}日",
        ]
    )


def _names(start: int) -> list[str]:
    # Two characters the notice generator never uses for names: no one of the archive shares them.
    chars = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥"
    return [
        f"试{chars[(start + i) // len(chars) % len(chars)]}{chars[(start + i) % len(chars)]}"
        for i in range(4)
    ]


def _queries(first: int, count: int) -> int:
    text = "\n".join(_notice(first + k, _names(4 * (first + k))) for k in range(count))
    with CaptureQueriesContext(connection) as ctx:
        assert {*_import(text, f"q{first}.txt")} == {"created"}
    return len(ctx.captured_queries)


def test_a_notice_costs_the_same_queries_in_a_small_region_and_in_a_large_one():
    _import(_notice(1, _names(0)))  # the region, its directory and the posts exist
    small = (_queries(10, 3), _queries(20, 6))
    _import("\n".join(n.text for n in generate(150, seed=9, regions=1)))  # the region grows
    assert Tenure.objects.count() > 1500
    large = (_queries(40, 3), _queries(50, 6))
    assert small == large
    per_notice = (small[1] - small[0]) / 3
    assert per_notice == int(per_notice) and per_notice <= 15
