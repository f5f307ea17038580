"""Two people edit one entry at once: the second save of a stale form is refused with the first one's
change (text, status, who, when) on the page, and nothing of either is lost."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from duban.supervision.choices import ListKind
from duban.supervision.models import Entry, TaskList
from duban.supervision.services import open_round
from tests.clients import FullyLoggedInClient
from tests.registry_fixtures import OPERATOR


@pytest.fixture
def entry(personas) -> Entry:
    """建设老年助餐服务点 in an open July round, led by 区民政局."""
    round_ = open_round(
        OPERATOR,
        TaskList.objects.get(kind=ListKind.INDICATORS),
        period="2024年1-7月",
        as_of=date(2024, 7, 31),
        deadline=timezone.localdate() + timedelta(days=7),
    )
    return Entry.objects.get(round=round_, item__text="建设老年助餐服务点")


def _open_form(user, pk: int) -> tuple[Client, str]:  # type: ignore[no-untyped-def]
    """A browser of its own: log in, open the form, read the version it carries."""
    client = FullyLoggedInClient()
    client.force_login(user)
    page = client.get(reverse("supervision:entry", args=[pk])).content.decode()
    found = re.search(r'name="version" value="(\d+)"', page)
    assert found, "the form carries the version it was read at"
    return client, found.group(1)


def test_the_second_stale_save_shows_the_others_change_and_overwrites_nothing(entry, personas):
    url = reverse("supervision:entry", args=[entry.pk])
    head, head_version = _open_form(personas.head, entry.pk)
    reporter, reporter_version = _open_form(personas.reporter, entry.pk)
    assert head_version == reporter_version

    first = head.post(
        url,
        {
            "progress": "负责人先填：已建成3个。",
            "self_status": "lagging",
            "version": head_version,
            "save": "1",
        },
    )
    assert first.status_code == 302
    saved = Entry.objects.get(pk=entry.pk)

    second = reporter.post(
        url,
        {
            "progress": "填报员后到：已建成4个。",
            "self_status": "on_schedule",
            "version": reporter_version,
            "save": "1",
        },
    )
    text = second.content.decode()
    when = timezone.localtime(saved.updated_at).strftime("%Y-%m-%d %H:%M")
    assert second.status_code == 200
    assert "本项已被他人修改" in text
    assert "负责人先填：已建成3个。" in text  # their text
    assert saved.status_label("self_status") in text  # their status
    assert "minzheng-head" in text and when in text  # who and when
    assert "填报员后到：已建成4个。" in text  # what this user typed is still in the form
    after = Entry.objects.get(pk=entry.pk)
    assert (after.progress, after.self_status, after.version) == (
        "负责人先填：已建成3个。",
        "lagging",
        saved.version,
    )

    # Submitting the stale form is refused the same way.
    third = reporter.post(
        url,
        {
            "progress": "填报员后到：已建成4个。",
            "self_status": "on_schedule",
            "version": reporter_version,
            "submit": "1",
        },
    )
    assert third.status_code == 200 and "本项已被他人修改" in third.content.decode()
    assert Entry.objects.get(pk=entry.pk).state == after.state

    # Reloaded, the reporter writes over the current version.
    reporter, fresh = _open_form(personas.reporter, entry.pk)
    assert int(fresh) == saved.version
    done = reporter.post(
        url,
        {"progress": "填报员后到：已建成4个。", "self_status": "on_schedule", "version": fresh, "save": "1"},
    )
    assert done.status_code == 302
    assert Entry.objects.get(pk=entry.pk).progress == "填报员后到：已建成4个。"
