"""A new account can do nothing until the security administrator gives it a role and, for a unit role,
the system administrator a unit: every page and the API say so in Chinese, and each refusal is logged."""

from __future__ import annotations

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from duban.accounts.models import User
from duban.audit.choices import EventType
from duban.audit.models import Event
from duban.roles import Role

PAGES = [
    "/office/",
    "/rounds/",
    "/review/",
    "/bulletins/",
    "/personnel/",
    "/units/",
    "/my/",
    "/notices/",
    "/lists/",
]


@pytest.fixture
def newcomer(personas) -> User:  # type: ignore[no-untyped-def]
    return User.objects.create(username="xinren", region=personas.officer.region, must_change_password=False)


def _api(user: User) -> APIClient:
    client = APIClient(SERVER_NAME="localhost")
    token, _ = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def test_the_home_page_says_what_is_missing(client, newcomer):
    client.force_login(newcomer)
    html = client.get("/").content.decode()
    assert "尚未分配角色" in html and "安全管理员" in html


@pytest.mark.parametrize("path", PAGES)
def test_every_page_refuses_an_account_without_a_role(client, newcomer, path):
    client.force_login(newcomer)
    response = client.get(path)
    assert response.status_code == 403
    assert "您的账号尚未分配角色，暂时不能使用本系统" in response.content.decode()
    denied = Event.objects.get(type=EventType.ACCESS_DENIED, detail__path=path)
    assert denied.actor == "xinren" and "no role" in denied.detail["reason"]


@pytest.mark.parametrize("path", ["/api/entries/", "/api/units/", "/api/rounds/", "/api/people/"])
def test_the_api_refuses_an_account_without_a_role(newcomer, path):
    response = _api(newcomer).get(path)
    assert response.status_code == 403
    assert response.json()["detail"].startswith("您的账号尚未分配角色")
    assert Event.objects.filter(type=EventType.ACCESS_DENIED, detail__path=path, via="api").exists()


def test_a_unit_role_without_a_unit_is_refused_until_it_has_one(client, newcomer, personas):
    newcomer.role = Role.REPORTER
    newcomer.save()
    client.force_login(newcomer)
    page = client.get("/my/")
    assert page.status_code == 403 and "尚未分配所属单位" in page.content.decode()
    api = _api(newcomer).get("/api/entries/")
    assert api.status_code == 403 and "尚未分配所属单位" in api.json()["detail"]

    newcomer.units.set(personas.reporter.units.all())
    assert client.get("/my/").status_code == 200
    assert _api(User.objects.get(pk=newcomer.pk)).get("/api/entries/").status_code == 200


def test_the_account_can_still_log_out_and_change_its_password(client, newcomer):
    client.force_login(newcomer)
    assert client.get("/accounts/password/").status_code == 200
    assert client.post("/accounts/logout/").status_code == 302
