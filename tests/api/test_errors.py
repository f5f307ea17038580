"""Every refusal of the API is JSON with a Chinese `detail` — whatever the client's language — and a
malformed body stores nothing."""

from __future__ import annotations

import re

from duban.api.errors import exception_handler
from duban.audit.choices import EventType
from duban.audit.models import Event as AuditEvent
from duban.supervision.models import Entry
from tests.api.conftest import api_client

HAN = re.compile(r"[\u4e00-\u9fff]")
ENGLISH_SENTENCE = re.compile(r"[A-Za-z]{3,} [a-z]{2,} [a-z]{2,}")  # "JSON parse error", "not a valid"


def assert_chinese_json(response, status: int) -> str:  # type: ignore[no-untyped-def]
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    detail = response.json()["detail"]
    assert HAN.search(detail), detail
    assert not ENGLISH_SENTENCE.search(detail), detail
    return str(detail)


def test_authentication_permission_not_found_and_method_errors_are_chinese_in_any_language(world):
    entry = f"/api/entries/{world.mine.pk}/"
    anonymous = api_client()
    for headers in ({}, {"HTTP_ACCEPT_LANGUAGE": "en-US,en;q=0.9"}):
        assert assert_chinese_json(anonymous.get(entry, **headers), 401) == "身份认证信息未提供。"
        bad = api_client()
        bad.credentials(HTTP_AUTHORIZATION="Token not-a-token")
        assert assert_chinese_json(bad.get(entry, **headers), 401) == "认证令牌无效。"
        spaced = api_client()
        spaced.credentials(HTTP_AUTHORIZATION="Token a b")
        assert_chinese_json(spaced.get(entry, **headers), 401)
        officer = api_client(world.personas.officer)
        denied = officer.patch(entry, {"version": 1, "progress": "x"}, format="json", **headers)
        assert assert_chinese_json(denied, 403) == "您没有权限填报本事项"
        other = api_client(world.personas.other_reporter)
        assert (
            assert_chinese_json(other.get(entry, **headers), 404)
            == "未找到该进展填报（不存在，或您无权查看）"
        )
        assert assert_chinese_json(officer.get("/api/entries/987654321/", **headers), 404).startswith(
            "未找到该进展填报"
        )
        assert assert_chinese_json(officer.get("/api/entries/abc/", **headers), 404).startswith("未找到")
        assert assert_chinese_json(officer.get("/api/entries/99999999999999999999999/", **headers), 404)
        assert assert_chinese_json(officer.get("/api/no-such-thing/", **headers), 404).startswith(
            "接口地址不存在"
        )
        assert (
            assert_chinese_json(officer.get("/api/entries", **headers), 404)
            == "接口地址须以“/”结尾：/api/entries/"
        )
        assert (
            assert_chinese_json(officer.put(entry, {}, format="json", **headers), 405)
            == "方法 “PUT” 不被允许。"
        )
        assert_chinese_json(officer.options(entry, **headers), 405)
        assert_chinese_json(officer.get("/api/entries/", {"page": 999}, **headers), 404)
        assert_chinese_json(officer.get("/api/entries/", HTTP_ACCEPT="text/html", **headers), 406)
        reporter = api_client(world.personas.reporter)
        text_body = reporter.generic("PATCH", entry, "progress=x", content_type="text/plain", **headers)
        assert_chinese_json(text_body, 415)


BAD_FILTERS = [
    ("round=abc", "查询参数 round 应为正整数"),
    ("round=-1", "查询参数 round 应为正整数"),
    ("round=99999999999999999999", "查询参数 round 应为正整数"),
    ("state=done", "查询参数 state 的取值“done”无效"),
    ("item=1.5", "查询参数 item 应为正整数"),
]


def test_a_bad_filter_is_a_400_naming_it(world):
    officer = api_client(world.personas.officer)
    said = {
        query: assert_chinese_json(officer.get(f"/api/entries/?{query}"), 400) for query, _ in BAD_FILTERS
    }
    assert {query: said[query][: len(says)] for query, says in BAD_FILTERS} == dict(BAD_FILTERS)


