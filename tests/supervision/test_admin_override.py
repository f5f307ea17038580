"""The 督查室 officer corrects an entry in the admin: an override of the figures needs a reason."""

from __future__ import annotations

import pytest
from django.urls import reverse

from duban.accounts.demo import DEMO_PASSWORD, ensure_demo_accounts
from duban.supervision.choices import ListKind
from duban.supervision.models import Entry


@pytest.fixture
def officer_client(client, imported):
    ensure_demo_accounts()
    assert client.login(username="duchashi", password=DEMO_PASSWORD)
    return client


def _form(entry: Entry, **changes) -> dict[str, str]:
    data = {
        "round": str(entry.round_id),
        "item": str(entry.item_id),
        "progress": entry.progress,
        "percent": "" if entry.percent is None else str(entry.percent),
        "completed_value": "",
        "self_status": entry.self_status,
        "status": entry.status,
        "override_reason": entry.override_reason,
        "remark": "",
        "attachments-TOTAL_FORMS": "0",
        "attachments-INITIAL_FORMS": "0",
        "attachments-MIN_NUM_FORMS": "0",
        "attachments-MAX_NUM_FORMS": "1000",
    }
    data.update(changes)
    return data


def test_an_override_without_a_reason_is_refused_in_the_admin(officer_client):
    entry = Entry.objects.get(round__task_list__kind=ListKind.INDICATORS, item__text="城镇新增就业")
    url = reverse("admin:supervision_entry_change", args=[entry.pk])
    response = officer_client.post(url, _form(entry, status="lagging"))
    assert response.status_code == 200
    assert "改判须说明理由" in response.content.decode()
    entry.refresh_from_db()
    assert entry.status == "on_schedule"

    response = officer_client.post(url, _form(entry, status="lagging", override_reason="数据待核实"))
    assert response.status_code == 302
    entry.refresh_from_db()
    assert (entry.status, entry.override_reason) == ("lagging", "数据待核实")


def test_the_leader_can_read_but_not_change(client, imported):
    ensure_demo_accounts()
    assert client.login(username="lingdao", password=DEMO_PASSWORD)
    entry = Entry.objects.filter(round__task_list__kind=ListKind.TASKS).first()
    url = reverse("admin:supervision_entry_change", args=[entry.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, _form(entry, status="lagging", override_reason="x"))
    assert response.status_code == 403
