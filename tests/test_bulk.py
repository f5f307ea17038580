"""`bulk.loaded`: the same instances as iterating the queryset."""

from __future__ import annotations

from duban import bulk
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
