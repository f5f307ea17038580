"""After a large import the planner's statistics are read again for the tables it grew, and only those."""

from __future__ import annotations

import pytest

from duban.actors import Actor, Via
from duban.audit.models import Event as AuditEvent
from duban.benchdata.notices import generate
from duban.documents.models import Document
from duban.intake import records
from duban.intake.records import written_models
from duban.intake.services import Options, import_data, import_file
from duban.personnel.models import Event, Person, Post, Tenure
from duban.supervision.models import Bulletin, Entry, Item
from tests.conftest import SAMPLE

pytestmark = pytest.mark.django_db
OPERATOR = Actor(name="os:tester", via=Via.CLI)
REGION = "湖南省岳阳市云溪区"
REGISTER = {Document, Person, Post, Event, Tenure, AuditEvent}


def test_an_import_of_notices_reads_again_the_register_s_statistics_not_the_lists():
    text = "\n".join(notice.text for notice in generate(3, 5, regions=1)) + "\n"
    result = import_data(OPERATOR, text.encode(), "a.txt", Options(region=REGION))
    models = set(written_models(result.documents))
    assert models >= REGISTER
    # A province's lists hold 660,000 entries: analysed, they would cost more than the notices.
    assert not {Entry, Item} & models


def test_an_import_with_lists_reads_again_the_lists_statistics_too():
    result = import_file(OPERATOR, SAMPLE)
    models = set(written_models(result.documents))
    assert models >= {Entry, Item} | REGISTER
    assert Bulletin.rounds.through in models  # the many-to-many tables too


def test_nothing_stored_nothing_read_again(monkeypatch):
    text = "\n".join(notice.text for notice in generate(3, 5, regions=1)) + "\n"
    import_data(OPERATOR, text.encode(), "a.txt", Options(region=REGION))
    again = import_data(OPERATOR, text.encode(), "a.txt", Options(region=REGION))  # all unchanged
    assert not {Entry, Item} & set(written_models(again.documents))
    asked: list[object] = []
    monkeypatch.setattr(records, "refresh_statistics", lambda **kw: asked.append(kw))
    monkeypatch.setattr(records, "STATISTICS_AFTER", 1)
    records.refresh_statistics_after(again.documents)
    assert asked == []  # no document stored: nothing grew


def _batches(*items):
    for item in items:
        if isinstance(item, Exception):
            raise item
        yield item


def test_read_ahead_gives_every_batch_once_in_order_read_ahead_or_not():
    ahead = records.ReadAhead(_batches([1], [2], [3], [4]))
    got = [next(ahead)]
    ahead.start()
    ahead.start()  # a second start while it reads does nothing
    ahead.settle()  # waited for, and kept for the next call
    got.append(next(ahead))
    got.append(next(ahead))  # not started: read on the spot
    ahead.start()
    got += list(ahead)
    assert got == [[1], [2], [3], [4]]


def test_read_ahead_raises_the_readers_error_in_the_importing_thread():
    ahead = records.ReadAhead(_batches([1], ValueError("第2批读取失败")))
    assert next(ahead) == [1]
    ahead.start()
    with pytest.raises(ValueError, match="第2批"):
        next(ahead)


def _results(outcomes: list[records.Outcome]) -> list[records.DocResult]:
    return [
        records.DocResult(
            f"某政人〔2024〕{k}号", "关于人员职务任免的通知", "appointment", o, counts={"任免事项": 2}
        )
        for k, o in enumerate(outcomes, start=1)
    ]


def test_a_small_imports_summary_lists_every_document():
    Outcome = records.Outcome
    summary = records.summary_of(_results([Outcome.CREATED, Outcome.UNCHANGED, Outcome.CREATED]), listed=3)

    assert summary["tally"] == {"created": 2, "unchanged": 1}
    assert [d["outcome"] for d in summary["documents"]] == ["created", "unchanged", "created"]
    assert summary["documents"][0] == {
        "number": "某政人〔2024〕1号",
        "title": "关于人员职务任免的通知",
        "outcome": "created",
        "message": "",
        "任免事项": 2,
    }
    assert summary["omitted"] == 0


def test_a_large_imports_summary_lists_only_what_did_not_simply_go_in_and_counts_the_rest():
    Outcome = records.Outcome
    outcomes = [Outcome.CREATED] * 8 + [Outcome.ERROR, Outcome.CONFLICT, Outcome.UNCHANGED]

    summary = records.summary_of(_results(outcomes), listed=2)

    assert summary["tally"] == {"created": 8, "error": 1, "conflict": 1, "unchanged": 1}
    assert [d["number"] for d in summary["documents"]] == ["某政人〔2024〕9号", "某政人〔2024〕10号"]
    assert summary["omitted"] == 9


def test_an_import_stores_its_summary_with_the_tally():
    text = "\n".join(notice.text for notice in generate(3, 5, regions=1)) + "\n"
    result = import_data(OPERATOR, text.encode(), "a.txt", Options(region=REGION))
    result.record.refresh_from_db()
    assert result.record.summary["tally"] == {"created": 3}
    assert len(result.record.summary["documents"]) == 3 and result.record.summary["omitted"] == 0
