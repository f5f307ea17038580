"""People across notices: the same person removed in 2号 and appointed in 3号; same names kept apart."""

from __future__ import annotations

from datetime import date

from duban.personnel.models import Person
from duban.personnel.queries import History, person_histories
from tests.registry_fixtures import load


def _only(name: str) -> History:
    [person] = person_histories(None, name)
    return person


def test_it_shows_wu_jinzhou_removed_in_2_and_appointed_in_3(imported):
    p = _only("吴金舟")
    assert [(e.document, e.action, e.post) for e in p.events] == [
        ("岳云政人〔2024〕2号", "remove", "区文化旅游广电局总工程师"),
        ("岳云政人〔2024〕3号", "appoint", "区民政局副局长"),
    ]
    assert [(t.post, t.start, t.end) for t in p.tenures] == [
        ("区文化旅游广电局总工程师", None, date(2024, 7, 29)),
        ("区民政局副局长", date(2024, 7, 29), None),
    ]
    assert not p.person.needs_review


def test_it_shows_zeng_rong_removed_in_2_and_appointed_in_3(imported):
    p = _only("曾嵘")
    assert [(e.document, e.action) for e in p.events] == [
        ("岳云政人〔2024〕2号", "remove"),
        ("岳云政人〔2024〕3号", "appoint"),
    ]
    assert p.events[1].post == "松杨湖街道办事处副主任"


def test_it_keeps_both_posts_of_one_line_with_concurrent_on_the_first_only(imported):
    p = _only("肖玉梅")
    assert [(t.post, t.concurrent) for t in p.tenures] == [
        ("区卫生健康局副局长", True),
        ("区疾病预防控制局局长", False),
    ]


def test_it_does_not_merge_a_same_name_person_without_evidence(imported, tmp_path):
    later = tmp_path / "later.txt"
    later.write_text(
        "岳云政人〔2025〕1号\n\n岳阳市云溪区人民政府\n关于陈智同志职务任免的通知\n\n各镇人民政府、街道办事处，区直及驻区各单位：\n"
        "经研究，同意：\n陈智同志任区审计局副局长。\n\n岳阳市云溪区人民政府\n2025年3月1日\n",
        encoding="utf-8",
    )
    load(later)
    people = Person.objects.filter(name="陈智").order_by("pk")
    assert people.count() == 2
    assert people[1].needs_review and "同名" in people[1].review_note


def test_it_links_a_later_removal_to_the_holder_of_the_post(imported, tmp_path):
    later = tmp_path / "later.txt"
    later.write_text(
        "岳云政人〔2025〕2号\n\n岳阳市云溪区人民政府\n关于陈智同志职务任免的通知\n\n各镇人民政府、街道办事处，区直及驻区各单位：\n"
        "经研究，同意：\n免去陈智同志区退役军人事务局副局长职务。\n\n岳阳市云溪区人民政府\n2025年3月1日\n",
        encoding="utf-8",
    )
    load(later)
    p = _only("陈智")
    assert [(t.start, t.end) for t in p.tenures] == [(date(2024, 7, 29), date(2025, 3, 1))]
