"""SQL-injection and XSS payloads in every text field are stored and shown verbatim, and harmless.

Each payload goes in where users type: progress texts and remarks (the entry form), instructions
(the leader's), unit and person names (as imports bring them), the names of uploaded files, and
the search and filter parameters of the list pages. It is stored exactly as typed, shown escaped
in the pages (never as markup), sent back verbatim by the API, and the tables stay as they were.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from duban.personnel.models import Person
from duban.supervision.choices import ListKind
from duban.supervision.models import Entry, Instruction, TaskList
from duban.supervision.services import open_round
from duban.units.models import Unit
from tests.api.conftest import api_client
from tests.registry_fixtures import OPERATOR

PAYLOADS = [
    "'; DROP TABLE x;--",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "{{7*7}}",
    "%' OR 1=1 --",
]
MARKUP = ("<", ">", '"')


def harmless(html: str, payload: str) -> None:
    """The payload is on the page escaped, and nowhere as live markup."""
    assert escape(payload) in html, f"{payload!r} not shown"
    if any(c in payload for c in MARKUP):
        assert payload not in html, f"{payload!r} shown unescaped"


@pytest.fixture
def entry(personas) -> Entry:
    july = open_round(
        OPERATOR,
        TaskList.objects.get(kind=ListKind.INDICATORS),
        period="2024年1-7月",
        as_of=date(2024, 7, 31),
        deadline=timezone.localdate() + timedelta(days=7),
    )
    return Entry.objects.get(round=july, item__text="建设老年助餐服务点")


@pytest.fixture
def tables() -> set[str]:
    return set(connection.introspection.table_names())


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_progress_text_and_remark(client, personas, entry, tables, payload):
    client.force_login(personas.reporter)
    url = reverse("supervision:entry", args=[entry.pk])
    text = f"已建成3个。{payload}"
    saved = client.post(
        url,
        {
            "progress": text,
            "self_status": "on_schedule",
            "remark": payload,
            "version": entry.version,
            "submit": "1",
        },
    )
    assert saved.status_code == 302
    stored = Entry.objects.get(pk=entry.pk)
    assert (stored.progress, stored.remark) == (text, payload.strip())
    harmless(client.get(url).content.decode(), payload)
    client.force_login(personas.officer)
    harmless(client.get(reverse("supervision:review_entry", args=[entry.pk])).content.decode(), payload)
    body = api_client(personas.officer).get(f"/api/entries/{entry.pk}/").json()
    assert (body["progress"], body["remark"]) == (text, payload.strip())
    assert set(connection.introspection.table_names()) == tables


@pytest.mark.parametrize("payload", PAYLOADS)
def test_an_instruction(client, personas, entry, tables, payload):
    client.force_login(personas.leader)
    response = client.post(reverse("supervision:instruct", args=[entry.item_id]), {"text": payload})
    assert response.status_code == 302
    assert Instruction.objects.get(item_id=entry.item_id).text == payload.strip()
    client.force_login(personas.officer)
    harmless(client.get(reverse("supervision:item", args=[entry.item_id])).content.decode(), payload)
    harmless(client.get(reverse("supervision:instructions")).content.decode(), payload)
    client.force_login(personas.reporter)
    harmless(client.get(reverse("supervision:entry", args=[entry.pk])).content.decode(), payload)
    assert set(connection.introspection.table_names()) == tables


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_unit_name_and_a_person_name(client, personas, entry, tables, payload):
    unit = Unit.objects.get(name="区民政局")
    Unit.objects.filter(pk=unit.pk).update(name=f"区民政局{payload}")
    person = Person.objects.order_by("pk").first()
    assert person is not None
    Person.objects.filter(pk=person.pk).update(name=f"张{payload}")
    client.force_login(personas.officer)
    harmless(client.get(reverse("units:unit", args=[unit.pk])).content.decode(), payload)
    harmless(client.get(reverse("units:directory"), {"q": "区民政局"}).content.decode(), payload)
    harmless(client.get(reverse("supervision:round", args=[entry.round_id])).content.decode(), payload)
    harmless(client.get(reverse("personnel:person", args=[person.pk])).content.decode(), payload)
    found = client.get(reverse("personnel:home"), {"q": f"张{payload}"})
    assert found.status_code == 200
    harmless(found.content.decode(), payload)
    assert Unit.objects.get(pk=unit.pk).name == f"区民政局{payload}"
    assert set(connection.introspection.table_names()) == tables


@pytest.mark.parametrize("payload", PAYLOADS)
def test_the_name_of_an_uploaded_file(client, personas, entry, tables, payload, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    name = f"{payload}.pdf"
    # A name is only its last path part ("</script>" holds a slash): what is left is shown verbatim.
    shown = name.rsplit("/", 1)[-1]
    client.force_login(personas.officer)
    imported = client.post("/imports/", {"file": SimpleUploadedFile(name, b"%PDF-1.7 ...")})
    assert imported.status_code == 400
    harmless(imported.content.decode(), shown)
    client.force_login(personas.reporter)
    form = client.post(
        reverse("supervision:form_upload"), {"file": SimpleUploadedFile(name, b"%PDF-1.7 ...")}
    )
    assert form.status_code == 400
    harmless(form.content.decode(), shown)
    assert set(connection.introspection.table_names()) == tables


# The list pages and the parameters they read from the query string.
SEARCHES = [
    ("units:directory", ["q", "page", "kind", "region"]),
    ("personnel:home", ["q", "page", "flagged"]),
    ("personnel:roster", ["region", "unit", "on"]),
    ("personnel:vacancies", ["region", "on"]),
    ("personnel:probation", ["region", "on", "days"]),
    ("supervision:review", ["state", "round", "page"]),
    ("supervision:rounds", ["list", "state"]),
    ("supervision:extensions", ["show"]),
    ("supervision:instructions", ["show"]),
    ("supervision:bulletin_new", ["round"]),
    ("intake:records", ["page"]),
    ("reminders:inbox", ["page"]),
]


@pytest.mark.parametrize(("page", "params"), SEARCHES, ids=[s[0] for s in SEARCHES])
def test_search_and_filter_parameters(client, personas, tables, page, params):
    client.force_login(personas.officer)
    units = Unit.objects.count()
    for payload in PAYLOADS:
        response = client.get(reverse(page), dict.fromkeys(params, payload))
        assert response.status_code in (200, 400), (payload, response.status_code)
        html = response.content.decode()
        if any(c in payload for c in MARKUP):
            assert payload not in html
    assert Unit.objects.count() == units
    assert set(connection.introspection.table_names()) == tables
