"""`GET /api/search/`: the page's results as JSON, the matches as positions, refusals in Chinese."""

from __future__ import annotations

import pytest

from duban.search.choices import Kind
from tests.api.conftest import api_client
from tests.search.conftest import world  # noqa: F401 - the search's test world


def _page(client, q: str, **params: str):  # type: ignore[no-untyped-def]
    response = client.get("/search/", {"q": q, **params})
    assert response.status_code == 200
    return [(g.kind, [h.id for h in g.hits], g.more) for g in response.context["results"].groups]


def _api(user, q: str, **params: str):  # type: ignore[no-untyped-def]
    response = api_client(user).get("/api/search/", {"q": q, **params})
    assert response.status_code == 200, response.json()
    return response.json()


@pytest.mark.parametrize("who", ["officer", "reporter", "other_reporter", "leader"])
@pytest.mark.parametrize("q", ["老旧小区", "吴金舟", "区人社局", "区", "蓝莓花园"])
def test_the_api_returns_what_the_page_shows(client, world, who, q):  # noqa: F811
    user = getattr(world.personas, who)
    client.force_login(user)

    body = _api(user, q)

    assert [(g["kind"], [h["id"] for h in g["results"]], g["more"]) for g in body["groups"]] == _page(
        client, q
    )
    assert body["query"] == q and body["terms"] == [q]


def test_one_kind_and_a_limit(client, world):  # noqa: F811
    body = _api(world.personas.officer, "区", kind="units", limit="3")
    [group] = body["groups"]
    assert group["kind"] == Kind.UNITS and group["label"] == "单位"
    assert len(group["results"]) == 3 and group["more"] is True


def test_the_matches_come_as_positions_in_plain_text(world):  # noqa: F811
    body = _api(world.personas.officer, "吴金舟")
    people = next(g for g in body["groups"] if g["kind"] == Kind.PEOPLE)
    [person] = people["results"]
    assert person["title"] == {"text": "吴金舟", "marks": [{"start": 0, "end": 3}]}
    assert [link["label"] for link in person["links"]] == ["岳云政人〔2024〕2号", "岳云政人〔2024〕3号"]
    documents = next(g for g in body["groups"] if g["kind"] == Kind.DOCUMENTS)["results"]
    for doc in documents:
        snippet = doc["snippet"]
        assert [snippet["text"][m["start"] : m["end"]] for m in snippet["marks"]] == ["吴金舟"]
        assert doc["url"].startswith(f"/search/documents/{doc['id']}/?q=")


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({}, "请输入检索词"),
        ({"q": "  "}, "请输入检索词"),
        ({"q": "区" * 101}, "检索词过长（101个字符），请不超过100个字符"),
        ({"q": "区", "kind": "secrets"}, "查询参数 kind 的取值“secrets”无效"),
        ({"q": "区", "limit": "0"}, "查询参数 limit 应为正整数"),
        ({"q": "区", "limit": "101"}, "每类结果数应在1到100之间"),
        ({"q": "区\x00"}, "检索词含有无效字符"),
    ],
)
def test_a_bad_query_is_a_400_in_chinese(world, params, message):  # noqa: F811
    response = api_client(world.personas.officer).get("/api/search/", params)
    assert response.status_code == 400
    assert message in response.json()["detail"]


@pytest.mark.parametrize("q", ['"', "*", "OR", "'", "%", "_", '老旧小区" OR "1', "%_%"])
def test_syntax_characters_are_literal_and_never_an_error(world, q):  # noqa: F811
    body = _api(world.personas.officer, q)
    assert body["terms"] == q.split()  # spaces separate terms; nothing else is syntax


def test_anonymous_is_a_401(db):
    response = api_client().get("/api/search/", {"q": "区"})
    assert response.status_code == 401


def test_the_api_costs_the_same_queries_for_few_and_many_records(world, django_assert_max_num_queries):  # noqa: F811
    from tests.search.test_views import _grow

    client = api_client(world.personas.reporter)
    _grow(2, 0, world.personas.leader)
    client.get("/api/search/", {"q": "测试词"})
    with django_assert_max_num_queries(16) as few:
        client.get("/api/search/", {"q": "测试词"})
    _grow(40, 100, world.personas.leader)
    with django_assert_max_num_queries(len(few)):
        body = client.get("/api/search/", {"q": "测试词"}).json()
    assert next(g for g in body["groups"] if g["kind"] == Kind.DOCUMENTS)["more"] is True
