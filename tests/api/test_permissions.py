"""Every endpoint tried by every persona: the lists show exactly what the pages show, an object
outside a user's view is a 404 by ID, a write the user may not make is a 403.

The tables are compared whole, so a failure shows every cell that differs at once.
"""

from __future__ import annotations

from typing import Any

from rest_framework.test import APIClient

from duban.accounts.models import User
from duban.documents.models import Document
from duban.personnel.models import Person
from duban.supervision.choices import EntryState
from duban.supervision.models import Entry, Item, Round, TaskList
from duban.units.models import Unit
from tests.api.conftest import World, api_client

WHO = ["officer", "reporter", "head", "other_reporter", "leader", "admin", "anonymous"]
MODELS = {
    "units": Unit,
    "documents": Document,
    "people": Person,
    "lists": TaskList,
    "items": Item,
    "rounds": Round,
    "entries": Entry,
}


def _users(world: World) -> dict[str, User | None]:
    p = world.personas
    return {
        "officer": p.officer,
        "reporter": p.reporter,
        "head": p.head,
        "other_reporter": p.other_reporter,
        "leader": p.leader,
        "admin": p.admin,
        "anonymous": None,
    }


def _clients(world: World) -> dict[str, APIClient]:
    return {name: api_client(user) for name, user in _users(world).items()}


def test_every_list_shows_each_persona_exactly_what_its_visibility_allows(world):
    users, clients = _users(world), _clients(world)
    seen: dict[str, dict[str, Any]] = {}
    for resource, model in MODELS.items():
        seen[resource] = {}
        for who in WHO:
            response = clients[who].get(f"/api/{resource}/", {"page_size": 1000})
            if response.status_code != 200:
                seen[resource][who] = response.status_code
                continue
            count = response.json()["count"]
            user = users[who]
            assert count == model.objects.visible_to(user).count(), (resource, who)
            ids = {row["id"] for row in response.json()["results"]}
            assert ids == set(model.objects.visible_to(user).values_list("pk", flat=True)[:1000]), (
                resource,
                who,
            )
            seen[resource][who] = "some" if count else "none"
    some_for_all = dict.fromkeys(WHO[:-1], "some") | {"anonymous": 401}
    assert seen == {
        "units": some_for_all,  # the directory: the system administrator keeps it
        "documents": some_for_all | {"admin": "none"},
        "people": some_for_all
        | {"reporter": "none", "head": "none", "other_reporter": "none", "admin": "none"},
        "lists": some_for_all | {"admin": "none"},
        "items": some_for_all | {"admin": "none"},
        "rounds": some_for_all | {"admin": "none"},
        "entries": some_for_all | {"admin": "none"},
    }


def test_a_user_without_a_role_is_refused_with_the_reason(world):
    nobody = User.objects.create_user("xinren", password="Xinren-2024!", region=world.personas.officer.region)
    nobody.must_change_password = False  # changed at the first login, as every account must
    nobody.save(update_fields=["must_change_password"])
    client = api_client(nobody)
    for resource in MODELS:
        response = client.get(f"/api/{resource}/")
        assert (resource, response.status_code) == (resource, 403)
        assert "count" not in response.json() and "尚未分配角色" in response.json()["detail"]


def test_another_units_entry_is_a_404_by_id_and_the_leader_sees_only_what_the_office_accepted(world):
    clients = _clients(world)
    unit = Unit.objects.get(name="区民政局")
    person = Person.objects.order_by("pk").first()
    document = Document.objects.order_by("pk").first()
    targets = {
        "unit": f"/api/units/{unit.pk}/",
        "document": f"/api/documents/{document.pk}/",
        "person": f"/api/people/{person.pk}/",
        "list": f"/api/lists/{world.indicators.task_list_id}/",
        "item": f"/api/items/{world.mine.item_id}/",
        "round": f"/api/rounds/{world.indicators.pk}/",
        "mine": f"/api/entries/{world.mine.pk}/",  # 区民政局's, not yet reported
        "theirs": f"/api/entries/{world.theirs.pk}/",  # 区财政局's, not yet reported
        "accepted": f"/api/entries/{world.accepted.pk}/",  # 区民政局's, accepted in a closed round
    }
    table = {name: {who: clients[who].get(url).status_code for who in WHO} for name, url in targets.items()}
    everyone = dict.fromkeys(WHO[:-1], 200) | {"anonymous": 401}
    unit_only = {"reporter": 404, "head": 404, "other_reporter": 404}
    assert table == {
        "unit": everyone,
        "document": everyone | {"admin": 404},
        "person": everyone | unit_only | {"admin": 404},
        "list": everyone | {"admin": 404},
        "item": everyone | {"admin": 404},
        "round": everyone | {"admin": 404},
        "mine": everyone | {"other_reporter": 404, "leader": 404, "admin": 404},
        "theirs": everyone | {"reporter": 404, "head": 404, "leader": 404, "admin": 404},
        "accepted": everyone | {"other_reporter": 404, "admin": 404},
    }