BAD_BODIES = [
    ({"progress": "缺版本"}, "版本：该字段是必填项。"),
    ({"version": "二", "progress": "x"}, "版本：请填写合法的整数值。"),
    ({"version": 1, "progress": ["列表"]}, "进展情况：不是有效的字符串。"),
    ({"version": True}, "版本：请填写合法的整数值。"),
    ({"version": 1, "percent": "很多"}, "完成比例（%）：请填写合法的数字。"),
    ({"version": 1, "percent": "1000.5"}, "完成比例（%）：请确保该值小于或者等于 1000。"),
    ({"version": 1, "percent": "-1"}, "完成比例（%）：请确保该值大于或者等于 0。"),
    ({"version": 1, "percent": "NaN"}, "完成比例（%）"),
    ({"version": 1, "self_status": "done"}, "自评：“done” 不是合法选项。"),
    ({"version": 1, "progress": "   "}, "进展情况：该字段不能为空。"),
    ({"version": 1, "progress": "a" * 10001}, "进展情况：请确保这个字段不能超过 10000 个字符。"),
    ({"version": 1, "progress": "含\x00空字符"}, "进展情况：不能包含空字符（U+0000）。"),
    ({"version": 1, "state": "accepted"}, "state：不能提交此字段"),
    ({"version": 1, "status": "completed"}, "status：不能提交此字段"),
    ([{"version": 1}], "无效数据。期待为字典类型"),
    ("进展", "无效数据。期待为字典类型"),
]


def test_a_malformed_patch_is_a_chinese_400_and_stores_nothing(world):
    reporter = api_client(world.personas.reporter)
    said = {}
    for number, (body, _) in enumerate(BAD_BODIES):
        response = reporter.patch(f"/api/entries/{world.mine.pk}/", body, format="json")
        said[number] = assert_chinese_json(response, 400)
    assert {n: says for n, (_, says) in enumerate(BAD_BODIES) if says not in said[n]} == {}, said
    entry = Entry.objects.get(pk=world.mine.pk)
    assert (entry.version, entry.progress, entry.percent, entry.state) == (1, "", None, "empty")
    assert not AuditEvent.objects.filter(type=EventType.ENTRY_SAVE).exists()


NOT_JSON = ['{"version": 1, "progress": ', "{'version': 1}", '{"version": NaN}', b'{"progress": "\xff\xfe"}']


def test_a_body_that_is_not_json_is_a_chinese_400(world):
    reporter = api_client(world.personas.reporter)
    url = f"/api/entries/{world.mine.pk}/"
    for raw in NOT_JSON:
        response = reporter.generic("PATCH", url, raw, content_type="application/json")
        assert assert_chinese_json(response, 400).startswith("请求内容不是合法的 JSON"), raw
    empty = reporter.generic("PATCH", url, "", content_type="application/json")
    assert assert_chinese_json(empty, 400) == "提交的数据有误：版本：该字段是必填项。"  # no body: no version
    assert Entry.objects.get(pk=world.mine.pk).version == 1


def test_validation_errors_also_list_each_fields_messages(world):
    response = api_client(world.personas.reporter).patch(
        f"/api/entries/{world.mine.pk}/", {"version": 0, "self_status": "x"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "version": ["请确保该值大于或者等于 1。"],
        "self_status": ["“x” 不是合法选项。"],
    }
    assert (
        response.json()["detail"]
        == "提交的数据有误：版本：请确保该值大于或者等于 1。；自评：“x” 不是合法选项。"
    )


def test_an_unexpected_failure_is_a_logged_json_500_not_a_page(caplog):
    response = exception_handler(RuntimeError("boom"), {"request": None, "view": None})
    assert response is not None
    assert (response.status_code, response.data) == (
        500,
        {"detail": "服务器内部错误，请稍后再试；如仍出错请联系系统管理员。"},
    )
    assert "boom" in caplog.text


def test_no_response_sends_a_secret_back(world):
    """No resource carries passwords, tokens or channel secrets (only the token endpoint gives a token)."""
    officer = api_client(world.personas.officer)
    secret = re.compile(r"password|secret|token|webhook|smtp", re.IGNORECASE)
    for resource in ("units", "documents", "people", "lists", "items", "rounds", "entries"):
        rows = officer.get(f"/api/{resource}/").json()["results"]
        detail = officer.get(f"/api/{resource}/{rows[0]['id']}/").json()
        keys = {key for row in [*rows, detail] for key in row}
        assert not {k for k in keys if secret.search(k)}, resource
    schema = officer.get("/api/schema/?format=json").json()
    for name, component in schema["components"]["schemas"].items():
        for prop in component.get("properties", {}):
            if secret.search(prop):
                assert (name, prop) in {("Token", "token"), ("CredentialsRequest", "password")}


def test_the_schema_refuses_in_chinese_too(db):
    response = api_client().get("/api/schema/?format=xml", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404
    assert "未找到（不存在，或您无权查看）" in response.content.decode()
