"""A bulletin is built from a fixed handful of queries, whatever its units are: merged, sub-units, groups."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from duban.core.render.txt import render_text
from duban.supervision.bulletin import Loaded, lead_names, lead_units, load_entries
from duban.supervision.bulletin_doc import bulletin_rounds, doc_for
from duban.supervision.choices import Duty
from duban.supervision.models import Bulletin, ItemUnit, Round
from duban.units.choices import UnitKind
from duban.units.models import Unit, UnitGroup

NUMBER = "岳云政办通〔2024〕3号"


def _built(bulletin: Bulletin) -> tuple[int, str]:
    fresh = Bulletin.objects.get(pk=bulletin.pk)
    with CaptureQueriesContext(connection) as ctx:
        doc = doc_for(fresh)
    return len(ctx.captured_queries), "\n".join(a.title for a in doc.annexes)


def test_the_bulletin_reads_its_rounds_then_entries_links_and_units_in_one_query(imported):
    bulletin = Bulletin.objects.get(number=NUMBER)
    queries, annexes = _built(bulletin)
    # The rounds with their lists; every round's entries with their items, the items' lead links
    # and their units in one query, not one per round or per unit; the source document is not
    # read when the bulletin has its own number, issuer and title. (The rounds joined in as well,
    # PostgreSQL took longer to plan the seven tables than the second query costs.)
    assert queries == 2, annexes


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
    assert queries == 2 + 1  # the successor and the parent, in one query
    loaded: Loaded = {}
    doc_for(Bulletin.objects.get(pk=bulletin.pk), loaded)
    with CaptureQueriesContext(connection) as ctx:  # the names need nothing more from the database
        names = {name for entries in loaded.values() for e in entries for name in lead_units(e)}
    assert len(ctx.captured_queries) == 0
    assert "区新合并局" in names and first.name not in names
    assert f"区新设局{second.name}" in names


def test_the_one_query_load_names_what_the_full_load_names(imported):
    """Co-leads, a group as lead, an item with no lead, a merged unit: the bulletin read in one query
    (lead links joined to the entries) says what it says read the long way (every link, every column)."""
    bulletin = Bulletin.objects.get(number=NUMBER)
    leads = list(
        {
            link.item_id: link
            for link in ItemUnit.objects.filter(
                item__entries__round__bulletins=bulletin, duty=Duty.LEAD, unit__isnull=False
            )
            .select_related("unit", "item")
            .order_by("-pk")
        }.values()
    )[::-1]  # the first lead link of each item, in order
    region = leads[0].unit.region  # type: ignore[union-attr]
    group, _ = UnitGroup.objects.get_or_create(region=region, name="各镇（街道）")
    # An item led by a group instead of a unit, one with a co-lead added, one with no lead at all.
    ItemUnit.objects.filter(pk=leads[0].pk).update(unit=None, group=group, as_written="各镇（街道）")
    ItemUnit.objects.create(item=leads[1].item, unit=leads[5].unit, duty=Duty.LEAD, as_written="另一牵头单位")
    ItemUnit.objects.filter(item=leads[2].item, duty=Duty.LEAD).delete()
    successor = Unit.objects.create(region=region, name="区新合并局", kind=leads[3].unit.kind)  # type: ignore[union-attr]
    Unit.objects.filter(pk=leads[3].unit_id).update(merged_into=successor)

    fresh = Bulletin.objects.get(pk=bulletin.pk)
    with CaptureQueriesContext(connection) as ctx:
        doc_for(fresh)
    assert len(ctx.captured_queries) == 2 + 1 + 1  # the group, and the successor, by key
    lean: Loaded = {}
    lean_text = render_text(doc_for(Bulletin.objects.get(pk=bulletin.pk), lean))
    full: Loaded = {}
    load_entries(bulletin_rounds(bulletin), full)
    full_text = render_text(doc_for(Bulletin.objects.get(pk=bulletin.pk), full))
    assert lean_text == full_text

    def named(loaded: Loaded) -> list[tuple[int, int, list[str], list[str]]]:
        return [
            (rnd, e.item.seq, lead_units(e), lead_names(e))
            for rnd, entries in loaded.items()
            for e in entries
        ]

    assert named(lean) == named(full)
    resolved = {name for *_, units, _ in named(lean) for name in units}
    assert {"各镇（街道）", "区新合并局"} <= resolved and leads[3].unit.name not in resolved  # type: ignore[union-attr]
    co_led = next(e for entries in lean.values() for e in entries if e.item_id == leads[1].item_id)
    assert lead_names(co_led)[-1] == "另一牵头单位"  # the links in the order they were made
    no_lead = next(e for entries in lean.values() for e in entries if e.item_id == leads[2].item_id)
    assert lead_units(no_lead) == []


def test_a_round_without_entries_keeps_its_place_and_its_empty_annex(imported):
    """A bulletin still has a round nobody has reported in, in round order, with an empty annex."""
    bulletin = Bulletin.objects.get(number=NUMBER)
    first = bulletin_rounds(bulletin)[0]
    empty = Round.objects.create(task_list=first.task_list, period="2024年1-9月", as_of=first.as_of)
    bulletin.rounds.add(empty)
    fresh = Bulletin.objects.get(pk=bulletin.pk)
    with CaptureQueriesContext(connection) as ctx:
        doc = doc_for(fresh)
    assert len(ctx.captured_queries) == 2
    rounds = bulletin_rounds(bulletin)
    assert [r.pk for r in rounds][-1] == empty.pk
    assert len(doc.annexes) == len(rounds)
    last = doc.annexes[-1].table
    assert last is not None and last.rows == []
    # The same document as built from the rounds read on their own (the page's path).
    again = doc_for(Bulletin.objects.get(pk=bulletin.pk), {}, rounds)
    assert render_text(again) == render_text(doc)
