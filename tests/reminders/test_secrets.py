"""Robot tokens, signing secrets and the SMTP password are write-only: shown masked, never sent back —
not to the leader who reads the admin, not to the system administrator, not in the audit log."""

from __future__ import annotations

import pytest

from duban.audit.choices import EventType
from duban.audit.models import Event
from duban.reminders.choices import ChannelKind
from duban.reminders.models import Channel

TOKEN = "9f8e7d6c5b4a39281706f5e4d3c2b1a0ffeeddcc"
URL = f"https://oapi.dingtalk.com/robot/send?access_token={TOKEN}"
SECRET = "SECf00dfeedbeefcafe1234567890abcdef"
SMTP_PASSWORD = "smtp-Pa55word-never-shown"


@pytest.fixture
def robot(personas) -> Channel:  # type: ignore[no-untyped-def]
    return Channel.objects.create(
        region=personas.officer.region, kind=ChannelKind.DINGTALK, target=URL, secret=SECRET
    )


def _pages(client, channel: Channel) -> list[str]:  # type: ignore[no-untyped-def]
    paths = [
        "/admin/reminders/channel/",
        f"/admin/reminders/channel/{channel.pk}/change/",
        "/admin/reminders/delivery/",
        "/admin/",
        "/",
        "/api/",
        "/api/schema/",
    ]
    return [client.get(path, follow=True).content.decode(errors="replace") for path in paths]


def _leaks(texts: list[str]) -> list[str]:
    return [s for s in (TOKEN, SECRET, SECRET[-8:], TOKEN[:12], SMTP_PASSWORD) if any(s in t for t in texts)]


@pytest.mark.parametrize("who", ["officer", "leader", "admin", "secadmin", "auditor"])
def test_nobody_receives_a_stored_token_secret_or_smtp_password(client, personas, robot, settings, who):
    settings.EMAIL_HOST_PASSWORD = SMTP_PASSWORD
    client.force_login(getattr(personas, who))
    assert _leaks(_pages(client, robot)) == []


def test_the_office_sees_them_masked_and_the_leader_reads_a_masked_page(client, personas, robot):
    client.force_login(personas.officer)
    form = client.get(f"/admin/reminders/channel/{robot.pk}/change/").content.decode()
    assert "已设置（••••" in form and TOKEN[-4:] in form
    client.force_login(personas.leader)
    page = client.get(f"/admin/reminders/channel/{robot.pk}/change/")
    assert page.status_code == 200 and "已设置（••••" in page.content.decode()


def _form(channel: Channel, **changes: str) -> dict[str, str]:
    data = {
        "region": str(channel.region_id),
        "unit": "",
        "kind": channel.kind,
        "target": "",
        "secret": "",
        "active": "on",
        "_save": "保存",
    }
    data.update(changes)
    return data


def test_saving_without_retyping_keeps_the_stored_secrets(client, personas, robot):
    client.force_login(personas.officer)
    response = client.post(f"/admin/reminders/channel/{robot.pk}/change/", _form(robot, active=""))
    assert response.status_code == 302
    robot.refresh_from_db()
    assert (robot.target, robot.secret, robot.active) == (URL, SECRET, False)


def test_a_typed_secret_replaces_the_stored_one_and_the_log_holds_it_masked(client, personas, robot):
    client.force_login(personas.officer)
    new_url = URL.replace(TOKEN, "0" * 36 + "abcd")
    client.post(
        f"/admin/reminders/channel/{robot.pk}/change/", _form(robot, target=new_url, secret="S" * 20 + "wxyz")
    )

    robot.refresh_from_db()
    assert (robot.target, robot.secret) == (new_url, "S" * 20 + "wxyz")
    event = Event.objects.for_object(robot).get(type=EventType.CHANNEL_CHANGE)
    assert event.changes["target"] == [f"已设置（••••{TOKEN[-4:]}）", "已设置（••••abcd）"]
    assert event.changes["secret"] == [f"已设置（••••{SECRET[-4:]}）", "已设置（••••wxyz）"]
    assert TOKEN not in str(event.changes) and SECRET not in str(event.changes)


def test_the_secret_can_be_cleared_on_purpose(client, personas, robot):
    client.force_login(personas.officer)
    client.post(f"/admin/reminders/channel/{robot.pk}/change/", _form(robot, clear_secret="on"))
    robot.refresh_from_db()
    assert (robot.target, robot.secret) == (URL, "")


def test_an_email_address_is_no_secret_and_is_shown(client, personas):
    channel = Channel.objects.create(
        region=personas.officer.region, kind=ChannelKind.EMAIL, target="ds@example.org"
    )
    client.force_login(personas.officer)
    assert "ds@example.org" in client.get("/admin/reminders/channel/").content.decode()
    assert channel.secret_shown == "未设置"
