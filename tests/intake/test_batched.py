"""New appointment notices matched in memory and written a batch at a time give exactly the
register that storing them one by one gives: the same people (and the same doubtful same-name
ones), the same links and bases, the same tenures, the same audit trail."""

from __future__ import annotations

import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from duban.actors import Actor, Via
from duban.audit.models import Event as AuditEvent
from duban.benchdata.notices import generate
from duban.intake.services import Options, import_data
from duban.personnel.models import Event, Person, Tenure
from tests.conftest import SAMPLE

pytestmark = pytest.mark.django_db
OPERATOR = Actor(name="os:tester", via=Via.CLI)
REGION = "湖南省岳阳市云溪区"


def _notice(serial: int, day: str, *clauses: str) -> str:
    """A notice of the generated issuer, in a series of its own (its numbers are not the generator's)."""
    body = "；\n".join(clauses)
    return (
        f"益慈政干〔{day[:4]}〕{serial}号\n\n益阳市慈田县人民政府\n关于调整干部职务的通知\n\n"
        f"各乡镇人民政府，县直各单位：\n经县人民政府研究决定：\n{body}。\n\n\n益阳市慈田县人民政府\n{day}\n"
    )


# Each basis of a match, within one batch and across two: the removal from a post the earlier
# 王大 holds identifies him (post); a second 王大 with no evidence is a new, doubtful person; the
# removal and appointment of 李二 on one day in one series are one person (batch).
CRAFTED = {
    10: _notice(1, "2021年1月5日", "王大同志任县财政局局长", "李二同志任县教育局局长"),
    30: _notice(2, "2021年3月1日", "王大同志任县审计局局长"),
    60: _notice(3, "2022年5月1日", "王大同志任县水利局局长，免去其县财政局局长职务"),
    80: _notice(4, "2022年6月1日", "免去李二同志县教育局局长职务"),
    90: _notice(5, "2022年6月1日", "李二同志任县林业局局长"),
    130: _notice(6, "2023年2月1日", "王大同志任县发展和改革局局长，免去其县水利局局长职务"),
    140: _notice(7, "2020年1月1日", "免去王大同志县审计局局长职务"),  # out of date order
}


def _archive() -> list[str]:
    """Generated notices shuffled out of date order, the crafted ones and the sample's among them,
    and one notice twice."""
    notices = [n.text for n in generate(150, seed=11, regions=1)]
    random.Random(3).shuffle(notices)  # noqa: S311 — test data
    for at, text in sorted(CRAFTED.items()):
        notices.insert(at, text)
    return [*notices[:70], SAMPLE.read_text(encoding="utf-8"), *notices[70:], notices[5]]


def _register() -> dict[str, object]:
    """The register with keys replaced by positions: people in the order they were made."""
    people = {pk: k for k, pk in enumerate(Person.objects.order_by("pk").values_list("pk", flat=True))}
    events = list(Event.objects.order_by("pk"))
    order = {e.pk: k for k, e in enumerate(events)}
    return {
        "people": list(Person.objects.order_by("pk").values_list("name", "needs_review", "review_note")),
        "events": [
            (e.document.number, e.order, people[e.person_id], e.action, e.post_id, e.match_basis, e.probation)
            for e in events
        ],
        "tenures": sorted(
            (
                people[t.person_id],
                t.post_id,
                t.start,
                t.end,
                order.get(t.start_event_id or 0),
                order.get(t.end_event_id or 0),
                t.probation_end,
                t.concurrent,
            )
            for t in Tenure.objects.all()
        ),
        "audit": list(AuditEvent.objects.order_by("seq").values_list("type", "object_type", "object_repr")),
    }


def _import_all(batched: bool) -> tuple[list[str], dict[str, object]]:
    text = "\n".join(_archive())
    result = import_data(
        OPERATOR, text.encode("utf-8"), "archive.txt", Options(region=REGION, batched=batched)
    )
    return [str(d.outcome) for d in result.documents], _register()


def test_batched_import_stores_what_one_by_one_stores():
    outcomes, batched = _import_all(batched=True)
    assert set(outcomes[:-1]) == {"created"} and outcomes[-1] == "unchanged"  # the notice given twice
    assert any(p[1] for p in batched["people"])  # same-name people the office must check
    bases = {e[5] for e in batched["events"]}  # type: ignore[attr-defined]
    assert {"new", "post", "batch", "clause"} <= bases
    for model in (AuditEvent, Tenure, Event, Person):
        with connection.cursor() as cur:  # the audit log refuses deletes through the ORM
            cur.execute(f"DELETE FROM {model._meta.db_table}")  # noqa: S608 — a model's table
    from duban.documents.models import Document

    Document.objects.all().delete()
    one_by_one_outcomes, one_by_one = _import_all(batched=False)
    assert one_by_one_outcomes == outcomes
    for part in ("people", "events", "tenures", "audit"):
        assert batched[part] == one_by_one[part], part


