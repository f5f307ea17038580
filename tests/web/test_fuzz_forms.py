"""Random data through every form of the pages, posted to the real views: never a 500.

Each target names the page whose form gives the field names (read from its HTML, so a field
added later is fuzzed too), where the data goes, and who sends it. hypothesis fills every field
with text, numbers, dates and edge cases; the answer may refuse (4xx) or accept, never fail.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from duban.personnel.models import Person
from duban.supervision.choices import ListKind
from duban.supervision.models import Entry, TaskList
from duban.supervision.services import create_bulletin, open_round, request_extension
from duban.units.models import Unit
from tests.personas import Personas
from tests.registry_fixtures import OPERATOR

FIELD = re.compile(r'<(?:input|textarea|select|button)\b[^>]*?\sname="([^"]+)"')
EDGE = [
    "",
    " ",
    "0",
    "-1",
    "1e309",
    "NaN",
    "Infinity",
    "99999999999999999999999",
    "2024-13-40",
    "0000-00-00",
    "on",
    "\x00",
    "'; DROP TABLE x;--",
    "<script>alert(1)</script>",
    "进展" * 2000,
]
VALUES = st.one_of(
    st.text(max_size=120),
    st.sampled_from(EDGE),
    st.integers(min_value=-(10**15), max_value=10**15).map(str),
    st.dates().map(date.isoformat),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
)


@dataclass
class World:
    personas: Personas
    entry: Entry
    bulletin_id: int
    extension_id: int
    person_id: int
    unit_id: int


@dataclass(frozen=True)
class Target:
    id: str
    page: Callable[[World], str]  # the page whose forms name the fields
    who: str  # the persona who sends them
    post: Callable[[World], str] | None = None  # where they go (None: the page itself)
    method: str = "post"
    upload: bool = False  # the form takes a file


TARGETS = [
    Target("list_new", lambda w: reverse("supervision:list_new"), "officer"),
    Target(
        "item_new", lambda w: reverse("supervision:item_new", args=[w.entry.round.task_list_id]), "officer"
    ),
    Target("item_edit", lambda w: reverse("supervision:item_edit", args=[w.entry.item_id]), "officer"),
    Target(
        "item_close",
        lambda w: reverse("supervision:item", args=[w.entry.item_id]),
        "officer",
        lambda w: reverse("supervision:item_close", args=[w.entry.item_id]),
    ),
    Target(
        "instruct",
        lambda w: reverse("supervision:item", args=[w.entry.item_id]),
        "leader",
        lambda w: reverse("supervision:instruct", args=[w.entry.item_id]),
    ),
    Target("round_new", lambda w: reverse("supervision:round_new"), "officer"),
    Target("entry", lambda w: reverse("supervision:entry", args=[w.entry.pk]), "reporter"),
    Target(
        "extension_new",
        lambda w: reverse("supervision:entry", args=[w.entry.pk]),
        "reporter",
        lambda w: reverse("supervision:extension_new", args=[w.entry.pk]),
    ),
    Target(
        "extension_decide",
        lambda w: reverse("supervision:extensions"),
        "officer",
        lambda w: reverse("supervision:extension_decide", args=[w.extension_id]),
    ),
    Target("review_entry", lambda w: reverse("supervision:review_entry", args=[w.entry.pk]), "officer"),
    Target("bulletin_new", lambda w: reverse("supervision:bulletin_new"), "officer"),
    Target("bulletin", lambda w: reverse("supervision:bulletin", args=[w.bulletin_id]), "officer"),
    Target(
        "bulletin_section",
        lambda w: reverse("supervision:bulletin", args=[w.bulletin_id]),
        "officer",
        lambda w: reverse("supervision:bulletin_section", args=[w.bulletin_id, 0]),
    ),
    Target("directory", lambda w: reverse("units:directory"), "officer", method="get"),
    Target(
        "unit_rename",
        lambda w: reverse("units:unit", args=[w.unit_id]),
        "officer",
        lambda w: reverse("units:rename", args=[w.unit_id]),
    ),
    Target(
        "unit_merge",
        lambda w: reverse("units:unit", args=[w.unit_id]),
        "officer",
        lambda w: reverse("units:merge", args=[w.unit_id]),
    ),
    Target("import", lambda w: reverse("intake:upload"), "officer", upload=True),
    Target("form_upload", lambda w: reverse("supervision:form_upload"), "reporter", upload=True),
    Target("people", lambda w: reverse("personnel:home"), "officer", method="get"),
    Target(
        "person_review",
        lambda w: reverse("personnel:person", args=[w.person_id]),
        "officer",
        lambda w: reverse("personnel:review", args=[w.person_id]),
    ),
    Target("roster", lambda w: reverse("personnel:roster"), "officer", method="get"),
    Target("vacancies", lambda w: reverse("personnel:vacancies"), "officer", method="get"),
    Target("probation", lambda w: reverse("personnel:probation"), "officer", method="get"),
    Target("notice", lambda w: reverse("personnel:notice"), "officer", upload=True),
    # The admin's one edit form of its own (EntryReviewForm): the office's decision on an entry.
    Target("admin_entry", lambda w: reverse("admin:supervision_entry_change", args=[w.entry.pk]), "officer"),
]


@pytest.fixture
def world(personas) -> World:
    july = open_round(
        OPERATOR,
        TaskList.objects.get(kind=ListKind.INDICATORS),
        period="2024年1-7月",
        as_of=date(2024, 7, 31),
        deadline=timezone.localdate() + timedelta(days=7),
    )
    entry = Entry.objects.select_related("round", "item").get(round=july, item__text="建设老年助餐服务点")
    reporter = personas.actor(personas.reporter)
    extension = request_extension(
        reporter, entry, until=timezone.localdate() + timedelta(days=30), reason="施工延期"
    )
    bulletin = create_bulletin(personas.actor(personas.officer), [july])
    person = Person.objects.order_by("pk").first()
    assert person is not None
    return World(personas, entry, bulletin.pk, extension.pk, person.pk, Unit.objects.get(name="区民政局").pk)


_FIELDS: dict[str, list[str]] = {}


def _fields(client: Client, target: Target, world: World) -> list[str]:
    if target.id not in _FIELDS:
        page = client.get(target.page(world))
        assert page.status_code == 200, (target.id, page.status_code)
        names = sorted(set(FIELD.findall(page.content.decode())) - {"csrfmiddlewaretoken"})
        _FIELDS[target.id] = names
    return _FIELDS[target.id]


# A browser sends the file's own name, never a path (Django refuses "/", "." and ".." as names).
FILE_NAMES = st.text(st.characters(blacklist_characters="/\\\x00"), max_size=40).filter(
    lambda n: n not in {".", ".."}
)


@pytest.mark.parametrize("target", TARGETS, ids=[t.id for t in TARGETS])
@settings(
    max_examples=8,
    deadline=None,
    database=None,
    # A formset page has dozens of fields: its examples are large by nature, not by mistake.
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ],
)
@given(data=st.data())
def test_random_data_through_the_form_is_never_a_500(client, world, target, data):
    client.force_login(getattr(world.personas, target.who))
    names = _fields(client, target, world)
    assert names or target.method == "get", f"{target.id}: no fields found on its page"
    values: dict[str, object] = data.draw(st.fixed_dictionaries({n: VALUES for n in names}), label="fields")
    if target.upload:
        content = data.draw(st.binary(max_size=2000), label="file")
        field = next((n for n in names if "file" in n), "file")
        name = data.draw(FILE_NAMES, label="name") or "x"
        values[field] = SimpleUploadedFile(name, content)
    url = (target.post or target.page)(world)
    response = client.get(url, values) if target.method == "get" else client.post(url, values)
    assert response.status_code < 500, (target.id, response.status_code)


def test_a_unit_id_too_big_for_the_database_is_refused_not_a_500(client, world):
    # Found by the fuzzing above: SQLite raised OverflowError on the lookup of 99999999999999999999999.
    client.force_login(world.personas.officer)
    url = reverse("supervision:item_new", args=[world.entry.round.task_list_id])
    response = client.post(url, {"seq": "1", "text": "事项", "leads": "99999999999999999999999"})
    assert response.status_code in (200, 400)
    assert "有效" in response.content.decode() or "选择" in response.content.decode()


def test_a_round_id_too_big_for_the_database_is_refused_not_a_500(client, world):
    client.force_login(world.personas.officer)
    response = client.post(reverse("supervision:bulletin_new"), {"rounds": "99999999999999999999999"})
    assert response.status_code in (200, 400)
