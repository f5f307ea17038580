"""Every login, failure, lockout and logout is in the audit log — who, from where, what, the outcome —
and no password ever is."""

from __future__ import annotations

from rest_framework.test import APIClient

from duban.accounts.demo import DEMO_PASSWORD
from duban.audit.choices import EventType
from duban.audit.models import Event
from duban.audit.services import verify
from tests.accounts.conftest import browser, events, type_password

WRONG = "Geheim-Falsch-99"


def test_a_login_and_a_logout_on_the_pages(personas):
    c = browser("192.0.2.1")
    type_password(c, "MinZheng")
    c.post("/accounts/logout/")
    login, logout = events(EventType.LOGIN, EventType.LOGOUT)
    assert (login.type, login.actor, login.user_id, login.ip, login.via, login.outcome) == (
        EventType.LOGIN,
        "minzheng",
        personas.reporter.pk,
        "192.0.2.1",
        "web",
        "success",
    )
    assert (login.object_type, login.object_id) == ("accounts.user", str(personas.reporter.pk))
    assert (logout.type, logout.actor, logout.ip) == (EventType.LOGOUT, "minzheng", "192.0.2.1")


def test_failures_name_what_was_typed_and_keep_no_password(personas):
    c = browser("192.0.2.2")
    type_password(c, "minzheng", WRONG)
    type_password(c, "nobody-here", DEMO_PASSWORD)
    first, second = events(EventType.LOGIN_FAILED)
    assert (first.actor, first.user_id, first.ip, first.outcome, first.detail) == (
        "minzheng",
        None,
        "192.0.2.2",
        "failure",
        {"username": "minzheng", "stage": "password"},
    )
    assert second.actor == "nobody-here"
    everything = str(list(Event.objects.values()))
    assert WRONG not in everything and DEMO_PASSWORD not in everything


def test_the_lockout_is_recorded_once_it_happens_and_each_refused_attempt_after(personas):
    c = browser("192.0.2.3")
    for _ in range(5):
        type_password(c, "caizheng", WRONG)
    type_password(c, "caizheng")  # the right password, refused
    locked = events(EventType.LOCKED_OUT)
    assert len(locked) == 2
    assert (locked[0].actor, locked[0].outcome, locked[0].detail) == (
        "caizheng",
        "denied",
        {"username": "caizheng", "ip": "192.0.2.3"},
    )
    assert len(events(EventType.LOGIN_FAILED)) == 6
    assert not events(EventType.LOGIN)
    assert verify().ok


def test_the_api_token_endpoint_records_its_logins_and_logouts_as_api(personas):
    api = APIClient(REMOTE_ADDR="192.0.2.4")
    api.post("/api/auth/token/", {"username": "minzheng", "password": WRONG}, format="json")
    token = api.post("/api/auth/token/", {"username": "minzheng", "password": DEMO_PASSWORD}, format="json")
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.json()['token']}")
    api.delete("/api/auth/token/")
    failed, login, logout = events(EventType.LOGIN_FAILED, EventType.LOGIN, EventType.LOGOUT)
    assert [(e.type, e.via, e.ip) for e in (failed, login, logout)] == [
        (EventType.LOGIN_FAILED, "api", "192.0.2.4"),
        (EventType.LOGIN, "api", "192.0.2.4"),
        (EventType.LOGOUT, "api", "192.0.2.4"),
    ]
    assert WRONG not in str(list(Event.objects.values()))
