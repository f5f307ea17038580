"""A notice's posts: read once per import, the new ones stored in one write."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from duban.core.parse import parse_string
from duban.intake.people import Posts
from duban.personnel.models import Post
from duban.units.models import Region
from duban.units.resolve import Resolver

pytestmark = pytest.mark.django_db

NOTICE = """某政人〔2030〕7号
某某区人民政府
关于人员职务任免的通知
各镇人民政府、街道办事处，区直各单位：
经研究，同意：
张明华同志任区财政局副局长（试用期一年）；
李国伟同志任区统计局局长，免去其区财政局副局长职务；
王志强同志任区民政局局长、区老龄工作委员会办公室主任（兼）；
免去赵建军同志一级主任科员职级。
某某区人民政府
2030年7月29日
"""


def _items():
    (doc,) = parse_string(NOTICE, "notice.txt")
    return doc.appointments


def _post_inserts(queries: CaptureQueriesContext) -> int:
    return sum(q["sql"].startswith('INSERT INTO "personnel_post"') for q in queries.captured_queries)


@pytest.fixture
def region() -> Region:
    return Region.objects.create(province="湖南省", city="岳阳市", county="某某区", level="区")


def test_the_new_posts_of_a_notice_are_stored_in_one_write(region):
    items = _items()
    posts = Posts(Resolver(region))
    with CaptureQueriesContext(connection) as queries:
        found = posts.of_items(items)
    assert _post_inserts(queries) == 1
    assert [p and (p.unit.name, p.title, p.name) for p in found] == [
        ("区财政局", "副局长", "区财政局副局长"),
        ("区统计局", "局长", "区统计局局长"),
        ("区财政局", "副局长", "区财政局副局长"),  # the same post: one row
        ("区民政局", "局长", "区民政局局长"),
        ("区老龄工作委员会办公室", "主任", "区老龄工作委员会办公室主任"),
        None,  # a rank is no post
    ]
    assert all(p is None or p.pk for p in found)
    assert Post.objects.filter(unit__region=region).count() == 4
    with CaptureQueriesContext(connection) as queries:
        again = Posts(Resolver(region)).of_items(items)
    assert _post_inserts(queries) == 0
    assert [p and p.pk for p in again] == [p and p.pk for p in found]


def test_a_post_stored_meanwhile_by_another_import_is_taken_as_it_is(region):
    items = _items()
    earlier = Posts(Resolver(region)).of_items(items[1:2])[0]  # the unit 区统计局 exists
    assert earlier is not None
    unit = earlier.unit
    earlier.delete()
    posts = Posts(Resolver(region))
    posts.of_items(items[:1])  # the region's posts are read now, without 区统计局局长
    stored = Post.objects.create(unit=unit, title="局长", name="统计局局长（另一次导入）")
    found = posts.of_items(items[1:2])[0]
    assert found is not None and found.pk == stored.pk
    stored.refresh_from_db()
    assert stored.name == "统计局局长（另一次导入）"  # not overwritten
    assert found.name == stored.name  # the stored row's name, not the one the notice gave
    found.save()
    stored.refresh_from_db()
    assert stored.name == "统计局局长（另一次导入）"
    assert Post.objects.filter(unit=unit, title="局长").count() == 1
