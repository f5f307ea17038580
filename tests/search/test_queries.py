"""search(): what each persona finds, on SQLite (FTS5 trigram and LIKE) and PostgreSQL (pg_trgm)."""

from __future__ import annotations

import pytest

from duban.documents.models import Document
from duban.errors import InvalidInput
from duban.search.choices import Kind
from duban.search.marks import Marked
from duban.search.queries import MAX_LENGTH, search
from duban.supervision.models import Entry, Item
from tests.search.conftest import DRAFT, OLD_ESTATES, REPORTED


def _ids(results, kind: str) -> list[int]:  # type: ignore[no-untyped-def]
    return [hit.id for hit in results.group(kind).hits]


def _marked(marked: Marked) -> list[str]:
    return [marked.text[s.start : s.end] for s in marked.spans]


def test_it_finds_the_indicator_and_its_progress_entries_by_老旧小区(world):
    found = search(world.personas.officer, "老旧小区")

    items = Item.objects.filter(text__contains="老旧小区")
    assert set(_ids(found, Kind.ITEMS)) == set(items.values_list("pk", flat=True))
    indicator = items.get(text__startswith=OLD_ESTATES)
    assert indicator.pk in _ids(found, Kind.ITEMS)
    entries = _ids(found, Kind.ENTRIES)
    assert world.reported.pk in entries
    assert set(entries) == set(
        Entry.objects.filter(progress__contains="老旧小区").values_list("pk", flat=True)
    )
    assert len(entries) >= 2  # the imported bulletin's progress too
    hit = found.group(Kind.ENTRIES).hits[entries.index(world.reported.pk)]
    assert hit.snippet.text == REPORTED and _marked(hit.snippet) == ["老旧小区"]
    assert "2024年1-7月" in hit.meta and hit.url == f"/items/{indicator.pk}/"
    assert all(_marked(h.title) == ["老旧小区"] for h in found.group(Kind.ITEMS).hits)


def test_it_finds_the_person_and_both_notices_by_吴金舟(world):
    found = search(world.personas.officer, "吴金舟")

    [person] = found.group(Kind.PEOPLE).hits
    assert person.title.text == "吴金舟"
    assert [link.label for link in person.links] == ["岳云政人〔2024〕2号", "岳云政人〔2024〕3号"]
    assert "免去区文化旅游广电局总工程师" in person.snippet.text and "任区民政局副局长" in person.snippet.text
    notices = Document.objects.filter(number__in=["岳云政人〔2024〕2号", "岳云政人〔2024〕3号"])
    assert set(_ids(found, Kind.DOCUMENTS)) == set(notices.values_list("pk", flat=True))
    for doc in found.group(Kind.DOCUMENTS).hits:
        assert _marked(doc.snippet) == ["吴金舟"]  # the excerpt is cut around the name


def test_it_finds_the_unit_by_its_short_name(world):
    found = search(world.personas.officer, "区人社局")

    first = found.group(Kind.UNITS).hits[0]
    assert first.title.text == "区人力资源和社会保障局"
    assert "区人社局" in _marked(first.snippet)


@pytest.mark.parametrize("who", ["officer", "reporter", "leader"])
def test_one_and_two_character_terms_are_found_by_a_plain_scan(world, who):
    user = getattr(world.personas, who)
    one = search(user, "区")
    assert one.group(Kind.UNITS).more and len(one.group(Kind.UNITS).hits) == 10
    assert all("区" in _marked(h.title) + _marked(h.snippet) for h in one.group(Kind.UNITS).hits)

    two = search(user, "局长")
    numbers = {h.meta.split(" · ")[0] for h in two.group(Kind.DOCUMENTS).hits}
    assert {"岳云政人〔2024〕2号", "岳云政人〔2024〕3号"} <= numbers
    assert all(set(_marked(h.snippet)) == {"局长"} for h in two.group(Kind.DOCUMENTS).hits)


def test_a_two_character_name_finds_the_person(world):
    [person] = search(world.personas.officer, "曾嵘").group(Kind.PEOPLE).hits
    assert person.title.text == "曾嵘" and len(person.links) == 2


def test_every_term_must_match_somewhere_in_the_record(world):
    found = search(world.personas.officer, "吴金舟 民政局")
    assert _ids(found, Kind.PEOPLE) == []  # the name matches, 民政局 is not in it
    assert len(_ids(found, Kind.DOCUMENTS)) == 2
    assert (
        search(world.personas.officer, "老旧小区 主体工程").group(Kind.ENTRIES).hits[0].id
        == world.reported.pk
    )


def _oracle(user, term: str) -> dict[str, set[int]]:  # type: ignore[no-untyped-def]
    """What a plain Python substring test over everything the user may see finds (ASCII case ignored)."""

    def has(*texts: str) -> bool:
        return all(t.lower() in " ".join(texts).lower() for t in term.split())

    return {
        Kind.DOCUMENTS: {d.pk for d in Document.objects.visible_to(user) if has(d.title, d.number, d.text)},
        Kind.ITEMS: {i.pk for i in Item.objects.visible_to(user) if has(i.text, i.target_text)},
        Kind.ENTRIES: {e.pk for e in Entry.objects.visible_to(user) if has(e.progress, e.remark)},
    }


