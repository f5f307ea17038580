"""Before anything else: an initial or expired password is changed; an idle session ends; logout ends it too."""

from __future__ import annotations

from datetime import timedelta

import time_machine
from django.contrib.sessions.models import Session
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from duban.accounts.demo import DEMO_PASSWORD
from duban.accounts.models import User
from duban.audit.choices import EventType
from tests.accounts.conftest import LOGIN, browser, events, type_password

PASSWORD_PAGE = "/accounts/password/"
NEW = "Xin-mima-2024"


def _first_login(user: User) -> None:
    user.must_change_password = True
    user.save(update_fields=["must_change_password"])


def test_at_first_login_the_password_page_comes_before_anything_else(personas):
    _first_login(personas.reporter)
    c = browser()
    assert type_password(c, "minzheng").status_code == 302

    for path in ("/my/", "/units/", "/review/", "/admin/"):
        response = c.get(path)
        assert response.status_code == 302 and response.url.startswith(PASSWORD_PAGE), path
    page = c.get(PASSWORD_PAGE)
    assert "首次登录须先修改初始密码，修改后才能使用系统。" in page.content.decode()
    api = c.get("/api/entries/")
    assert (api.status_code, api.json()) == (
        403,
        {"detail": "首次登录须先修改初始密码，修改后才能使用系统。"},
    )


def test_the_new_password_must_follow_the_rules_and_then_everything_opens(personas):
    _first_login(personas.reporter)
    c = browser()
    type_password(c, "minzheng")
    weak = c.post(
        PASSWORD_PAGE,
        {"old_password": DEMO_PASSWORD, "new_password1": "abcdefgh", "new_password2": "abcdefgh"},
    )
    assert weak.status_code == 200 and "至少 3 种" in weak.content.decode()

    done = c.post(
        f"{PASSWORD_PAGE}?next=/my/",
        {"old_password": DEMO_PASSWORD, "new_password1": NEW, "new_password2": NEW, "next": "/my/"},
    )

    assert (done.status_code, done.url) == (302, "/my/")
    user = User.objects.get(pk=personas.reporter.pk)
    assert not user.must_change_password and user.check_password(NEW)
    assert timezone.now() - user.password_changed_at < timedelta(minutes=1)
    assert c.get("/my/").status_code == 200  # the session stays signed in
    [changed] = events(EventType.PASSWORD_CHANGE)
    assert (changed.actor, changed.object_id) == ("minzheng", str(user.pk))
    assert NEW not in str(changed.detail) and user.password not in str(changed.detail)


def test_a_password_older_than_90_days_must_be_changed_first(personas, settings):
    settings.DUBAN_PASSWORD_MAX_AGE_DAYS = 90
    with time_machine.travel(timezone.now() + timedelta(days=91)):
        c = browser()
        type_password(c, "minzheng")
        response = c.get("/my/")
        assert response.url.startswith(PASSWORD_PAGE)
        assert "密码已超过 90 天未修改" in c.get(PASSWORD_PAGE).content.decode()


def test_the_api_refuses_a_token_whose_user_must_change_the_password(personas):
    token, _ = Token.objects.get_or_create(user=personas.reporter)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert api.get("/api/entries/").status_code == 200
    _first_login(personas.reporter)
    refused = api.get("/api/entries/")
    assert (refused.status_code, refused.json()) == (
        403,
        {"detail": "首次登录须先修改初始密码，修改后才能使用系统。"},
    )
    assert api.delete("/api/auth/token/").status_code == 204  # giving the token back still works


def test_an_idle_session_ends_after_ten_minutes(personas, settings):
    settings.DUBAN_SESSION_IDLE_MINUTES = 10
    c = browser()
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        type_password(c, "minzheng")
        assert c.get("/my/").status_code == 200
        key = c.session.session_key
    with time_machine.travel(start + timedelta(minutes=9), tick=False):
        assert c.get("/my/").status_code == 200  # activity: the ten minutes start again
    with time_machine.travel(start + timedelta(minutes=18), tick=False):
        assert c.get("/my/").status_code == 200
    with time_machine.travel(start + timedelta(minutes=29), tick=False):
        ended = c.get("/my/")
    assert ended.status_code == 302 and ended.url.startswith(LOGIN)
    assert not Session.objects.filter(session_key=key).exists()
    [out] = events(EventType.LOGOUT)
    assert (out.actor, out.detail) == ("minzheng", {"reason": "idle"})
    assert "长时间未操作，已自动退出" in c.get(LOGIN).content.decode()


def test_logout_deletes_the_server_side_session(personas):
    c = browser()
    type_password(c, "minzheng")
    key = c.session.session_key
    assert Session.objects.filter(session_key=key).exists()

    response = c.post("/accounts/logout/")

    assert response.status_code == 302
    assert not Session.objects.filter(session_key=key).exists()
    assert c.get("/my/").url.startswith(LOGIN)
    [out] = events(EventType.LOGOUT)
    assert (out.actor, out.detail) == ("minzheng", {"reason": "user"})


def test_logout_by_a_link_is_refused(personas):
    c = browser()
    type_password(c, "minzheng")
    assert c.get("/accounts/logout/").status_code == 405
