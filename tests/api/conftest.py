"""The API's test world: the sample with its personas, July rounds open, an API client per persona."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.core.cache import cache
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from duban.accounts.models import User
from duban.supervision.choices import EntryState, ListKind
from duban.supervision.models import Entry, Round, TaskList
from tests.personas import Personas
from tests.registry_fixtures import open_round_as_operator

ELDERLY = "建设老年助餐服务点"  # an indicator 区民政局 leads, target 6个


@pytest.fixture(autouse=True)
def _fresh_throttles():
    """The token endpoint's rate limit counts in the cache: each test starts with none spent."""
    cache.clear()
    yield
    cache.clear()


def api_client(user: User | None = None) -> APIClient:
    """A client calling the API as a script would: with the user's token (none: anonymous)."""
    client = APIClient(SERVER_NAME="localhost")
    if user is not None:
        token, _ = Token.objects.get_or_create(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


@dataclass
class World:
    personas: Personas
    tasks: Round  # the July round of the 目标任务 list, open
    indicators: Round  # the July round of the 民生实事 list, open
    mine: Entry  # 区民政局's entry in the open indicators round (quantified)
    theirs: Entry  # 区财政局's entry in an open round
    accepted: Entry  # 区民政局's entry in the imported, closed round: accepted, so a leader sees it

    def fresh(self, entry: Entry) -> Entry:
        return Entry.objects.select_related("round__task_list", "item").get(pk=entry.pk)


def _led_by(rnd_ids: list[int], user: User) -> Entry:
    return Entry.objects.of_user_units(user).filter(round_id__in=rnd_ids).order_by("pk").first()  # type: ignore[return-value]


@pytest.fixture
def world(personas) -> World:  # type: ignore[no-untyped-def]
    rounds = {}
    for kind in (ListKind.TASKS, ListKind.INDICATORS):
        rounds[kind] = open_round_as_operator(
            TaskList.objects.get(kind=kind),
            period="2024年1-7月",
            as_of=date(2024, 7, 31),
            deadline=date.today() + timedelta(days=7),
        )
    open_ids = [r.pk for r in rounds.values()]
    mine = rounds[ListKind.INDICATORS].entries.get(item__text=ELDERLY)
    accepted = (
        Entry.objects.of_user_units(personas.reporter)
        .filter(state=EntryState.ACCEPTED)
        .exclude(round_id__in=open_ids)
        .order_by("pk")
        .first()
    )
    assert accepted is not None
    return World(
        personas=personas,
        tasks=rounds[ListKind.TASKS],
        indicators=rounds[ListKind.INDICATORS],
        mine=mine,
        theirs=_led_by(open_ids, personas.other_reporter),
        accepted=accepted,
    )
