"""The unit directory's pages: search by any name, the unit page with its sections, the office's corrections."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from duban.accounts.models import User
from duban.audit.models import Event as AuditEvent
from duban.personnel.models import Person, Post, Tenure
from duban.supervision.choices import Duty, ListKind
from duban.supervision.models import Item, ItemUnit, TaskList
from duban.units.choices import AliasKind, UnitKind
from duban.units.models import Region, Unit, UnitAlias, UnitRenaming
from duban.units.services import search_units


def _region() -> Region:
    return Region.objects.get(county="云溪区")


def _unit(name: str) -> Unit:
    [unit] = search_units(_region(), name)
    return unit


def _text(response) -> str:  # type: ignore[no-untyped-def]
    return response.content.decode()


def _queries(client, url: str, **headers: str) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, **headers).status_code == 200
    return len(ctx)


# --- the directory ---------------------------------------------------------------------------


def test_the_directory_finds_a_unit_by_its_short_name(client, personas):
    client.force_login(personas.reporter)

    html = _text(client.get("/units/", {"q": "区卫健"}))

    assert "区卫生健康局</a>" in html and "区卫健局、区卫生健康委员会、区卫健委" in html
    assert "1个单位" in html


def test_the_directory_finds_a_stationed_unit_by_its_bare_name_and_filters_by_kind(client, personas):
    client.force_login(personas.officer)

    police = _text(client.get("/units/", {"q": "公安"}))
    towns = _text(client.get("/units/", {"kind": UnitKind.TOWN}))

    assert "公安分局</a>" in police and "驻区单位" in police
    assert "陆城镇</a>" in towns and "区民政局" not in towns


def test_the_office_is_told_of_the_units_to_review(client, personas):
    client.force_login(personas.officer)

    home = _text(client.get("/units/"))
    flagged = _text(client.get("/units/", {"flagged": "on"}))

    assert "有5个单位待核实" in home
    assert "5个单位" in flagged and "区城管局</a>" in flagged and "简称有歧义" in flagged
    assert "区民政局</a>" not in flagged


def test_others_are_not_pressed_to_review_units(client, personas):
    client.force_login(personas.leader)

    assert "待核实（导入时" not in _text(client.get("/units/"))


def test_sub_units_follow_their_parent(client, personas):
    client.force_login(personas.officer)

    html = _text(client.get("/units/", {"q": "市场监督"}))

    assert html.index("区市场监督管理局</a>") < html.index("区市场监督管理局云溪市场监督管理所</a>")


def test_merged_units_are_listed_only_when_asked(client, personas):
    client.force_login(personas.officer)
    source, target = Unit.objects.get(name="区城管局"), Unit.objects.get(name="区城市管理和综合执法局")
    client.post(f"/units/{source.pk}/merge/", {"merge-target": target.pk, "merge-confirmed": "on"})

    plain = _text(client.get("/units/", {"q": "城管"}))
    merged = _text(client.get("/units/", {"q": "城管", "merged": "on"}))

    assert f'href="/units/{source.pk}/"' not in plain
    assert f'href="/units/{source.pk}/"' in merged and "已并入</span>" in merged


def test_the_administrator_sees_every_regions_directory(client, personas):
    Unit.objects.create(
        region=Region.objects.create(province="湖南省", city="岳阳市", county="岳阳楼区"), name="区外单位"
    )
    client.force_login(personas.admin)

    html = _text(client.get("/units/", {"q": "单位"}))

    assert "区外单位" in html and "湖南省岳阳市岳阳楼区" in html


def test_another_regions_units_are_not_seen_by_a_county(client, personas):
    other = Unit.objects.create(
        region=Region.objects.create(province="湖南省", city="岳阳市", county="岳阳楼区"), name="区外单位"
    )
    client.force_login(personas.officer)

    assert "区外单位" not in _text(client.get("/units/", {"q": "区外"}))
    assert client.get(f"/units/{other.pk}/").status_code == 404
    assert client.get(f"/personnel/units/{other.pk}/responsibilities/").status_code == 404
    assert client.get(f"/personnel/units/{other.pk}/leaders/").status_code == 404


def test_a_user_without_a_role_sees_no_unit(client, db):
    nobody = User.objects.create_user("nobody")
    client.force_login(nobody)

    response = client.get("/units/")
    assert response.status_code == 403 and "尚未分配角色" in _text(response)
    assert "区民政局" not in _text(response)


def _bulk_units(n: int, start: int) -> None:
    units = Unit.objects.bulk_create(
        Unit(region=_region(), name=f"测试单位{start + i}", kind=UnitKind.DEPARTMENT) for i in range(n)
    )
    UnitAlias.objects.bulk_create(
        UnitAlias(unit=u, name=f"测试简称{start + i}", kind=AliasKind.SHORT) for i, u in enumerate(units)
    )


@pytest.mark.parametrize("params", [{}, {"q": "测试"}, {"flagged": "on", "merged": "on"}])
def test_the_directory_costs_the_same_queries_for_10_and_1000_units(
    client, personas, params, django_assert_max_num_queries
):
    client.force_login(personas.officer)
    _bulk_units(10, 0)
    url = "/units/?" + "&".join(f"{k}={v}" for k, v in params.items())
    client.get(url)
    few = _queries(client, url)
    _bulk_units(990, 10)

    with django_assert_max_num_queries(few):
        client.get(url)

    assert _queries(client, url) == few


# --- the unit page ----------------------------------------------------------------------------


def test_the_unit_page_shows_its_names_and_loads_its_sections(client, personas):
    client.force_login(personas.officer)
    health = _unit("区卫生健康局")

    html = _text(client.get(f"/units/{health.pk}/"))

    assert "区卫健局" in html and "区卫生健康委员会" in html
    assert "下属机构" in html and "区疾病预防控制中心" in html
    assert f'hx-get="/personnel/units/{health.pk}/responsibilities/"' in html
    assert f'hx-get="/personnel/units/{health.pk}/leaders/"' in html
    assert "合并到另一个单位" in html and "记录更名或改组" in html


def test_a_unit_sees_what_it_answers_for_but_no_leaders_and_no_corrections(client, personas):
    client.force_login(personas.reporter)
    civil = _unit("区民政局")

    html = _text(client.get(f"/units/{civil.pk}/"))

    assert "/responsibilities/" in html
    assert "/leaders/" not in html and "合并到另一个单位" not in html
    assert client.get(f"/personnel/units/{civil.pk}/leaders/").status_code == 403


def test_the_administrator_sees_the_record_but_no_supervision_data(client, personas):
    client.force_login(personas.admin)
    civil = _unit("区民政局")

    html = _text(client.get(f"/units/{civil.pk}/"))
    section = _text(client.get(f"/personnel/units/{civil.pk}/responsibilities/", HTTP_HX_REQUEST="true"))

    assert "/responsibilities/" not in html and "/leaders/" not in html
    assert "合并到另一个单位" in html  # users and units are the administrator's
    assert "您的角色不查看督办事项" in section and "建设2处社区日间照料中心" not in section


def test_the_responsibilities_section_lists_leads_and_co_leads_with_links_to_the_items(client, personas):
    client.force_login(personas.leader)
    civil = _unit("区民政局")
    item_80 = Item.objects.get(task_list__kind=ListKind.TASKS, seq=80)

    html = _text(client.get(f"/personnel/units/{civil.pk}/responsibilities/", HTTP_HX_REQUEST="true"))

    assert "<html" not in html
    assert (
        "牵头 <small" in html
        and "9项" in html
        and "岳云政办通〔2024〕3号 · 2024年省市重点民生实事项目任务分解" in html
    )
    assert f'href="/items/{item_80.pk}/"' in html and "建设2处社区日间照料中心" in html
    assert "配合（相关责任单位）" in html and "经“各实事承办单位”" in html


def test_a_town_answers_through_the_group_reference(client, personas):
    client.force_login(personas.officer)
    town = _unit("陆城镇")

    html = _text(client.get(f"/personnel/units/{town.pk}/responsibilities/"))

    assert "经“各镇（街道）”" in html
    assert "<html" in html and "陆城镇" in html  # without htmx, a page of its own


def test_the_leaders_section_is_the_roster_of_today(client, personas):
    client.force_login(personas.officer)
    health = _unit("区卫生健康局")

    html = _text(client.get(f"/personnel/units/{health.pk}/leaders/", HTTP_HX_REQUEST="true"))

    assert "肖玉梅</a> 区卫生健康局副局长（兼）" in html and "李丹" not in html
    assert f"/personnel/roster/?unit={health.pk}" in html


def test_the_unit_page_and_its_sections_cost_the_same_queries_for_few_and_many_rows(client, personas):
    client.force_login(personas.officer)
    civil = _unit("区民政局")
    urls = [
        f"/units/{civil.pk}/",
        f"/personnel/units/{civil.pk}/responsibilities/",
        f"/personnel/units/{civil.pk}/leaders/",
    ]
    for url in urls:
        client.get(url)
    few = [_queries(client, url) for url in urls]
    task_list = TaskList.objects.create(region=_region(), kind=ListKind.TASKS, title="测试清单", year=2024)
    items = Item.objects.bulk_create(
        Item(task_list=task_list, order=i, seq=i, text=f"测试事项{i}") for i in range(1000)
    )
    ItemUnit.objects.bulk_create(
        ItemUnit(item=item, duty=Duty.LEAD if i % 2 else Duty.RELATED, as_written="区民政局", unit=civil)
        for i, item in enumerate(items)
    )
    posts = Post.objects.bulk_create(
        Post(unit=civil, title=f"职务{i}", name=f"区民政局职务{i}") for i in range(1000)
    )
    people = Person.objects.bulk_create(Person(region=_region(), name=f"测试{i}") for i in range(1000))
    Tenure.objects.bulk_create(
        Tenure(person=p, post=post, start=date(2024, 1, 1)) for p, post in zip(people, posts, strict=True)
    )
    UnitAlias.objects.bulk_create(UnitAlias(unit=civil, name=f"民政别称{i}") for i in range(100))

    assert [_queries(client, url) for url in urls] == few
    assert "测试事项999" in _text(client.get(urls[1]))
    assert "区民政局职务999" in _text(client.get(urls[2]))


# --- corrections ------------------------------------------------------------------------------


def test_merging_asks_for_confirmation_then_merges_through_the_service(client, personas):
    client.force_login(personas.officer)
    source, target = Unit.objects.get(name="区城管局"), Unit.objects.get(name="区城市管理和综合执法局")

    asked = client.post(f"/units/{source.pk}/merge/", {"merge-target": target.pk})

    assert asked.status_code == 200 and "确认合并单位" in _text(asked)
    assert "将 <strong>区城管局</strong> 并入 <strong>区城市管理和综合执法局</strong>" in _text(asked)
    source.refresh_from_db()
    assert source.merged_into_id is None  # nothing yet

    done = client.post(f"/units/{source.pk}/merge/", {"merge-target": target.pk, "merge-confirmed": "on"})

    assert done.status_code == 302 and done.url == f"/units/{target.pk}/"
    source.refresh_from_db()
    assert source.merged_into_id == target.pk and not source.needs_review
    event = AuditEvent.objects.get(type="units.merge")
    assert (event.actor, event.via, event.object_id) == ("duchashi", "web", str(source.pk))
    page = _text(client.get(done.url))
    assert "已将“区城管局”并入“区城市管理和综合执法局”" in page and "已并入本单位" in page


def test_a_merged_unit_is_corrected_no_more(client, personas):
    client.force_login(personas.officer)
    a, b = Unit.objects.get(name="区城发集团"), Unit.objects.get(name="区城发建设投资集团有限责任公司")
    other = Unit.objects.get(name="项目指挥部")
    client.post(f"/units/{a.pk}/merge/", {"merge-target": b.pk, "merge-confirmed": "on"})

    again = client.post(f"/units/{a.pk}/merge/", {"merge-target": other.pk, "merge-confirmed": "on"})
    back = client.post(f"/units/{b.pk}/merge/", {"merge-target": a.pk, "merge-confirmed": "on"})

    assert again.status_code == 400
    assert "“区城发集团”已并入“区城发建设投资集团有限责任公司”，请在那个单位的页面上更正" in _text(again)
    assert back.status_code == 400 and "选择一个有效的选项" in _text(back)  # a merged unit is no target
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.merged_into_id, b.merged_into_id) == (b.pk, None)
    assert "合并到另一个单位" not in _text(client.get(f"/units/{a.pk}/"))


def test_a_merge_target_must_be_a_unit_of_the_same_region(client, personas):
    client.force_login(personas.officer)
    other = Unit.objects.create(
        region=Region.objects.create(province="湖南省", city="岳阳市", county="岳阳楼区"), name="区城管局"
    )
    source = Unit.objects.get(name="区城管局", region=_region())

    response = client.post(f"/units/{source.pk}/merge/", {"merge-target": other.pk, "merge-confirmed": "on"})

    assert response.status_code == 400 and "选择一个有效的选项" in _text(response)
    source.refresh_from_db()
    assert source.merged_into_id is None


@pytest.mark.parametrize("who", ["reporter", "head", "leader"])
def test_only_the_office_and_the_administrator_correct_the_directory(client, personas, who):
    client.force_login(getattr(personas, who))
    source, target = Unit.objects.get(name="区城管局"), Unit.objects.get(name="区城市管理和综合执法局")

    merge = client.post(f"/units/{source.pk}/merge/", {"merge-target": target.pk, "merge-confirmed": "on"})
    rename = client.post(f"/units/{source.pk}/rename/", {"rename-new": target.pk, "rename-confirmed": "on"})

    assert merge.status_code == rename.status_code == 403
    assert "您没有权限修改单位目录" in _text(merge)
    source.refresh_from_db()
    assert source.merged_into_id is None and not UnitRenaming.objects.exists()


def test_recording_a_renaming_asks_for_confirmation_and_keeps_both_histories(client, personas):
    client.force_login(personas.officer)
    old, new = Unit.objects.get(name="区城市管理局"), Unit.objects.get(name="区城市管理和综合执法局")
    fields = {"rename-new": new.pk, "rename-on": "2024-03-01", "rename-note": "机构改革"}

    asked = _text(client.post(f"/units/{old.pk}/rename/", fields))

    assert "确认记录更名（改组）" in asked and "自2024年3月1日起" in asked and "机构改革" in asked
    assert not UnitRenaming.objects.exists()

    done = client.post(f"/units/{old.pk}/rename/", {**fields, "rename-confirmed": "on"})

    assert done.status_code == 302
    renaming = UnitRenaming.objects.get()
    assert (renaming.old, renaming.new, renaming.on, renaming.note) == (
        old,
        new,
        date(2024, 3, 1),
        "机构改革",
    )
    old.refresh_from_db()
    assert old.merged_into_id is None
    assert AuditEvent.objects.filter(type="units.rename", actor="duchashi").exists()
    page = _text(client.get(done.url))
    assert "更名（改组）为" in page and "区城市管理和综合执法局</a>（2024年3月1日起）" in page


def test_a_bad_renaming_date_gets_the_unit_page_again_with_a_chinese_message(client, personas):
    client.force_login(personas.officer)
    old, new = Unit.objects.get(name="区城市管理局"), Unit.objects.get(name="区城市管理和综合执法局")

    response = client.post(f"/units/{old.pk}/rename/", {"rename-new": new.pk, "rename-on": "2024-02-30"})

    assert response.status_code == 400 and "输入一个有效的日期" in _text(response)
    assert 'value="2024-02-30"' in _text(response)
