"""The log itself: append-only through the ORM, a chain `duban audit verify` checks, secrets only masked."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import connection

from duban.actors import Actor
from duban.audit import services as audit
from duban.audit.choices import EventType
from duban.audit.models import AppendOnly, Event


@pytest.fixture
def chain(db) -> list[Event]:  # type: ignore[no-untyped-def]
    return [audit.record(Actor.cli(), EventType.OTHER, object_repr=f"第{i}条") for i in range(1, 5)]


def test_no_code_path_changes_or_deletes_a_row(chain):
    with pytest.raises(AppendOnly):
        Event.objects.filter(pk=chain[0].pk).update(actor="x")
    with pytest.raises(AppendOnly):
        Event.objects.all().delete()
    with pytest.raises(AppendOnly):
        chain[0].delete()
    chain[0].actor = "x"
    with pytest.raises(AppendOnly):
        chain[0].save()
    assert Event.objects.count() == 4 and audit.verify().ok


def _verify_exit() -> int:
    try:
        call_command("audit", "verify")
    except SystemExit as exc:
        return int(exc.code or 0)
    return 0


@pytest.mark.parametrize(
    "tamper",
    [
        "UPDATE audit_event SET object_repr = 'x' WHERE seq = 2",
        "DELETE FROM audit_event WHERE seq = 2",
    ],
)
def test_verify_names_the_first_row_altered_or_removed_with_raw_sql(chain, tamper, capsys):
    assert _verify_exit() == 0
    with connection.cursor() as cursor:
        cursor.execute(tamper)
    verdict = audit.verify()
    assert not verdict.ok and verdict.bad_seq == 2
    assert _verify_exit() == 1
    assert "第2条记录有问题" in capsys.readouterr().err


def test_a_secret_is_masked_in_the_changes():
    changes = audit.diff({"secret": "SEC0123456789abcd"}, {"secret": "SEC9876543210wxyz"}, secret=["secret"])
    assert changes == {"secret": ["已设置（••••abcd）", "已设置（••••wxyz）"]}
    assert audit.masked("") == "未设置" and audit.masked("short") == "已设置（••••）"


def test_rows_written_together_keep_their_json_and_seal_as_one_by_one(db):
    """`record_many` stores the changes and detail as the text it hashed: they read back as the
    values given, and `verify` (which hashes each row as read) finds the chain intact."""
    changes = {"名称": [None, "区财政局“局长”"], "n": [1, 2.5], "nested": [{"b": [1, None]}, {"a": True}]}
    detail = {"file": "任免通知.txt", "appointments": 3}
    audit.record_many(
        Actor.cli(),
        [
            audit.Entry(EventType.OTHER, changes=changes, detail=detail, object_repr=f"第{i}条")
            for i in range(3)
        ],
    )
    one = audit.record(Actor.cli(), EventType.OTHER, changes=changes, detail=detail, object_repr="单条")
    expected = (audit.plain(changes), audit.plain(detail))  # as every row's values are kept
    assert (one.changes, one.detail) == expected and expected[0]["nested"] == changes["nested"]
    stored = list(Event.objects.order_by("seq"))
    assert [(e.changes, e.detail) for e in stored] == [expected] * 4
    assert audit.verify().ok and audit.verify().checked == 4
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_event SET detail = %s WHERE seq = 3", ['{"file": "x"}'])
    assert audit.verify().bad_seq == 3


def test_only_json_columns_can_be_given_as_json_text(db):
    from duban import bulk

    with pytest.raises(ValueError, match="not a JSON column"):
        bulk.insert_rows(Event, ("actor",), [["x"]], 1, encoded={"actor"})


def test_rows_written_together_are_sealed_as_each_is_checked(db):
    # A bulk write's rows are sealed from texts put together (the fields they share, a detail
    # dict shared by the rows of one document): every row must check as it is stored.
    from duban.actors import Via

    actor = Actor(name="督查室·张三", via=Via.WEB, ip="10.0.0.8")
    shared = {"document": 7, "说明": "同一公文"}
    entries = [
        audit.Entry(EventType.OTHER, changes={"名称": [None, f'第{k}条"引号"']}, detail=shared, plain=True)
        for k in range(3)
    ]
    entries += [
        audit.Entry(EventType.OTHER, detail={"document": 8}, plain=True),
        audit.Entry(EventType.OTHER, detail=None, plain=True),
        audit.Entry(EventType.OTHER, detail=None, plain=True),
        audit.Entry(EventType.OTHER, changes={"数": [1, 2.5]}, detail={"document": 8}),
    ]
    audit.record_many(actor, entries)
    stored = list(Event.objects.order_by("seq"))
    assert [e.detail for e in stored] == [shared] * 3 + [{"document": 8}, {}, {}, {"document": 8}]
    assert all(audit.seal(e) == e.hash for e in stored)
    assert audit.verify().ok and audit.verify().checked == 7


def test_every_object_is_described_before_the_first_row_is_sent(db):
    # The rows are made while the COPY that sends them holds the connection (PostgreSQL): an
    # object's `__str__` that reads a related row then would wait on that connection for ever.
    # So every object is described before the first row is made.
    from datetime import UTC, datetime

    from duban.audit.models import Head
    from duban.personnel.models import Person

    described: list[str] = []

    class Watched:
        """A person whose text is read from elsewhere (as `__str__` may read a related row)."""

        _meta = Person._meta

        def __init__(self, pk: int, name: str) -> None:
            self.pk, self.name = pk, name

        def __str__(self) -> str:
            described.append(self.name)
            return self.name

    people = [Watched(k, name) for k, name in enumerate(("甲", "乙", "丙"), start=1)]
    entries = [audit.Entry(EventType.CADRE_CHANGE, p) for p in people]
    rows: list[list[object]] = []
    sealed = audit._sealed_rows(Actor.cli(), entries, Head(pk=1), datetime.now(UTC), rows)
    assert described == ["甲", "乙", "丙"] and not rows  # described, and no row made yet
    next(sealed)
    assert described == ["甲", "乙", "丙"] and len(rows) == 1
