"""Every list endpoint costs the same number of queries for 10 rows as for 1,000."""

from __future__ import annotations

from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext

from duban.documents.choices import DocumentKind
from duban.documents.models import Document
from duban.personnel.models import Person
from duban.supervision.choices import Duty, EntryState, ListKind, RoundState, Status
from duban.supervision.models import Entry, Item, ItemUnit, Round, TaskList
from duban.units.choices import AliasKind, UnitKind
from duban.units.models import Unit, UnitAlias, UnitGroup
from tests.api.conftest import api_client

LISTS = ["units", "documents", "people", "lists", "items", "rounds", "entries"]


class Bulk:
    """Rows added in bulk to the sample: units, documents, people, and a list with items and a round."""

    def __init__(self, officer) -> None:  # type: ignore[no-untyped-def]
        self.region = officer.region
        self.lead = Unit.objects.get(name="区民政局")
        self.group = UnitGroup.objects.filter(region=self.region).order_by("pk").first()
        self.task_list = TaskList.objects.create(
            region=self.region, kind=ListKind.INDICATORS, title="批量指标", year=2024
        )
        self.round = Round.objects.create(
            task_list=self.task_list, period="2024年1-7月", as_of=date(2024, 7, 31), state=RoundState.OPEN
        )
        self.size = 0

    def grow_to(self, size: int) -> None:
        new = range(self.size, size)
        units = Unit.objects.bulk_create(
            Unit(region=self.region, name=f"批量科室{i}", kind=UnitKind.SUBUNIT, parent=self.lead)
            for i in new
        )
        UnitAlias.objects.bulk_create(
            UnitAlias(unit=u, name=f"科室{u.name}", kind=AliasKind.SHORT) for u in units
        )
        Document.objects.bulk_create(
            Document(
                region=self.region,
                kind=DocumentKind.OTHER,
                title=f"批量文件{i}",
                text="正文",
                content_hash=f"{i:064}",
            )
            for i in new
        )
        Person.objects.bulk_create(Person(region=self.region, name=f"批量{i}") for i in new)
        items = Item.objects.bulk_create(
            Item(
                task_list=self.task_list,
                order=i + 1,
                seq=i + 1,
                names=["批量", f"项目{i}"],
                text=f"批量事项{i}",
                target_text="10个",
                target_value=10,
                target_unit="个",
            )
            for i in new
        )
        links = [ItemUnit(item=item, duty=Duty.LEAD, as_written="区民政局", unit=self.lead) for item in items]
        if self.group is not None:
            links += [
                ItemUnit(item=item, duty=Duty.RELATED, as_written=self.group.name, group=self.group)
                for item in items
            ]
        ItemUnit.objects.bulk_create(links)
        Entry.objects.bulk_create(
            Entry(
                round=self.round,
                item=item,
                state=EntryState.ACCEPTED,
                progress="已完成",
                self_status=Status.COMPLETED,
                status=Status.COMPLETED,
                percent=100,
            )
            for item in items
        )
        self.size = size


def _counts(clients) -> dict[tuple[str, str], int]:  # type: ignore[no-untyped-def]
    counts = {}
    for who, client in clients.items():
        for resource in LISTS:
            with CaptureQueriesContext(connection) as queries:
                response = client.get(f"/api/{resource}/", {"page_size": 1000})
            assert response.status_code == 200
            counts[(who, resource)] = len(queries)
    return counts


def test_the_lists_cost_the_same_queries_for_10_and_for_1000_rows(personas, django_assert_max_num_queries):
    bulk = Bulk(personas.officer)
    clients = {
        "officer": api_client(personas.officer),
        "reporter": api_client(personas.reporter),
        "leader": api_client(personas.leader),
    }
    bulk.grow_to(10)
    small = _counts(clients)
    entries = clients["officer"].get("/api/entries/", {"round": bulk.round.pk, "page_size": 1000}).json()
    assert entries["count"] == 10 and entries["results"][0]["status_label"] == "已完成"

    bulk.grow_to(1000)
    large = _counts(clients)
    assert large == small
    assert max(small.values()) <= 15
    for who, client in clients.items():
        with django_assert_max_num_queries(small[(who, "entries")]):
            page = client.get("/api/entries/", {"round": bulk.round.pk, "page_size": 1000}).json()
        assert len(page["results"]) == 1000, who
        with django_assert_max_num_queries(small[(who, "items")]):
            items = client.get("/api/items/", {"task_list": bulk.task_list.pk, "page_size": 1000}).json()
        assert len(items["results"]) == 1000 and items["results"][0]["units"][0]["unit_name"] == "区民政局"
