"""A bulletin is built from a fixed handful of queries, whatever its units are: merged, sub-units, groups."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from duban.supervision.bulletin import Loaded, lead_units
from duban.supervision.bulletin_doc import doc_for
from duban.supervision.choices import Duty
from duban.supervision.models import Bulletin, ItemUnit
from duban.units.choices import UnitKind
from duban.units.models import Unit

NUMBER = "岳云政办通〔2024〕3号"


def _built(bulletin: Bulletin) -> tuple[int, str]:
    fresh = Bulletin.objects.get(pk=bulletin.pk)
    with CaptureQueriesContext(connection) as ctx:
        doc = doc_for(fresh)
    return len(ctx.captured_queries), "\n".join(a.title for a in doc.annexes)


def test_the_bulletin_reads_its_rounds_entries_links_and_units_in_four_queries(imported):
    bulletin = Bulletin.objects.get(number=NUMBER)
    queries, annexes = _built(bulletin)
    # The rounds with their lists, every round's entries with their items, the items' lead links,
    # their units by key (joined to the links, PostgreSQL hashes every unit of a province): one
    # query each, not one per round or per unit; the source document is not read when the
    # bulletin has its own number, issuer and title.
    assert queries == 4, annexes


def test_merged_units_and_sub_units_are_named_with_one_query_a_level(imported):
    bulletin = Bulletin.objects.get(number=NUMBER)
    links = list(
        ItemUnit.objects.filter(item__entries__round__bulletins=bulletin, duty=Duty.LEAD, unit__isnull=False)
        .select_related("unit")
        .order_by("pk")
    )
    first, second = links[0].unit, next(link.unit for link in links if link.unit != links[0].unit)
    assert first is not None and second is not None
    # The first lead unit is merged into a new one; the second becomes a 所 under a new 局.
    successor = Unit.objects.create(region=first.region, name="区新合并局", kind=first.kind)
    Unit.objects.filter(pk=first.pk).update(merged_into=successor)
    parent = Unit.objects.create(region=second.region, name="区新设局", kind=second.kind)
    Unit.objects.filter(pk=second.pk).update(parent=parent, kind=UnitKind.SUBUNIT)
    queries, _ = _built(bulletin)
    assert queries == 4 + 1  # the successor and the parent, in one query
    loaded: Loaded = {}
    doc_for(Bulletin.objects.get(pk=bulletin.pk), loaded)
    with CaptureQueriesContext(connection) as ctx:  # the names need nothing more from the database
        names = {name for entries in loaded.values() for e in entries for name in lead_units(e)}
    assert len(ctx.captured_queries) == 0
    assert "区新合并局" in names and first.name not in names
    assert f"区新设局{second.name}" in names
