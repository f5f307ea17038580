"""Every unit sees what it leads or co-leads across all documents, including through group references."""

from __future__ import annotations

from duban.supervision.choices import Duty
from duban.supervision.queries import responsibilities
from duban.units.models import Region
from duban.units.services import search_units


def _unit(name: str):
    [unit] = search_units(Region.objects.get(county="云溪区"), name)
    return unit


def _keys(items):
    return {(i.kind, i.seq) for i in items}


def _by_duty(unit_name: str, duty: Duty):
    return [r for r in responsibilities(_unit(unit_name)) if r.duty == duty]


def test_the_health_bureau_sees_its_tasks_indicators_and_measures(imported):
    found = _by_duty("区卫健局", Duty.LEAD)
    leads = _keys(found)
    # 附件1 tasks 44, 46, 49; 附件2 items 2 (two indicators), 13 and 14 (merged lead cell).
    assert {("tasks", 44), ("tasks", 46), ("tasks", 49)} <= leads
    assert {("indicators", 2), ("indicators", 13), ("indicators", 14)} <= leads
    assert len([i for i in found if i.kind == "indicators" and i.seq == 2]) == 2
    assert ("measures", 2) in _keys(_by_duty("区卫健局", Duty.RELATED))


def test_a_task_with_two_lead_units_shows_for_both(imported):
    assert ("tasks", 51) in _keys(_by_duty("区交通局", Duty.LEAD))
    assert ("tasks", 51) in _keys(_by_duty("区物流发展服务中心", Duty.LEAD))


def test_a_town_gets_the_measures_of_the_towns_group(imported):
    related = _by_duty("陆城镇", Duty.RELATED)
    via = {i.seq for i in related if i.via == "各镇（街道）"}
    assert via == {5, 6, 8, 13, 15, 16}


def test_livelihood_lead_units_get_measure_17_through_the_group(imported):
    related = _by_duty("区妇联", Duty.RELATED)
    assert [(i.seq, i.via) for i in related if i.kind == "measures"] == [(17, "各实事承办单位")]
