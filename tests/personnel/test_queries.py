"""Roster, vacancies and probation on the sample."""

from __future__ import annotations

from datetime import date

from duban.personnel.queries import Holder, ProbationDue, Vacancies, probation_due, roster, vacancies
from duban.personnel.services import add_probation
from duban.units.models import Region
from duban.units.services import search_units


def _region() -> Region:
    return Region.objects.get(county="云溪区")


def test_it_lists_the_refilled_posts_of_the_sample(imported):
    found = vacancies(_region(), date(2024, 12, 31))
    refilled = {(r.post, r.vacated_by, r.filled_by) for r in found.refilled}
    assert ("区退役军人事务局副局长", "李仕华", "陈智") in refilled
    assert ("区人力资源和社会保障局劳动人事争议仲裁院院长", "叶崇明", "张常成") in refilled


def test_it_counts_seats_per_post_so_one_of_two_removed_deputies_stays_vacant(imported):
    found = vacancies(_region(), date(2024, 12, 31))
    health = [r for r in found.refilled if r.post == "区卫生健康局副局长"]
    assert [(r.vacated_by, r.filled_by) for r in health] == [("李丹", "肖玉梅")]
    vacant = {(v.post, v.vacated_by) for v in found.vacant}
    assert ("区卫生健康局副局长", "叶新华") in vacant
    assert ("区统计局总统计师", "郑新宇") in vacant
    assert not any(v.vacated_by == "李丹" for v in found.vacant)


def test_it_shows_nothing_vacant_before_the_notices(imported):
    assert vacancies(_region(), date(2024, 7, 28)) == Vacancies([], [])


def test_it_lists_the_twelve_probations_soonest_first(imported):
    due = probation_due(_region(), None)
    assert len(due) == 12
    [cheng] = [d for d in due if d.person == "程国华"]
    assert (cheng.post, cheng.start, cheng.probation_end) == (
        "陆城镇综合执法大队大队长",
        date(2024, 7, 29),
        date(2025, 7, 29),
    )
    assert all(d.probation_end == date(2025, 7, 29) for d in due)
    assert all(isinstance(d, ProbationDue) for d in due)
    assert probation_due(_region(), date(2025, 7, 29)) == []
    assert len(probation_due(_region(), date(2025, 7, 30))) == 12


def test_it_gives_the_roster_of_a_unit_with_its_sub_units(imported):
    [unit] = search_units(_region(), "区市场监督管理局")
    after = roster(unit, date(2024, 8, 1))
    zhou = [h for h in after if h.person == "周宇卓"]
    assert [(h.post, h.since, h.concurrent) for h in zhou] == [
        ("区市场监督管理局云溪市场监督管理所所长", date(2024, 7, 29), False)
    ]
    assert all(isinstance(h, Holder) for h in after)
    before = roster(unit, date(2024, 7, 1))
    assert [h.person for h in before] == ["翁岳林"]  # start unknown, removed on 07-29


def test_it_finds_a_unit_by_its_short_name_for_the_roster(imported):
    [unit] = search_units(_region(), "区卫健局")
    people = {(h.post, h.person, h.concurrent) for h in roster(unit, date(2024, 8, 1))}
    assert ("区卫生健康局副局长", "肖玉梅", True) in people


def test_probation_arithmetic():
    assert add_probation(date(2024, 7, 29), "一年") == date(2025, 7, 29)
    assert add_probation(date(2024, 8, 31), "六个月") == date(2025, 2, 28)
    assert add_probation(date(2024, 2, 29), "1年") == date(2025, 2, 28)
    assert add_probation(date(2024, 1, 1), "很久") is None
