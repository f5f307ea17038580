"""Cases found in review: clause evidence, --replace, merges moving posts, derived data not audited."""

from __future__ import annotations

from datetime import date
from io import StringIO

from django.core.management import call_command

from duban.audit.models import Event as AuditEvent
from duban.personnel.models import Person, Tenure
from duban.personnel.queries import roster
from duban.units.models import Region, Unit
from duban.units.services import merge_units, search_units
from tests.conftest import SAMPLE
from tests.registry_fixtures import OPERATOR, load

HEADER = "岳阳市云溪区人民政府\n关于{who}同志职务任免的通知\n\n各镇人民政府、街道办事处，区直及驻区各单位：\n经研究，同意：\n"


def _notice(tmp_path, number: str, who: str, line: str, day: str):
    path = tmp_path / f"{number}.txt"
    path.write_text(
        f"{number}\n\n{HEADER.format(who=who)}{line}\n\n岳阳市云溪区人民政府\n{day}\n", encoding="utf-8"
    )
    return path


def test_the_removal_in_the_same_clause_identifies_the_person(db, tmp_path):
    load(
        _notice(tmp_path, "岳云政人〔2023〕5号", "郑新宇", "郑新宇同志任区统计局总统计师。", "2023年3月1日"),
    )
    load(SAMPLE)
    [person] = Person.objects.filter(name="郑新宇")
    assert not person.needs_review
    [unit] = search_units(Region.objects.get(county="云溪区"), "区统计局")
    assert {(h.post, h.person) for h in roster(unit, date(2024, 12, 1))} == {("区统计局副局长", "郑新宇")}


def test_replace_does_not_leave_orphans_or_duplicate_people(db, tmp_path):
    load(SAMPLE)
    people = Person.objects.count()
    changed = tmp_path / "changed.txt"
    changed.write_text(
        SAMPLE.read_text(encoding="utf-8").replace(
            "免去刘国恩同志区医疗保障局副局长职务。",
            "免去刘国恩同志区医疗保障局副局长职务；\n免去王五同志区水利局副局长职务。",
        ),
        encoding="utf-8",
    )
    load(changed, replace=True)
    assert Person.objects.count() == people + 1
    assert not Person.objects.filter(needs_review=True).exists()
    assert not Person.objects.filter(events__isnull=True).exists()


def test_a_merge_moves_posts_so_a_later_removal_closes_the_tenure(db, tmp_path):
    load(
        _notice(tmp_path, "岳云政人〔2023〕6号", "张三", "张三同志任区城管局副局长。", "2023年3月1日"),
    )
    ambiguous = Unit.objects.get(name="区城管局")
    assert ambiguous.needs_review
    out = StringIO()
    call_command("merge_units", "区城管局", "区城市管理局", stdout=out)
    load(
        _notice(
            tmp_path, "岳云政人〔2024〕7号", "张三", "免去张三同志区城市管理局副局长职务。", "2024年3月1日"
        ),
    )
    [person] = Person.objects.filter(name="张三")
    assert [(t.post.name, t.start, t.end) for t in Tenure.objects.filter(person=person)] == [
        ("区城管局副局长", date(2023, 3, 1), date(2024, 3, 1))
    ]


def test_merging_twice_named_units_keeps_one_post_per_title(imported):
    source = Unit.objects.get(name="区城市管理和综合执法局")
    target = Unit.objects.get(name="区城市管理局")
    merge_units(OPERATOR, source, target)
    assert list(target.posts.values_list("title", flat=True)) == ["副局长"]
    assert {t.person.name for t in Tenure.objects.filter(post__unit=target)} == {"詹文辉", "赵志文", "张新军"}


def test_an_import_is_audited_per_document_and_derived_tenures_are_not(imported):
    imports = AuditEvent.objects.filter(type="intake.import")
    assert imports.count() == 4
    assert {e.object_repr for e in imports} >= {"岳云政人〔2024〕2号", "岳云政人〔2024〕3号"}
    assert all(e.actor == OPERATOR.name and e.via == "cli" for e in imports)
    assert not AuditEvent.objects.filter(object_type="personnel.tenure").exists()
