"""What the log records beyond the pages: bulk writes row by row, deliveries, refusals of every kind,
retention — and that an action whose audit row cannot be written does not happen."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from duban.accounts.models import User
from duban.accounts.services import create_account
from duban.actors import Actor
from duban.audit import services as audit
from duban.audit.choices import EventType, Outcome
from duban.audit.models import Event
from duban.reminders.choices import ChannelKind
from duban.reminders.delivery import deliver_pending
from duban.reminders.models import Channel
from duban.reminders.services import notify
from duban.supervision.choices import ListKind
from duban.supervision.models import Entry, Round, TaskList
from duban.supervision.services import Report, open_round, save_entry

ELDERLY = "建设老年助餐服务点"


@pytest.fixture
def july(personas) -> Round:  # type: ignore[no-untyped-def]
    return open_round(
        personas.actor(personas.officer),
        TaskList.objects.get(kind=ListKind.INDICATORS),
        period="2024年1-7月",
        as_of=date(2024, 7, 31),
        deadline=date(2024, 8, 5),
    )


@pytest.fixture
def broken_key(settings):  # type: ignore[no-untyped-def]
    """A real failing condition: the configured audit key is too short to be a key."""
    settings.DUBAN_AUDIT_KEY = "short"
    audit.audit_key.cache_clear()
    yield
    audit.audit_key.cache_clear()


def test_opening_a_round_records_every_entry_it_creates(july):
    ids = [str(pk) for pk in july.entries.values_list("pk", flat=True)]
    created = Event.objects.filter(
        type=EventType.ENTRY_CREATE, object_type="supervision.entry", object_id__in=ids
    )
    assert created.count() == len(ids) > 10
    one = created.get(object_id=str(july.entries.get(item__text=ELDERLY).pk))
    assert one.changes["state"] == [None, "empty"] and one.actor == "duchashi"


def test_without_a_writable_audit_row_the_entry_is_not_saved(july, personas, broken_key):
    entry = july.entries.select_related("item", "round__task_list").get(item__text=ELDERLY)
    events = Event.objects.count()

    with pytest.raises(ImproperlyConfigured):
        save_entry(
            personas.actor(personas.reporter),
            entry,
            Report("已建成4个。", "on_schedule", percent=Decimal(60)),
        )

    stored = Entry.objects.get(pk=entry.pk)
    assert (stored.progress, stored.percent, stored.version) == ("", None, entry.version)
    assert Event.objects.count() == events


def test_without_a_writable_audit_row_no_round_is_opened(personas, broken_key):
    indicators = TaskList.objects.get(kind=ListKind.INDICATORS)
    with pytest.raises(ImproperlyConfigured):
        open_round(
            personas.actor(personas.officer), indicators, period="2024年1-8月", as_of=date(2024, 8, 31)
        )
    assert not Round.objects.filter(period="2024年1-8月").exists()
    assert not Entry.objects.filter(round__period="2024年1-8月").exists()


def test_without_a_writable_audit_row_no_account_is_created(db, broken_key):
    with pytest.raises(ImproperlyConfigured):
        create_account(Actor.cli(), "xinren")
    assert not User.objects.filter(username="xinren").exists()


def test_a_sent_notice_is_recorded_per_delivery(personas, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    unit = personas.reporter.units.get()
    Channel.objects.create(region=unit.region, unit=unit, kind=ChannelKind.EMAIL, target="mz@example.org")
    notification = notify(unit, "催报通知", "请报送", copy_office=False)

    report = deliver_pending(actor=Actor.cli())

    assert report.sent == 1
    sent = Event.objects.get(type=EventType.REMINDER_SENT)
    assert (sent.object_id, sent.outcome, sent.via) == (str(notification.pk), Outcome.SUCCESS, "cli")
    assert sent.changes == {"state": ["pending", "sent"]}


def test_a_policy_refusal_on_a_page_is_recorded(client, personas):
    client.force_login(personas.leader)
    assert client.get("/review/").status_code == 403
    denied = Event.objects.get(type=EventType.ACCESS_DENIED, detail__path="/review/")
    assert (denied.actor, denied.via, denied.outcome, denied.ip) == (
        "lingdao",
        "web",
        Outcome.DENIED,
        "127.0.0.1",
    )
    assert denied.detail["status"] == 403 and denied.detail["reason"] == "review by non-office"


def test_an_object_the_user_may_not_see_is_a_404_and_recorded(client, july, personas):
    entry = july.entries.get(item__text=ELDERLY)  # 区民政局's, not 区财政局's
    client.force_login(personas.other_reporter)
    path = f"/entries/{entry.pk}/"
    response = client.get(path)
    assert response.status_code in (403, 404)
    denied = Event.objects.get(type=EventType.ACCESS_DENIED, detail__path=path)
    assert denied.actor == "caizheng" and denied.detail["status"] == response.status_code


def test_a_mistyped_address_is_not_an_access_attempt(client, personas):
    client.force_login(personas.officer)
    assert client.get("/no-such-page/").status_code == 404
    assert not Event.objects.filter(type=EventType.ACCESS_DENIED).exists()


def test_pruning_keeps_at_least_184_days_and_is_itself_logged(db):
    operator = Actor.cli()
    audit.record(operator, EventType.OTHER, object_repr="old")
    audit.record(operator, EventType.OTHER, object_repr="recent")
    # Age the first row as if written 200 days ago (the chain is re-sealed as a real old row would be).
    old = Event.objects.get(object_repr="old")
    old_at = timezone.now() - timedelta(days=200)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_event SET at = %s WHERE seq = %s", [old_at, old.seq])
    old.at = old_at
    new_hash = audit.seal(old)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_event SET hash = %s WHERE seq = %s", [new_hash, old.seq])
    recent = Event.objects.get(object_repr="recent")
    recent.prev_hash = new_hash
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE audit_event SET prev_hash = %s, hash = %s WHERE seq = %s",
            [new_hash, audit.seal(recent), recent.seq],
        )
    from duban.audit.models import Head

    Head.objects.filter(pk=1).update(hash=audit.seal(recent))
    assert audit.verify().ok

    assert audit.prune(operator, keep_days=300) == 0  # 200 days old is within 300 days
    assert audit.prune(operator, keep_days=30) == 1  # 30 is raised to the minimum of 184

    assert list(Event.objects.order_by("seq").values_list("object_repr", flat=True))[:1] == ["recent"]
    pruned = Event.objects.get(type=EventType.AUDIT_PRUNE)
    assert pruned.detail["deleted"] == 1 and pruned.detail["keep_days"] == 184
    assert pruned.actor.startswith("os:")
    assert audit.verify().ok


def test_an_api_object_the_user_may_not_see_is_recorded(july, personas):
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    entry = july.entries.get(item__text=ELDERLY)
    client = APIClient(SERVER_NAME="localhost")
    token, _ = Token.objects.get_or_create(user=personas.other_reporter)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    path = f"/api/entries/{entry.pk}/"

    assert client.get(path).status_code == 404
    denied = Event.objects.get(type=EventType.ACCESS_DENIED, detail__path=path)
    assert (denied.actor, denied.via, denied.detail["status"]) == ("caizheng", "api", 404)
    client.get("/api/no-such-endpoint/")
    assert not Event.objects.filter(
        type=EventType.ACCESS_DENIED, detail__path="/api/no-such-endpoint/"
    ).exists()