def _try(
    clients: dict[str, APIClient], who: list[str], method: str, url: str, body: dict[str, Any]
) -> dict[str, int]:
    return {name: getattr(clients[name], method)(url, body, format="json").status_code for name in who}


def test_each_write_is_for_its_role_only_and_a_leaders_write_is_a_403(world):
    clients = _clients(world)
    mine = f"/api/entries/{world.mine.pk}/"

    def version() -> int:
        return Entry.objects.get(pk=world.mine.pk).version

    def report() -> dict[str, Any]:
        return {
            "version": version(),
            "progress": "已建成4个助餐点。",
            "self_status": "on_schedule",
            "percent": "66.7",
        }

    outsiders = {"anonymous": 401, "admin": 404, "leader": 404, "other_reporter": 404}
    steps = [  # (action, who may not, then who may)
        ("patch", mine, report, outsiders | {"officer": 403}, "head"),
        ("patch", mine, report, {}, "reporter"),
        ("post", mine + "submit/", lambda: {"version": version()}, outsiders | {"officer": 403}, "reporter"),
        ("post", mine + "approve/", lambda: {}, outsiders | {"officer": 403, "reporter": 403}, "head"),
        (
            "post",
            mine + "return/",
            lambda: {"comment": "请补充助餐点名单。"},
            outsiders | {"reporter": 403, "head": 403},
            "officer",
        ),
        ("post", mine + "submit/", lambda: {}, {}, "reporter"),
        ("post", mine + "approve/", lambda: {}, {}, "head"),
        ("post", mine + "accept/", lambda: {}, outsiders | {"reporter": 403, "head": 403}, "officer"),
    ]
    for method, url, body, refused, allowed in steps:
        before = version()
        assert _try(clients, list(refused), method, url, body()) == refused, (method, url)
        assert version() == before  # a refused write changes nothing
        response = getattr(clients[allowed], method)(url, body(), format="json")
        assert response.status_code == 200, (method, url, allowed, response.json())
    assert Entry.objects.get(pk=world.mine.pk).state == EntryState.ACCEPTED
    # Accepted, the leader now sees it, and still may not write it; nor may they approve or review.
    leader_tries = {
        "patch": clients["leader"].patch(mine, report(), format="json").status_code,
        "accept": clients["leader"].post(mine + "accept/", {}, format="json").status_code,
        "return": clients["leader"].post(mine + "return/", {"comment": "x"}, format="json").status_code,
    }
    assert leader_tries == {"patch": 403, "accept": 403, "return": 403}
    assert clients["leader"].patch(mine, report(), format="json").json() == {"detail": "您没有权限填报本事项"}


def test_the_read_only_resources_refuse_writes_with_405(world):
    clients = _clients(world)
    refused = {}
    for resource, model in MODELS.items():
        obj = model.objects.order_by("pk").first()
        for method, url in [
            ("post", f"/api/{resource}/"),
            ("put", f"/api/{resource}/{obj.pk}/"),
            ("delete", f"/api/{resource}/{obj.pk}/"),
            *([] if resource == "entries" else [("patch", f"/api/{resource}/{obj.pk}/")]),
        ]:
            response = getattr(clients["officer"], method)(url, {}, format="json")
            refused[(resource, method)] = (response.status_code, response.json()["detail"])
            assert getattr(clients["anonymous"], method)(url, {}, format="json").status_code == 401
    assert {key: status for key, (status, _) in refused.items()} == dict.fromkeys(refused, 405)
    assert refused[("units", "post")][1] == "方法 “POST” 不被允许。"
