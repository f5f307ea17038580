"""The results page and the document page: grouped, marked, escaped, refusals in Chinese, queries bounded."""

from __future__ import annotations

import re
from datetime import date

import pytest

from duban.documents.choices import DocumentKind
from duban.documents.models import Document
from duban.personnel.choices import Action, MatchBasis
from duban.personnel.models import Event, Person
from duban.search.choices import Kind
from duban.supervision.choices import Status
from duban.supervision.models import Instruction, Item
from duban.supervision.services import Report, save_entry
from duban.units.choices import AliasKind
from duban.units.models import Region, Unit, UnitAlias

BOXES = [
    'class="d-flex my-2 my-lg-0 me-lg-2 navbar-search navbar-search-inline" role="search" method="get" action="/search/"',
    '<form class="d-flex" role="search" method="get" action="/search/">',  # behind the bar's button
]


def _html(response) -> str:  # type: ignore[no-untyped-def]
    return response.content.decode()


def test_the_page_groups_the_results_and_marks_the_matches(client, world):
    client.force_login(world.personas.officer)
    response = client.get("/search/", {"q": "老旧小区"})

    assert response.status_code == 200
    html = _html(response)
    for kind in (Kind.ITEMS, Kind.ENTRIES, Kind.DOCUMENTS):
        assert f'id="kind-{kind}"' in html
    assert 'id="kind-people"' not in html and "未找到：单位、人员、领导批示" in html
    assert "<mark>老旧小区</mark>" in html
    assert f'href="/items/{world.reported.item_id}/"' in html
    assert [g.kind for g in response.context["results"].groups] == list(Kind.values)


def test_user_text_is_escaped_before_the_matches_are_marked(client, world):
    p = world.personas
    evil = '<script>alert("x")</script>老旧小区<b onmouseover=alert(1)>'
    save_entry(p.actor(p.reporter), world.draft, Report(progress=evil, self_status=Status.ON_SCHEDULE))
    client.force_login(p.reporter)

    html = _html(client.get("/search/", {"q": "老旧小区 script"}))

    assert "&lt;<mark>script</mark>&gt;alert(&quot;x&quot;)&lt;/<mark>script</mark>&gt;" in html
    assert "<mark>老旧小区</mark>&lt;b onmouseover=alert(1)&gt;" in html
    assert "<script>alert" not in html and "<b onmouseover" not in html


@pytest.mark.parametrize(
    ("q", "message"),
    [
        ("", "请输入检索词"),
        ("   ", "请输入检索词"),
        ("区" * 101, "检索词过长（101个字符），请不超过100个字符"),
    ],
)
def test_an_empty_or_very_long_query_gets_a_chinese_message(client, world, q, message):
    client.force_login(world.personas.officer)
    response = client.get("/search/", {"q": q})
    assert response.status_code == 400
    assert message in _html(response)
    assert 'id="search-q"' in _html(response)  # the box again, to correct the query


def test_an_unknown_kind_is_a_400(client, world):
    client.force_login(world.personas.officer)
    response = client.get("/search/", {"q": "区", "kind": "secrets"})
    assert response.status_code == 400 and "检索范围“secrets”无效" in _html(response)


def test_the_page_without_a_query_explains_the_search(client, world):
    client.force_login(world.personas.leader)
    response = client.get("/search/")
    assert response.status_code == 200 and "多个检索词以空格分开" in _html(response)


def test_one_kind_shows_up_to_fifty(client, world):
    item = Item.objects.order_by("pk").first()
    assert item is not None
    Item.objects.bulk_create(
        Item(task_list=item.task_list, order=900 + i, seq=900 + i, text="区") for i in range(9)
    )
    client.force_login(world.personas.officer)
    response = client.get("/search/", {"q": "区", "kind": "items"})
    [group] = response.context["results"].groups
    assert group.kind == Kind.ITEMS and len(group.hits) == 50 and group.more
    assert "只显示前50条；请增加检索词" in _html(response)
    assert "查看更多任务事项" in _html(client.get("/search/", {"q": "区"}))


