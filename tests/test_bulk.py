"""`bulk.loaded`: the same instances as iterating the queryset."""

from __future__ import annotations

from duban import bulk
from duban.documents.models import Document
from duban.personnel.models import Person
from duban.units.models import Region


def test_loaded_instances_equal_the_orms_and_save_as_updates(db):
    region = Region.objects.create(province="湖南省", city="岳阳市", county="云溪区", level="x")
    for name in ("张三", "李四"):
        Person.objects.create(region=region, name=name)
    qs = Person.objects.filter(region=region).order_by("pk")
    orm, fast = list(qs), bulk.loaded(qs)
    assert [vars(p) | {"_state": 0} for p in fast] == [vars(p) | {"_state": 0} for p in orm]
    assert all(not p._state.adding and p._state.db == "default" for p in fast)
    fast[0].name = "张三丰"
    fast[0].save()
    assert Person.objects.count() == 2 and Person.objects.get(pk=orm[0].pk).name == "张三丰"


def test_inserted_objects_get_the_keys_of_their_own_rows(db):
    # The keys come back as a run (SQLite: the last one, and the rows before it): a gap left
    # by a deleted row, and the rows of the same table already there, must not shift them.
    for county in ("甲一区", "甲二区", "甲三区"):
        Region.objects.create(province="湖南省", city="岳阳市", county=county, level="区")
    Region.objects.filter(county="甲三区").delete()
    regions = [
        bulk.build(Region, province="湖南省", city="乙市", county=f"乙{k}县", level="县") for k in range(700)
    ]
    bulk.insert(regions)
    stored = dict(Region.objects.filter(city="乙市").values_list("pk", "county"))
    assert {r.pk: r.county for r in regions} == stored
    assert len(stored) == 700 and all(not r._state.adding for r in regions)


def test_people_keep_their_keys_past_the_full_text_trigger(db):
    region = Region.objects.create(province="湖南省", city="岳阳市", county="云溪区", level="区")
    Person.objects.create(region=region, name="甲一")
    people = [bulk.build(Person, region=region, name=f"乙{k}") for k in range(700)]
    bulk.insert(people)
    assert {p.pk: p.name for p in people} == dict(
        Person.objects.filter(name__startswith="乙").values_list("pk", "name")
    )


def test_inserted_documents_keep_their_keys_past_the_full_text_trigger(db):
    # Inserting a document also writes its search index (a trigger on SQLite, into other
    # tables): the keys read back are still the documents'.
    region = Region.objects.create(province="湖南省", city="岳阳市", county="云溪区", level="区")
    docs = [
        bulk.build(
            Document,
            region=region,
            kind="appointment",
            title=f"关于{k}号的通知",
            text=f"正文{k}",
            content_hash=f"{k}",
        )
        for k in range(300)
    ]
    bulk.insert(docs)
    assert {d.pk: d.title for d in docs} == dict(Document.objects.values_list("pk", "title"))


def test_rows_made_as_they_are_sent_are_stored_with_their_keys(db):
    # `insert_rows` reads a generator once, as it sends the rows (the audit chain hashes each
    # row while the ones before it are being stored): every row made is stored, under its key.
    region = Region.objects.create(province="湖南省", city="岳阳市", county="云溪区", level="区")
    made: list[int] = []

    def rows():
        for k in range(600):
            made.append(k)
            yield [region.pk, f"丙{k}", False, "", "", None]

    columns = ("region_id", "name", "needs_review", "review_note", "reviewed_by", "reviewed_at")
    keys = bulk.insert_rows(Person, columns, rows(), 600)
    assert made == list(range(600))
    assert dict(zip(keys, (f"丙{k}" for k in range(600)), strict=True)) == dict(
        Person.objects.values_list("pk", "name")
    )


def test_rows_fewer_or_more_than_announced_are_refused_and_none_stored(db):
    # SQLite's keys are counted back from the last row's: a count that is not the rows' would
    # hand out keys of other rows, so the insert is refused and its rows taken back out.
    import pytest
    from django.db import transaction

    region = Region.objects.create(province="湖南省", city="岳阳市", county="云溪区", level="区")
    columns = ("region_id", "name", "needs_review", "review_note", "reviewed_by", "reviewed_at")
    for made, announced in ((3, 4), (4, 3)):
        rows = ([region.pk, f"丁{k}", False, "", "", None] for k in range(made))
        with pytest.raises(ValueError), transaction.atomic():
            bulk.insert_rows(Person, columns, rows, announced)
        assert not Person.objects.exists()
