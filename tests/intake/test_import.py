"""Importing the sample: idempotent, conflicts refused, every document in its own transaction."""

from __future__ import annotations

import hashlib

import pytest

from duban.documents.models import Document, ImportRecord
from duban.errors import InvalidInput
from duban.intake.services import import_data
from duban.personnel.models import Event, Person, Tenure
from duban.supervision.models import Entry, Item, ItemUnit, Round, TaskList
from duban.units.models import Region, Unit
from tests.conftest import SAMPLE
from tests.registry_fixtures import OPERATOR, load

MODELS = [Region, Unit, Document, Person, Event, Tenure, TaskList, Item, ItemUnit, Round, Entry]


def _counts() -> dict[str, int]:
    return {m.__name__: m.objects.count() for m in MODELS}


def test_it_imports_the_four_notices_of_the_sample(imported):
    assert [(r.number, r.kind, r.outcome) for r in imported] == [
        ("岳云政人〔2024〕2号", "appointment", "created"),
        ("岳云政人〔2024〕3号", "appointment", "created"),
        ("岳云政办通〔2024〕3号", "bulletin", "created"),
        ("岳云政办函〔2024〕9号", "task_decomposition", "created"),
    ]
    assert {r.region for r in imported} == {"湖南省岳阳市云溪区"}
    assert Event.objects.count() == 70
    assert Item.objects.filter(task_list__kind="tasks").count() == 80
    assert Item.objects.filter(task_list__kind="indicators").count() == 46
    assert Item.objects.filter(task_list__kind="measures").count() == 18


def test_it_changes_nothing_when_the_same_file_is_imported_again(imported):
    before = _counts()
    again = load(SAMPLE)
    assert {r.outcome for r in again} == {"unchanged"}
    assert _counts() == before
    assert ImportRecord.objects.count() == 2  # both imports are recorded, with the file's hash
    assert len({r.sha256 for r in ImportRecord.objects.all()}) == 1


def test_a_file_and_its_bytes_are_recorded_under_the_files_own_hash(imported):
    import_data(OPERATOR, SAMPLE.read_bytes(), SAMPLE.name)
    digest = hashlib.sha256(SAMPLE.read_bytes()).hexdigest()
    # The first record is the file's (`import_file`, which lets the bytes go once hashed), the
    # second its bytes'.
    assert [r.sha256 for r in ImportRecord.objects.order_by("pk")] == [digest, digest]


def test_it_refuses_a_different_text_under_an_existing_number_unless_replace(imported, tmp_path):
    changed = tmp_path / "changed.txt"
    text = SAMPLE.read_text(encoding="utf-8")
    changed.write_text(
        text.replace("免去刘国恩同志区医疗保障局副局长职务。", "免去刘国恩同志区医疗保障局局长职务。"),
        encoding="utf-8",
    )
    before = _counts()
    results = load(changed)
    by_number = {r.number: r.outcome for r in results}
    assert by_number["岳云政人〔2024〕2号"] == "conflict"
    assert by_number["岳云政人〔2024〕3号"] == "unchanged"
    assert _counts() == before

    replaced = load(changed, replace=True)
    assert {r.number: r.outcome for r in replaced}["岳云政人〔2024〕2号"] == "replaced"
    assert Event.objects.filter(person__name="刘国恩").get().post_text == "区医疗保障局局长"
    assert Event.objects.count() == 70


def test_it_rejects_a_file_that_is_not_a_notice_and_stores_nothing(db, tmp_path):
    junk = tmp_path / "junk.txt"
    junk.write_text("今天天气很好。\n我们去公园。\n", encoding="utf-8")
    with pytest.raises(InvalidInput) as err:
        load(junk)
    assert "未识别出公文" in err.value.message
    assert Document.objects.count() == 0


def test_it_rejects_a_corrupt_docx_with_a_chinese_message(db, tmp_path):
    bad = tmp_path / "通知.docx"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(InvalidInput) as err:
        load(bad)
    assert "通知.docx" in err.value.message
    assert Document.objects.count() == 0


def test_it_asks_for_the_region_when_the_issuer_does_not_tell(db, tmp_path):
    notice = tmp_path / "n.txt"
    notice.write_text(
        "某政人〔2024〕1号\n\n某某单位\n关于张三同志职务任免的通知\n\n各有关单位：\n经研究，同意：\n张三同志任办公室主任。\n\n某某单位\n2024年1月2日\n",
        encoding="utf-8",
    )
    [result] = load(notice)
    assert result.outcome == "needs_region"
    assert "请指定行政区划" in result.message
    assert Document.objects.count() == 0
    [ok] = load(notice, region="湖南省岳阳市云溪区")
    assert ok.outcome == "created"


def test_an_office_imports_only_documents_of_its_own_region(db, tmp_path, personas_free_office):
    from duban.actors import Actor, Via
    from duban.intake.services import Options, import_file

    notice = tmp_path / "n.txt"
    notice.write_text(
        "婺政人〔2024〕1号\n\n婺源县人民政府\n关于张三同志职务任免的通知\n\n各乡镇人民政府，县直各单位：\n经研究，同意：\n"
        "张三同志任县统计局副局长。\n\n婺源县人民政府\n2024年1月2日\n",
        encoding="utf-8",
    )
    office = Actor.of_user(personas_free_office, Via.WEB)
    [result] = import_file(office, notice, Options()).documents
    assert result.outcome == "error" and "只能导入本行政区划的公文" in result.message
    assert Document.objects.count() == 0


@pytest.fixture
def personas_free_office(db):
    from duban.accounts.models import User
    from duban.roles import Role
    from duban.units.models import Region

    region = Region.objects.create(province="湖南省", city="岳阳市", county="云溪区")
    return User.objects.create_user("office-yx", role=Role.OFFICE, region=region)


def test_a_file_whose_table_does_not_parse_stores_nothing_and_keeps_the_clauses_warnings(db, tmp_path):
    # The first pass leaves the clauses of a numbered notice unread; the error it finds is given
    # as a full reading gives it, with the warning about the unreadable clause before it.
    header = "".join(f"\t{c}\n" for c in ("序号", "目标任务", "牵头单位", "进展情况"))
    row = "".join(f"\t{c}\n" for c in ("一", "任务", "县财政局", "无"))
    notice = (
        "某政人〔2030〕1号\n某某区人民政府\n关于人员职务任免的通知\n各有关单位：\n经研究，同意：\n"
        "张明华同志任区财政局局长；\n王志强同志任。\n某某区人民政府\n2030年1月2日\n"
    )
    bad = f"青政办发〔2030〕9号\n关于印发重点任务清单的通知\n各乡镇：\n请落实。\n附件\n{header}\n{row}"
    path = tmp_path / "archive.txt"
    path.write_text(notice + "\n" + bad, encoding="utf-8")
    with pytest.raises(InvalidInput) as err:
        load(path)
    assert "序号" in err.value.message
    assert "此前的提示" in err.value.message and "王志强同志任" in err.value.message
    assert Document.objects.count() == 0