def test_a_batch_costs_a_few_queries_for_all_its_notices():
    notices = [n.text for n in generate(200, seed=2, regions=1)]
    import_data(OPERATOR, "\n".join(notices[:100]).encode("utf-8"), "a.txt", Options(region=REGION))
    counts = {}
    for batched, part in ((True, notices[100:150]), (False, notices[150:])):
        with CaptureQueriesContext(connection) as queries:
            options = Options(region=REGION, batched=batched)
            import_data(OPERATOR, "\n".join(part).encode("utf-8"), f"{batched}.txt", options)
        counts[batched] = len(queries)
    # One by one a notice costs about fourteen queries; batched, its savepoint and a share of
    # the batch's reads and writes (new units and posts cost the same either way).
    assert counts[True] < counts[False] / 2, counts


def test_a_refused_bulk_write_stores_the_batch_one_by_one(monkeypatch, caplog):
    """The database refuses the batch's bulk write: nothing of the batch stays half-written, it
    is stored again a document at a time, and the audit chain still verifies."""
    from django.db import IntegrityError

    from duban import bulk
    from duban.audit.services import verify
    from duban.documents.models import Document

    real = bulk.insert
    refused: list[int] = []

    def refuse_once(objs):  # type: ignore[no-untyped-def]
        if not refused:
            refused.append(len(objs))
            raise IntegrityError("refused by the test")
        return real(objs)

    monkeypatch.setattr(bulk, "insert", refuse_once)
    notices = [n.text for n in generate(30, seed=5, regions=1)]
    result = import_data(OPERATOR, "\n".join(notices).encode("utf-8"), "a.txt", Options(region=REGION))
    assert refused, "the bulk write was not tried"
    assert [str(d.outcome) for d in result.documents] == ["created"] * 30
    assert Document.objects.count() == 30
    assert Event.objects.count() == sum(d.counts.get("appointments", 0) for d in result.documents)
    assert "storing the batch one by one" in caplog.text
    assert verify().ok


def test_a_notice_that_fails_in_a_batch_is_reported_and_the_rest_stored():
    """A notice of another region (refused to an office) among new ones: it alone fails, in
    Chinese, and the batch's other notices are stored."""
    from duban.documents.models import Document

    notices = [n.text for n in generate(20, seed=6, regions=1)]
    bad = _notice(1, "2021年1月5日", "王大同志任县财政局局长").replace("益阳市慈田县", "某某县")
    text = "\n".join([*notices[:10], bad, *notices[10:]])
    result = import_data(OPERATOR, text.encode("utf-8"), "a.txt", Options())
    outcomes = [str(d.outcome) for d in result.documents]
    failed = [d for d in result.documents if d.outcome.failed]
    assert len(failed) == 1 and failed[0].title == "关于调整干部职务的通知", outcomes
    assert outcomes.count("created") == len(outcomes) - 1
    assert Document.objects.count() == outcomes.count("created")
    for d in failed:
        assert any("\u4e00" <= ch <= "\u9fff" for ch in d.message)


def test_an_import_runs_with_the_collector_paused_and_leaves_it_as_it_found_it():
    """The automatic passes are paused for the whole import (each batch collects once) and come
    back after it, after a failed one too; a collector paused already is left paused."""
    import gc

    text = "\n".join(notice.text for notice in generate(3, 5, regions=1)) + "\n"
    seen: list[bool] = []
    import_data(
        OPERATOR,
        text.encode(),
        "a.txt",
        Options(region=REGION),
        lambda done, total: seen.append(gc.isenabled()),
    )
    assert seen == [False] and gc.isenabled()

    def fail(done: int, total: int) -> None:
        raise KeyboardInterrupt  # the user stops the import after its first batch

    with pytest.raises(KeyboardInterrupt):
        import_data(OPERATOR, text.encode(), "b.txt", Options(region=REGION), fail)
    assert gc.isenabled()
    gc.disable()
    try:
        import_data(OPERATOR, text.encode(), "c.txt", Options(region=REGION))
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_the_next_batch_read_while_one_commits_stores_what_reading_it_after_stores(monkeypatch):
    # Each batch after the first is read in a thread while the one before it commits
    # (`records.ReadAhead`): the same outcomes and the same register as reading each batch only
    # once the one before it is stored.
    import threading

    from duban.intake import records, services

    monkeypatch.setattr(services, "BATCH", 40)
    read_in: list[str] = []
    plain = services.batches

    def watched(docs, size):
        for batch in plain(docs, size):
            read_in.append(threading.current_thread().name)
            yield batch

    monkeypatch.setattr(services, "batches", watched)
    ahead_outcomes, ahead = _import_all(batched=True)
    assert read_in[0] == threading.current_thread().name
    assert read_in[1:] and set(read_in[1:]) == {"duban-import-read-ahead"}
    for model in (AuditEvent, Tenure, Event, Person):
        with connection.cursor() as cur:  # the audit log refuses deletes through the ORM
            cur.execute(f"DELETE FROM {model._meta.db_table}")  # noqa: S608 — a model's table
    from duban.documents.models import Document

    Document.objects.all().delete()
    read_in.clear()
    monkeypatch.setattr(records.ReadAhead, "start", lambda self: None)
    after_outcomes, after = _import_all(batched=True)
    assert set(read_in) == {threading.current_thread().name}
    assert after_outcomes == ahead_outcomes
    for part in ("people", "events", "tenures", "audit"):
        assert ahead[part] == after[part], part
