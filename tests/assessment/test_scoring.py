"""The scores of the small year (conftest), recomputed here in plain Python from the rows."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from duban.assessment.choices import Measure
from duban.assessment.models import RULE_FIELDS, AssessmentRule
from duban.assessment.scoring import assess, ranks
from duban.supervision.models import Entry, ExtensionRequest, Instruction, ItemUnit, Round
from tests.assessment.conftest import TODAY, Year, grow

# The small year's deadlines as the test reads them (完成时限 of items 1-4).
ITEM_DEADLINES = {1: date(2025, 6, 30), 2: date(2025, 12, 31), 3: date(2025, 3, 31), 4: date(2025, 9, 30)}


def _day(moment):
    return timezone.localtime(moment).date()


def expected_counts(year: Year) -> dict[int, dict[Measure, int]]:
    """Each lead unit's occurrences, from the rows, the simplest way."""
    rounds = {r.pk: r for r in Round.objects.filter(task_list=year.task_list)}
    counted = {pk for pk, r in rounds.items() if r.state != "open" and r.as_of.year == 2025}
    leads = defaultdict(set)
    for link in ItemUnit.objects.filter(item__task_list=year.task_list, duty="lead"):
        leads[link.item_id].add(link.unit_id)
    extended = dict(ExtensionRequest.objects.filter(state="approved").values_list("entry_id", "until"))
    per_item = defaultdict(lambda: defaultdict(int))
    statuses = defaultdict(list)  # item → [(as_of, status)]
    for e in Entry.objects.filter(round_id__in=counted):
        rnd = rounds[e.round_id]
        statuses[e.item_id].append((rnd.as_of, e.status))
        if e.status == "lagging":
            per_item[e.item_id][Measure.LAGGING] += 1
        deadline = extended.get(e.pk, rnd.deadline)
        if e.first_reported_at is None:
            if e.state in ("empty", "draft", "awaiting_head"):
                per_item[e.item_id][Measure.LATE] += 1
        elif _day(e.first_reported_at) > deadline:
            per_item[e.item_id][Measure.LATE] += 1
        per_item[e.item_id][Measure.RETURNED] += e.returns
    seqs = {i.pk: i.seq for i in year.items}
    for item_id, seen in statuses.items():
        seen.sort()
        if seen[-1][1] == "completed":
            per_item[item_id][Measure.COMPLETED] += 1
            first_done = min(d for d, s in seen if s == "completed")
            if first_done <= ITEM_DEADLINES[seqs[item_id]]:
                per_item[item_id][Measure.ON_TIME] += 1
    deadlines = sorted(r.deadline for r in rounds.values())
    for ins in Instruction.objects.filter(item__task_list=year.task_list):
        due = min(d for d in deadlines if d >= _day(ins.created_at))
        answered = _day(ins.answered_at) if ins.answered_at else None
        if (answered and answered > due) or (answered is None and due < TODAY):
            per_item[ins.item_id][Measure.INSTRUCTION_LATE] += 1
    out: dict[int, dict[Measure, int]] = defaultdict(lambda: dict.fromkeys(Measure, 0))
    for item_id, units in leads.items():
        for unit_id in units:
            for measure, n in per_item[item_id].items():
                out[unit_id][measure] += n
    return out


def expected_score(rule: AssessmentRule, counts: dict[Measure, int]) -> Decimal:
    total = rule.base
    for measure, n in counts.items():
        points = rule.weight(measure) * n
        cap = rule.cap(measure)
        if cap is not None:
            points = max(-cap, min(cap, points))
        total += points
    return total


def test_it_counts_what_the_story_of_the_year_says(year):
    counts = expected_counts(year)
    m = Measure
    assert counts[year.a.pk] == {
        m.COMPLETED: 2,
        m.ON_TIME: 2,
        m.LAGGING: 1,
        m.LATE: 1,
        m.RETURNED: 1,
        m.INSTRUCTION_LATE: 0,
    }
    assert counts[year.b.pk] == {
        m.COMPLETED: 1,
        m.ON_TIME: 1,
        m.LAGGING: 3,
        m.LATE: 3,
        m.RETURNED: 3,
        m.INSTRUCTION_LATE: 1,
    }
    assert counts[year.c.pk] == {
        m.COMPLETED: 1,
        m.ON_TIME: 0,
        m.LAGGING: 0,
        m.LATE: 0,
        m.RETURNED: 0,
        m.INSTRUCTION_LATE: 1,
    }


def test_the_service_gives_the_scores_recomputed_from_the_rows(year):
    result = assess(year.region, 2025, today=TODAY)
    counts = expected_counts(year)
    assert {u.unit_id for u in result.units} == {year.a.pk, year.b.pk, year.c.pk}
    for unit in result.units:
        assert {ms.measure: ms.count for ms in unit.measures} == counts[unit.unit_id]
        assert unit.score == expected_score(result.rule, counts[unit.unit_id])
    # The default rule: 100 + 2×2 + 1×2 − 2 − 1 − 0.5 = 102.5; 100 + 2 − 1 = 101; 100 + 2 + 1 − 6 − 3 − 1.5 − 1 = 91.5
    assert [(u.unit, u.score, u.rank) for u in result.units] == [
        ("区民政局", Decimal("102.50"), 1),
        ("区卫生健康局", Decimal("101.00"), 2),
        ("区财政局", Decimal("91.50"), 3),
    ]
    assert result.rule.is_default


