"""The token endpoint: a token for the right password, a Chinese refusal for anything else, and every
attempt seen by Django's authentication (so the lockout and the audit log see API attempts too)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_login_failed
from rest_framework.authtoken.models import Token

from duban.accounts.models import User
from duban.roles import Role
from tests.api.conftest import api_client

TOKEN = "/api/auth/token/"
BAD = "用户名或密码错误，或账号已停用"


@pytest.fixture
def account(db) -> User:  # type: ignore[no-untyped-def]
    """A reporter account as the demo has it (no sample needed to log in)."""
    user = User.objects.create_user("minzheng", password="duban-demo", role=Role.REPORTER)
    user.must_change_password = False
    user.save(update_fields=["must_change_password"])
    return user


def _post(body: object, **extra: object):  # type: ignore[no-untyped-def]
    return api_client().post(TOKEN, body, format="json", **extra)


def test_it_gives_a_token_for_the_right_password_and_the_token_opens_the_api(personas):
    response = _post({"username": "minzheng", "password": "duban-demo"})
    assert response.status_code == 200
    token = response.json()["token"]
    assert token == Token.objects.get(user=personas.reporter).key
    client = api_client()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    listed = client.get("/api/entries/")
    assert listed.status_code == 200 and listed.json()["count"] > 0
    assert _post({"username": "minzheng", "password": "duban-demo"}).json()["token"] == token  # the same one


def test_the_user_name_is_case_insensitive_as_on_the_login_page(account):
    assert _post({"username": "MinZheng", "password": "duban-demo"}).status_code == 200


def test_a_wrong_password_an_unknown_user_and_an_inactive_account_get_the_same_chinese_400(account):
    User.objects.create_user("caizheng", password="duban-demo", role=Role.REPORTER, is_active=False)
    for body in (
        {"username": "minzheng", "password": "wrong-password"},
        {"username": "nobody-here", "password": "duban-demo"},
        {"username": "caizheng", "password": "duban-demo"},
    ):
        response = _post(body)
        assert (response.status_code, response.json()) == (400, {"detail": BAD}), body
    assert not Token.objects.exists()


@pytest.mark.parametrize(
    ("body", "says"),
    [
        ({"username": "minzheng"}, "密码：该字段是必填项。"),
        ({"password": "duban-demo"}, "用户名：该字段是必填项。"),
        ({"username": "minzheng", "password": "duban-demo", "code": "1"}, "code：不能提交此字段"),
        ({"username": ["minzheng"], "password": "duban-demo"}, "用户名：不是有效的字符串。"),
        ({"username": "min\x00zheng", "password": "duban-demo"}, "用户名：不能包含空字符"),
        (["minzheng", "duban-demo"], "无效数据。期待为字典类型"),
    ],
)
def test_a_malformed_body_is_a_400_naming_the_field_in_chinese(account, body, says):
    response = _post(body)
    assert response.status_code == 400
    assert says in response.json()["detail"]
    assert not Token.objects.exists()


def test_a_body_that_is_not_json_is_refused_in_chinese(account):
    client = api_client()
    broken = client.generic("POST", TOKEN, '{"username": "minzheng", ', content_type="application/json")
    assert broken.status_code == 400
    assert broken.json()["detail"].startswith("请求内容不是合法的 JSON")
    form = client.post(TOKEN, {"username": "minzheng", "password": "duban-demo"})  # form-encoded
    assert form.status_code == 415
    assert form.json()["detail"].startswith("不支持请求中的媒体类型 “multipart/form-data;")


def test_every_attempt_goes_through_django_authentication_with_the_request(account):
    failed: list[dict[str, object]] = []
    logged_in: list[dict[str, object]] = []

    def on_failure(sender, credentials, request=None, **kwargs):  # type: ignore[no-untyped-def]
        failed.append({"username": credentials.get("username"), "path": request.path})

    def on_login(sender, request, user, **kwargs):  # type: ignore[no-untyped-def]
        logged_in.append({"user": user.username, "path": request.path})

    user_login_failed.connect(on_failure)
    user_logged_in.connect(on_login)
    try:
        _post({"username": "minzheng", "password": "wrong-password"})
        _post({"username": "minzheng", "password": "duban-demo"})
    finally:
        user_login_failed.disconnect(on_failure)
        user_logged_in.disconnect(on_login)
    assert failed == [{"username": "minzheng", "path": TOKEN}]
    assert logged_in == [{"user": "minzheng", "path": TOKEN}]
    account.refresh_from_db()
    assert account.last_login is not None


def test_an_account_that_must_change_its_password_gets_no_token(account):
    account.must_change_password = True
    account.save(update_fields=["must_change_password"])
    response = _post({"username": "minzheng", "password": "duban-demo"})
    assert (response.status_code, response.json()) == (
        403,
        {"detail": "请先登录网页修改初始密码，再使用接口"},
    )
    assert not Token.objects.exists()


def test_too_many_requests_for_tokens_are_throttled_in_chinese(account, settings):
    settings.DUBAN_API_TOKEN_RATE = "3/min"
    for _ in range(3):
        assert _post({"username": "minzheng", "password": "wrong-password"}).status_code == 400
    response = _post({"username": "minzheng", "password": "duban-demo"})
    assert response.status_code == 429
    assert response.json()["detail"].startswith("请求已被限流。")
    assert int(response.headers["Retry-After"]) > 0


def test_a_locked_account_is_refused_even_with_the_right_password(account):
    if "axes" not in settings.INSTALLED_APPS:
        pytest.skip("django-axes is not enabled in this build's settings")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _post({"username": "minzheng", "password": "wrong-password"})
    response = _post({"username": "minzheng", "password": "duban-demo"})
    assert response.status_code in (403, 429)
    assert "锁定" in response.json()["detail"]
    assert not Token.objects.exists()


def test_deleting_the_token_logs_the_script_out(account):
    client = api_client(account)
    assert client.delete(TOKEN).status_code == 204
    assert not Token.objects.filter(user=account).exists()
    after = client.get("/api/entries/")
    assert (after.status_code, after.json()) == (401, {"detail": "认证令牌无效。"})
    anonymous = api_client().delete(TOKEN)
    assert (anonymous.status_code, anonymous.json()) == (401, {"detail": "身份认证信息未提供。"})


def test_the_office_gives_its_totp_code_in_otp_too(personas):
    from duban.accounts.demo import ensure_demo_devices
    from tests.personas import device_of, otp_code

    ensure_demo_devices()
    body = {"username": "duchashi", "password": "duban-demo"}
    missing = _post(body)
    assert (missing.status_code, missing.json()) == (400, {"detail": "该账号须提供动态口令（otp 字段）"})
    device = device_of("duchashi")
    wrong = _post({**body, "otp": f"{(int(otp_code(device)) + 1) % 1000000:06d}"})
    assert (wrong.status_code, wrong.json()) == (400, {"detail": "动态口令不正确或已使用过"})
    assert not Token.objects.exists()

    import time_machine
    from django.utils import timezone

    with time_machine.travel(timezone.now() + timedelta(seconds=31)):  # past the throttle of the wrong code
        right = _post({**body, "otp": otp_code(device)})
    assert right.status_code == 200
    assert right.json()["token"] == Token.objects.get(user=personas.officer).key


def test_an_office_account_without_a_device_enrols_on_the_pages_first(personas):
    response = _post({"username": "duchashi", "password": "duban-demo", "otp": "123456"})
    assert (response.status_code, response.json()) == (
        403,
        {"detail": "该账号须使用动态口令：请先登录网页绑定身份验证器，再使用接口"},
    )


def test_the_schema_documents_the_otp_field(personas):
    schema = api_client().get("/api/schema/?format=json").json()
    credentials = schema["components"]["schemas"]["CredentialsRequest"]["properties"]
    assert "otp" in credentials and "督查室和管理员账号必填" in credentials["otp"]["description"]