def test_the_search_box_is_in_the_top_bar_for_every_role(client, world):
    for user in (world.personas.officer, world.personas.reporter, world.personas.head, world.personas.leader,
                 world.personas.admin):  # fmt: skip
        client.force_login(user)
        html = _html(client.get("/units/"))
        assert all(box in html for box in BOXES), user.username


def test_the_page_needs_a_login(client, db):
    response = client.get("/search/", {"q": "区"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


# --- the document page ---------------------------------------------------------------------------


def test_a_document_opens_with_the_terms_marked(client, world):
    client.force_login(world.personas.reporter)
    notice = Document.objects.get(number="岳云政人〔2024〕3号")
    html = _html(client.get(f"/search/documents/{notice.pk}/", {"q": "吴金舟"}))
    assert "<mark>吴金舟</mark>同志任区民政局副局长" in html
    assert re.search(r"“吴金舟”在文中出现\d+处", html)


def test_a_document_the_user_may_not_see_is_a_404(client, world):
    client.force_login(world.personas.admin)
    notice = Document.objects.get(number="岳云政人〔2024〕3号")
    assert client.get(f"/search/documents/{notice.pk}/").status_code == 404


# --- queries -------------------------------------------------------------------------------------


def _grow(n: int, start: int, leader) -> None:  # type: ignore[no-untyped-def]
    """n more records of every kind containing 测试词."""
    region = Region.objects.get(county="云溪区")
    units = Unit.objects.bulk_create(Unit(region=region, name=f"区测试词单位{start + i}") for i in range(n))
    UnitAlias.objects.bulk_create(
        UnitAlias(unit=u, name=f"测试词简称{start + i}", kind=AliasKind.SHORT) for i, u in enumerate(units)
    )
    people = Person.objects.bulk_create(Person(region=region, name=f"测试词{start + i}") for i in range(n))
    notice = Document.objects.create(
        region=region,
        kind=DocumentKind.APPOINTMENT,
        title=f"测试词通知{start}",
        text="测试词",
        content_hash="n",
    )
    Event.objects.bulk_create(
        Event(
            document=notice,
            order=i,
            date=date(2024, 7, 29),
            person=person,
            action=Action.APPOINT,
            post_text="区测试词局局长",
            raw="",
            match_basis=MatchBasis.NEW,
        )  # fmt: skip
        for i, person in enumerate(people)
    )
    item = Item.objects.filter(task_list__region=region).order_by("pk").first()
    assert item is not None
    Item.objects.bulk_create(
        Item(task_list=item.task_list, order=1000 + start + i, seq=1000 + start + i, text=f"测试词事项{i}")
        for i in range(n)
    )
    Instruction.objects.bulk_create(
        Instruction(item=item, author=leader, text=f"测试词批示{i}") for i in range(n)
    )
    Document.objects.bulk_create(
        Document(
            region=region,
            kind=DocumentKind.OTHER,
            title=f"测试词{start + i}",
            text="测试词",
            content_hash="d",
        )
        for i in range(n)
    )


@pytest.mark.parametrize("who", ["officer", "reporter", "leader"])
@pytest.mark.parametrize("q", ["测试词", "测试", "测"])  # the trigram index, and the plain scan
def test_the_page_costs_the_same_queries_for_few_and_many_records(
    client, world, who, q, django_assert_max_num_queries
):
    client.force_login(getattr(world.personas, who))
    _grow(2, 0, world.personas.leader)
    few = client.get("/search/", {"q": q})
    assert few.status_code == 200
    with django_assert_max_num_queries(16) as few_queries:
        client.get("/search/", {"q": q})
    _grow(40, 100, world.personas.leader)
    with django_assert_max_num_queries(len(few_queries)):
        many = client.get("/search/", {"q": q})
    assert many.context["results"].group(Kind.DOCUMENTS).more