def test_the_breakdown_says_which_item_lagged_in_which_round_and_which_report_was_late(year):
    b = assess(year.region, 2025, today=TODAY).of_unit(year.b.pk)
    assert b is not None
    by_seq = {i.seq: i for i in b.items}
    assert sorted(by_seq) == [2, 4]
    lagging = [(o.period, o.detail) for o in by_seq[2].occurrences if o.measure == Measure.LAGGING]
    assert lagging == [("2025年1-3月", "审定进度为滞后"), ("2025年1-6月", "审定进度为滞后")]
    late = [(o.period, o.detail) for o in by_seq[2].occurrences if o.measure == Measure.LATE]
    assert late == [
        ("2025年1-3月", "4月8日报送，截止4月5日（逾期3天）"),
        ("2025年1-9月", "截止10月5日，轮次截止时仍未报送"),
    ]
    assert by_seq[4].co_leads == ("区民政局",)
    late_answer = [o for o in by_seq[2].occurrences if o.measure == Measure.INSTRUCTION_LATE]
    assert [o.detail for o in late_answer] == ["4月10日批示“请加快进度”，7月8日答复，应于7月5日前答复"]
    returned = b.measure(Measure.RETURNED)
    assert (returned.count, returned.weight, returned.points) == (3, Decimal("-0.5"), Decimal("-1.50"))


def test_an_approved_extension_moves_the_deadline_and_a_related_unit_is_not_scored(year):
    c = assess(year.region, 2025, today=TODAY).of_unit(year.c.pk)
    assert c is not None and c.measure(Measure.LATE).count == 0
    a = assess(year.region, 2025, today=TODAY).of_unit(year.a.pk)
    assert a is not None and [i.seq for i in a.items] == [1, 4]  # 区民政局 is only related to item 3


def test_caps_hold_a_measure_within_its_bound(year):
    rule = AssessmentRule(region=year.region, year=2025, lagging_weight=Decimal(-5), lagging_cap=Decimal(10))
    b = assess(year.region, 2025, rule=rule, today=TODAY).of_unit(year.b.pk)
    assert b is not None
    lagging = b.measure(Measure.LAGGING)
    assert (lagging.count, lagging.raw, lagging.points, lagging.capped) == (
        3,
        Decimal("-15.00"),
        Decimal("-10.00"),
        True,
    )
    assert b.score == expected_score(rule, expected_counts(year)[year.b.pk]) == Decimal("87.50")


def test_changed_weights_change_the_scores_and_the_order(year):
    rule = AssessmentRule(region=year.region, year=2025, completed_weight=Decimal(10), completed_cap=None)
    rule.instruction_late_weight = Decimal(-20)
    rule.instruction_late_cap = None
    result = assess(year.region, 2025, rule=rule, today=TODAY)
    counts = expected_counts(year)
    for unit in result.units:
        assert unit.score == expected_score(rule, counts[unit.unit_id])
    assert [u.unit for u in result.units] == ["区民政局", "区卫生健康局", "区财政局"]
    assert result.of_unit(year.c.pk).score == Decimal("90.00")  # type: ignore[union-attr]


def test_equal_scores_share_a_rank(year):
    zero = {name: Decimal(0) for name in RULE_FIELDS if name.endswith("_weight")}
    rule = AssessmentRule(region=year.region, year=2025, **zero)
    result = assess(year.region, 2025, rule=rule, today=TODAY)
    assert [(u.score, u.rank) for u in result.units] == [(Decimal("100.00"), 1)] * 3
    assert ranks([Decimal(5), Decimal(7), Decimal(5), Decimal(1)]) == [2, 1, 2, 4]


def test_the_rules_measures_are_the_outcomes_and_nothing_else():
    assert {m.value for m in Measure} == {
        "completed",
        "on_time",
        "lagging",
        "late",
        "returned",
        "instruction_late",
    }
    scoring = {f.name for f in AssessmentRule._meta.concrete_fields} - {
        "id",
        "region",
        "year",
        "updated_by",
        "updated_at",
    }
    assert scoring == set(RULE_FIELDS) == {"base"} | {f"{m}_{k}" for m in Measure for k in ("weight", "cap")}
    activity = ("login", "click", "online", "visit", "session", "view")
    assert not [f for f in scoring if any(word in f for word in activity)]


def test_the_number_of_queries_does_not_grow_with_the_data(year, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        assess(year.region, 2025, today=TODAY)
    grow(year, 12)
    with django_assert_num_queries(len(small.captured_queries)):
        result = assess(year.region, 2025, today=TODAY)
    assert sum(len(u.items) for u in result.units) == 5 + 12
    assert len(small.captured_queries) <= 10


@pytest.mark.parametrize("year_asked", [2024, 2026])
def test_another_year_counts_nothing_of_this_one(year, year_asked):
    result = assess(year.region, year_asked, today=TODAY)
    ours = {i.pk for i in year.items}
    assert not [i for u in result.units for i in u.items if i.item_id in ours]


def test_a_year_without_its_own_rule_keeps_the_latest_earlier_one(year, personas):
    from duban.assessment.scoring import rule_for
    from duban.assessment.services import save_rule

    save_rule(
        personas.actor(personas.officer),
        year.region,
        2024,
        {"lagging_weight": Decimal(-5), "lagging_cap": None},
    )
    carried = rule_for(year.region, 2025)
    assert (carried.pk, carried.year, carried.lagging_weight, carried.lagging_cap) == (
        None,
        2025,
        Decimal(-5),
        None,
    )
    assert carried.source == "沿用2024年度规则"
    assert rule_for(year.region, 2023).source == "默认规则"
    b = assess(year.region, 2025, today=TODAY).of_unit(year.b.pk)
    assert b is not None and b.measure(Measure.LAGGING).points == Decimal("-15.00")
