"""The sample's unit names resolve against the built-in directory; unknown names are flagged, never guessed."""

from __future__ import annotations

from duban.units.models import Region, Unit, UnitKind
from duban.units.resolve import Resolver
from duban.units.services import merge_units, search_units
from tests.registry_fixtures import OPERATOR

# Names in the sample that no generic county directory can know: the district's own companies,
# its project headquarters, and bodies particular to it. The office confirms these once.
EXPECTED_REVIEW = {
    "区城发集团",
    "区城发建设投资集团有限责任公司",
    "项目指挥部",
    "区长岭炼化协作协调事务中心",
    # Task 63's lead unit: both 区城市管理局 and 区城市管理和综合执法局 appear in 2号, so the
    # short form is ambiguous and the office decides.
    "区城管局",
}


def test_every_unit_name_of_the_sample_resolves_without_review_except_the_truly_unknown(imported):
    flagged = set(Unit.objects.filter(needs_review=True).values_list("name", flat=True))
    assert flagged == EXPECTED_REVIEW


def test_short_full_and_stationed_names_reach_the_same_units(imported):
    region = Region.objects.get(county="云溪区")
    r = Resolver(region)
    assert r.unit("区人社局").unit == r.unit("区人力资源和社会保障局").unit
    assert r.unit("区卫健局").unit == r.unit("区卫生健康局").unit
    assert r.unit("区文旅广电局").unit == r.unit("区文化旅游广电局").unit
    assert r.unit("公安分局").unit.kind == UnitKind.STATIONED
    park = r.unit("绿色化工高新区").unit
    assert park == r.unit("湖南岳阳绿色化工高新技术产业开发区").unit
    assert park.kind == UnitKind.PARK


def test_the_ambiguous_short_form_is_flagged_not_matched(imported):
    region = Region.objects.get(county="云溪区")
    resolved = Resolver(region).unit("区城管局")
    assert resolved.status == "ambiguous"
    assert resolved.unit.needs_review
    assert (
        "区城市管理局" in resolved.unit.review_note and "区城市管理和综合执法局" in resolved.unit.review_note
    )


def test_nested_orgs_become_sub_units_under_their_parent(imported):
    station = Unit.objects.get(name="云溪市场监督管理所")
    assert station.parent.name == "区市场监督管理局"
    assert station.full_name == "区市场监督管理局云溪市场监督管理所"
    assert Unit.objects.get(name="劳动人事争议仲裁院").parent.name == "区人力资源和社会保障局"


def test_merging_keeps_history_and_the_old_name_finds_the_target(imported):
    region = Region.objects.get(county="云溪区")
    short = Unit.objects.get(name="区城发集团")
    full = Unit.objects.get(name="区城发建设投资集团有限责任公司")
    led_before = short.item_links.count()
    merge_units(OPERATOR, short, full)
    assert search_units(region, "区城发集团") == [full]
    assert short.item_links.count() == led_before  # links kept; reached through the merge
    assert short.pk in full.descendant_ids()


def test_the_merge_command_moves_lookups_and_keeps_links(imported):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("merge_units", "区城发集团", "区城发建设投资集团有限责任公司", stdout=out)
    assert "已将" in out.getvalue()
    region = Region.objects.get(county="云溪区")
    assert [u.name for u in search_units(region, "区城发集团")] == ["区城发建设投资集团有限责任公司"]
    assert not Unit.objects.get(name="区城发集团").needs_review
