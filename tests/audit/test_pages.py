"""The audit administrator's pages at /audit/: browse with filters, export (itself audited), check the chain.
Only 审管理 (shenji) opens them; everyone else is refused, and the refusal is in the log."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone
from openpyxl import load_workbook

from duban.actors import Actor
from duban.audit import services as audit
from duban.audit.choices import EventType, Outcome
from duban.audit.models import Event


@pytest.fixture
def logged(personas):  # type: ignore[no-untyped-def]
    """A few events of known shape: one with a formula-like object name, one denied."""
    actor = personas.actor(personas.officer)
    audit.record(
        actor, EventType.ENTRY_SAVE, object_repr='=HYPERLINK("http://x")', changes={"percent": [10, 20]}
    )
    audit.record(
        actor, EventType.ACCESS_DENIED, outcome=Outcome.DENIED, detail={"path": "/x/", "method": "GET"}
    )
    audit.record(Actor.cli(), EventType.IMPORT, object_repr="云溪区2024年督查通报")
    return personas


@pytest.mark.parametrize("who", ["officer", "reporter", "leader", "admin", "secadmin"])
def test_only_the_audit_administrator_opens_the_log(client, logged, who):
    client.force_login(getattr(logged, who))
    for path in ("/audit/", "/audit/export.xlsx", "/audit/export.csv"):
        response = client.get(path)
        assert response.status_code == 403
        assert "审计日志仅供审计管理员查阅" in response.content.decode()
        assert Event.objects.filter(
            type=EventType.ACCESS_DENIED, detail__path=path, actor=getattr(logged, who).username
        ).exists()
    assert client.post("/audit/verify/").status_code == 403


def test_an_anonymous_visitor_is_sent_to_log_in(client, db):
    assert client.get("/audit/").status_code == 302


def test_the_auditor_lands_on_the_log_and_has_it_in_the_menu(client, logged):
    client.force_login(logged.auditor)
    assert client.get("/").url == "/audit/"
    html = client.get("/audit/").content.decode()
    assert 'href="/audit/"' in html and "审计日志" in html
    assert "percent：10 → 20" in html
    assert "=HYPERLINK(&quot;http://x&quot;)" in html


def test_the_filters_narrow_the_log(client, logged):
    client.force_login(logged.auditor)
    page = lambda **q: client.get("/audit/", q).context["page"]  # noqa: E731
    assert {e.type for e in page(type=EventType.IMPORT)} == {EventType.IMPORT}
    assert {e.outcome for e in page(outcome=Outcome.DENIED)} == {Outcome.DENIED}
    assert {e.actor for e in page(actor="duchashi")} == {"duchashi"}
    assert [e.object_repr for e in page(object="督查通报")] == ["云溪区2024年督查通报"]
    today = timezone.localdate()
    assert page(since=today.isoformat(), until=today.isoformat()).paginator.count == Event.objects.count() - 0
    assert page(until=(today - timedelta(days=1)).isoformat()).paginator.count == 0
    wrong = client.get(
        "/audit/", {"since": today.isoformat(), "until": (today - timedelta(days=2)).isoformat()}
    )
    assert "起始日期不能晚于截止日期" in wrong.content.decode()


def test_the_page_takes_the_same_queries_for_few_and_many_events(
    client, logged, django_assert_max_num_queries
):
    from django.test.utils import CaptureQueriesContext

    client.force_login(logged.auditor)
    client.get("/audit/")
    with CaptureQueriesContext(connection) as few:
        assert client.get("/audit/").status_code == 200
    actor = logged.actor(logged.officer)
    audit.record_many(actor, [audit.Entry(EventType.ENTRY_SAVE, object_repr=f"第{i}条") for i in range(120)])
    with django_assert_max_num_queries(len(few)):
        response = client.get("/audit/", {"page": "2"})
    assert response.status_code == 200 and len(response.context["rows"]) == 50


def test_the_excel_export_keeps_text_as_text_and_is_itself_audited(client, logged):
    client.force_login(logged.auditor)
    before = Event.objects.count()

    response = client.get("/audit/export.xlsx", {"type": EventType.ENTRY_SAVE})

    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "序号" and len(rows) == 2
    cell = sheet.cell(2, 9)
    assert cell.value == '=HYPERLINK("http://x")' and cell.data_type == "s"
    export = Event.objects.get(seq=before + 1)
    assert (export.type, export.actor, export.detail["format"], export.detail["rows"]) == (
        EventType.EXPORT,
        "shenji",
        "xlsx",
        1,
    )
    assert export.detail["filters"] == {"type": EventType.ENTRY_SAVE}


def test_the_csv_export_neutralises_formulas(client, logged):
    client.force_login(logged.auditor)
    response = client.get("/audit/export.csv", {"actor": "duchashi"})
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][0] == "序号"
    assert '\'=HYPERLINK("http://x")' in [r[8] for r in rows[1:]]
    assert Event.objects.filter(type=EventType.EXPORT, detail__format="csv").exists()


def test_the_verify_button_reports_an_intact_chain_then_the_first_bad_row(client, logged):
    client.force_login(logged.auditor)
    ok = client.post("/audit/verify/", follow=True).content.decode()
    assert "审计日志完好" in ok

    victim = Event.objects.order_by("seq")[1]
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_event SET actor = %s WHERE seq = %s", ["someone", victim.seq])
    bad = client.post("/audit/verify/", follow=True).content.decode()
    assert f"第{victim.seq}条记录有问题" in bad
