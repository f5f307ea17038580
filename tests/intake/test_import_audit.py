"""An import is a bulk write: the log has the document and, row by row, every cadre record and entry it brought."""

from __future__ import annotations

from duban.audit.choices import EventType
from duban.audit.models import Event
from duban.documents.models import Document
from duban.personnel.models import Event as CadreEvent
from duban.supervision.models import Entry
from tests.conftest import SAMPLE
from tests.registry_fixtures import load


def test_every_cadre_record_and_entry_of_an_import_is_in_the_log(db):
    load(SAMPLE)

    cadre = Event.objects.filter(type=EventType.CADRE_CHANGE, object_type="personnel.event")
    assert sorted(int(i) for i in cadre.values_list("object_id", flat=True)) == sorted(
        CadreEvent.objects.values_list("pk", flat=True)
    )
    entries = Event.objects.filter(type=EventType.ENTRY_CREATE, object_type="supervision.entry")
    stored = Entry.objects.filter(round__document__isnull=False)
    assert entries.count() == stored.count() > 0
    one = cadre.first()
    assert one is not None and one.actor.startswith("os:") and one.changes["action"][0] is None
    assert set(cadre.values_list("detail__document", flat=True)) <= set(
        Document.objects.values_list("pk", flat=True)
    )
    assert Event.objects.filter(type=EventType.IMPORT).count() == Document.objects.count()
