"""The OpenAPI schema is valid and complete, its docs are served by duban alone, and the API keeps to
it: schemathesis, in-process, as the office and as a unit's reporter — no 500, no answer outside the
schema."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from html.parser import HTMLParser
from io import StringIO

import pytest
import schemathesis
from django.core import signals
from django.core.management import call_command
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from duban.documents.models import Document
from duban.personnel.models import Person
from duban.project.wsgi import application
from duban.supervision.models import Entry
from tests.api.conftest import World, api_client

EXAMPLES = 6  # per operation, user and generation mode: ~500 requests, a few seconds each way
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


def test_the_schema_validates_without_a_warning(db, tmp_path):
    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    text = out.read_text(encoding="utf-8")
    for path in (
        "/api/auth/token/",
        "/api/units/",
        "/api/entries/{id}/submit/",
        "/api/entries/{id}/return/",
        "/api/search/",
    ):
        assert f"  {path}:" in text


ENGLISH = re.compile(r"[A-Za-z]{3,} [a-z]{2,} [a-z]{2,}")  # a sentence: "A unique integer value …"


def _texts(node: object) -> Iterator[str]:
    """Every description, summary and title of the schema."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("description", "summary", "title") and isinstance(value, str):
                yield value
            else:
                yield from _texts(value)
    elif isinstance(node, list):
        for value in node:
            yield from _texts(value)


def test_every_operation_documents_its_request_and_responses(world):
    schema = api_client().get("/api/schema/?format=json").json()
    operations = {(m.upper(), p): op for p, ops in schema["paths"].items() for m, op in ops.items()}
    assert len(operations) == 22
    for (method, path), operation in operations.items():
        assert operation["summary"], (method, path)
        # Neither the token nor the search answers with a 404 (the search finds nothing: an empty list).
        expected = ("401",) if path == "/api/search/" else ("401", "404")
        assert all(code in operation["responses"] for code in expected if path != "/api/auth/token/")
        success = next(code for code in operation["responses"] if code.startswith("2"))
        if success != "204":
            assert "$ref" in str(operation["responses"][success]["content"]["application/json"]["schema"])
        if method in ("PATCH", "POST"):
            body = operation["requestBody"]["content"]
            assert list(body) == ["application/json"], (method, path)
    assert [text for text in _texts(schema) if ENGLISH.search(text)] == []  # the docs speak Chinese
    patch = schema["components"]["schemas"]["PatchedEntryReportRequest"]
    assert patch["required"] == ["version"] and patch["additionalProperties"] is False
    entry = schema["components"]["schemas"]["Entry"]["properties"]
    assert {"id", "item", "round", "progress", "percent", "self_status", "status", "state", "version"} <= set(
        entry
    )
    assert {"status_label", "self_status_label", "state_label"} <= set(entry)


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.inline_scripts = 0
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        for name in ("src", "href"):
            if found.get(name):
                self.urls.append(str(found[name]))
        self._in_script = tag == "script" and not found.get("src")

    def handle_data(self, data: str) -> None:
        if self._in_script and data.strip():
            self.inline_scripts += 1

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False


def test_the_docs_are_served_by_duban_with_no_external_url_and_no_inline_script(db):
    client = api_client()
    page = client.get("/api/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "script-src 'self'" in page["Content-Security-Policy"]
    links = _Links()
    links.feed(html)
    assert links.inline_scripts == 0
    assert len(links.urls) >= 4 and all(u.startswith("/") and not u.startswith("//") for u in links.urls), (
        links.urls
    )
    for url in links.urls:
        asset = client.get(url)
        assert asset.status_code == 200, url
        if hasattr(asset, "streaming_content"):
            b"".join(asset.streaming_content)  # type: ignore[arg-type]
    script = client.get("/api/docs/?script=").content.decode()
    assert re.search(
        r'"validatorUrl":\s*null', script
    )  # Swagger UI would otherwise call validator.swagger.io
    assert not re.search(r"https?://", html + script)


@contextmanager
def _test_transaction_kept_open() -> Iterator[None]:
    """The WSGI app, like Django's test client, must not close the test's connection after a request."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def _targets(world: World) -> dict[str, int]:
    """A real object per resource, so that detail operations are tried on rows that exist, not only 404s."""
    return {
        "units": world.mine.item.units.filter(unit__isnull=False).first().unit_id,  # type: ignore[union-attr]
        "documents": Document.objects.order_by("pk").first().pk,  # type: ignore[union-attr]
        "people": Person.objects.order_by("pk").first().pk,  # type: ignore[union-attr]
        "lists": world.indicators.task_list_id,
        "items": world.mine.item_id,
        "rounds": world.indicators.pk,
        "entries": world.mine.pk,
    }


@pytest.mark.parametrize("who", ["officer", "reporter"])
def test_the_api_keeps_to_its_schema_under_generated_requests(world, who):
    user = getattr(world.personas, who)
    targets = _targets(world)
    failures: list[str] = []
    with _test_transaction_kept_open():
        schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)
        for result in schema.get_all_operations():
            operation = result.ok()
            resource = operation.path.split("/")[2]
            modes = [schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE]
            strategy = st.one_of(operation.as_strategy(generation_mode=mode) for mode in modes)
            if "{id}" in operation.path:
                real = operation.as_strategy(path_parameters={"id": targets[resource]})
                strategy = st.one_of(strategy, real)

            @settings(
                max_examples=EXAMPLES * len(modes),
                deadline=None,
                database=None,
                derandomize=True,
                phases=[Phase.explicit, Phase.generate],
                suppress_health_check=list(HealthCheck),
            )
            @given(case=strategy)
            def run(case) -> None:  # type: ignore[no-untyped-def]
                token, _ = Token.objects.get_or_create(
                    user=user
                )  # DELETE /api/auth/token/ may have used it up
                target = (case.path_parameters or {}).get("id")
                if (
                    isinstance(case.body, dict)
                    and type(case.body.get("version")) is int
                    and type(target) is int
                ):
                    # A generated version is almost always stale (a 409): give the current one
                    # instead, so that writes are really made, and their answers checked too.
                    current = Entry.objects.filter(pk=target).first()
                    if current is not None:
                        case.body["version"] = current.version
                case.call_and_validate(headers={"Authorization": f"Token {token.key}"}, checks=CHECKS)

            try:
                run()
            except Exception as exc:  # collect every operation's failure, then report them together
                out = StringIO()
                out.write(f"{operation.label}: {exc}")
                failures.append(out.getvalue()[:3000])
    assert failures == []