SYNTAX = ['"', "*", "OR", "or", "'", "%", "_", "\\", "90%", "7.5%", "a_b", '"老旧小区"', "老旧小区*", "老旧 OR 小区",
          "老旧小区' OR '1'='1", 'NEAR(老旧 小区)', "小区 -改造", "（兼）", "%_%", "^老旧", "老旧小区\"", "区；"]  # fmt: skip


@pytest.mark.parametrize("term", SYNTAX)
def test_sql_and_fts_syntax_is_taken_literally(world, term):
    user = world.personas.officer
    found = search(user, term, limit=100)

    expected = _oracle(user, term)
    for kind, ids in expected.items():
        assert set(_ids(found, kind)) == ids, kind


@pytest.mark.parametrize("term", ["老旧小区", "区", "局长", "吴金舟", "蓝莓花园", "莓花"])
def test_every_backend_finds_what_a_substring_test_finds(world, term):
    for user in (world.personas.officer, world.personas.reporter, world.personas.other_reporter):
        found = search(user, term, limit=100)
        for kind, ids in _oracle(user, term).items():
            assert set(_ids(found, kind)) == ids, (user.username, kind)


@pytest.mark.parametrize("q", ["", "   ", None, "\u3000"])
def test_an_empty_query_is_refused_in_chinese(world, q):
    with pytest.raises(InvalidInput, match="请输入检索词"):
        search(world.personas.officer, q)


def test_a_very_long_query_is_refused_in_chinese(world):
    with pytest.raises(InvalidInput, match=f"检索词过长.*不超过{MAX_LENGTH}个字符"):
        search(world.personas.officer, "老" * (MAX_LENGTH + 1))
    assert search(world.personas.officer, "老" * MAX_LENGTH).count == 0


@pytest.mark.parametrize("q", ["老旧\x00小区", "老旧\ud800"])
def test_a_nul_or_a_lone_surrogate_is_refused(world, q):
    with pytest.raises(InvalidInput, match="无效字符"):
        search(world.personas.officer, q)


def test_an_unknown_kind_or_limit_is_refused(world):
    with pytest.raises(InvalidInput, match="检索范围"):
        search(world.personas.officer, "区", ["nothing"])
    with pytest.raises(InvalidInput, match="每类结果数"):
        search(world.personas.officer, "区", limit=0)


# --- who finds what ------------------------------------------------------------------------------


@pytest.mark.parametrize("term", ["蓝莓花园", "莓花"])  # the trigram index and the plain scan
def test_a_unit_never_finds_another_units_draft(world, term):
    p = world.personas
    assert _ids(search(p.reporter, term), Kind.ENTRIES) == [world.draft.pk]  # 区民政局's own
    assert _ids(search(p.head, term), Kind.ENTRIES) == [world.draft.pk]
    assert _ids(search(p.other_reporter, term), Kind.ENTRIES) == []  # 区财政局
    assert _ids(search(p.leader, term), Kind.ENTRIES) == []  # not accepted yet
    assert _ids(search(p.officer, term), Kind.ENTRIES) == [world.draft.pk]
    assert DRAFT.startswith("蓝莓花园")


def test_a_unit_finds_the_notices_but_no_cadre_records(world):
    found = search(world.personas.reporter, "吴金舟")
    assert _ids(found, Kind.PEOPLE) == []
    assert len(_ids(found, Kind.DOCUMENTS)) == 2


def test_the_system_administrator_finds_units_and_no_supervision_data(world):
    found = search(world.personas.admin, "区人社局")
    assert found.group(Kind.UNITS).hits[0].title.text == "区人力资源和社会保障局"
    assert all(not g.hits for g in found.groups if g.kind != Kind.UNITS)


def test_kinds_and_limit_narrow_the_search(world):
    found = search(world.personas.officer, "区", [Kind.ITEMS], limit=3)
    assert [g.kind for g in found.groups] == [Kind.ITEMS]
    assert len(found.groups[0].hits) == 3 and found.groups[0].more


def test_a_city_office_finds_the_countys_records_and_is_told_whose_they_are(world, django_user_model):
    from duban.roles import Role
    from duban.units.models import Region

    city = Region.objects.create(province="湖南省", city="岳阳市", county="")
    office = django_user_model.objects.create(username="yueyang", role=Role.OFFICE, region=city)

    found = search(office, "区人社局")
    assert found.group(Kind.UNITS).hits[0].meta == "湖南省岳阳市云溪区 · 区直单位"
    assert all(h.meta.startswith("湖南省岳阳市云溪区 · ") for g in found.groups for h in g.hits)
    county = search(world.personas.officer, "区人社局")
    assert county.group(Kind.UNITS).hits[0].meta == "区直单位"


def test_an_instruction_is_found_by_the_office_the_leaders_and_the_lead_unit_only(world):
    from duban.supervision.services import give_instruction

    p = world.personas
    instruction = give_instruction(
        p.actor(p.leader), world.draft.item, "助餐点要兼顾农村老人。", round=world.round
    )
    for user, expected in ((p.officer, [instruction.pk]), (p.leader, [instruction.pk]), (p.reporter, [instruction.pk]),
                           (p.head, [instruction.pk]), (p.other_reporter, []), (p.admin, [])):  # fmt: skip
        assert _ids(search(user, "农村老人"), Kind.INSTRUCTIONS) == expected, user.username
        assert _ids(search(user, "老人"), Kind.INSTRUCTIONS) == expected, user.username
