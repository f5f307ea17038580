"""The officer imports in the browser: upload → preview (nothing stored) → confirm → result, and the import records."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from duban.accounts.demo import ensure_demo_accounts
from duban.accounts.models import User
from duban.audit.models import Event as AuditEvent
from duban.documents.choices import ImportState
from duban.documents.models import Document, ImportRecord
from duban.personnel.models import Event, Person
from duban.supervision.choices import ListKind
from duban.supervision.models import Entry, Item
from duban.supervision.services import accept_entry
from duban.units.models import Region
from duban.units.resolve import region_for
from tests.conftest import SAMPLE
from tests.registry_fixtures import OPERATOR

BULLETIN = "岳云政办通〔2024〕3号"
TASK_80_ROW = "\t80\n\t建设2处社区日间照料中心，完成低保扩围10%。\n"


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.DATA_DIR = tmp_path
    return tmp_path


@pytest.fixture
def officer_before_import(db) -> User:  # type: ignore[no-untyped-def]
    """The 督查室 officer of 云溪区 before any document is imported."""
    region, _ = region_for("岳阳市云溪区人民政府")
    ensure_demo_accounts(region)
    return User.objects.get(username="duchashi")


def _upload(client, data: bytes, name: str = "yunxi-2024.txt", **fields):  # type: ignore[no-untyped-def]
    return client.post("/imports/", {"file": SimpleUploadedFile(name, data), **fields})


def _confirm_fields(html: str) -> dict[str, str]:
    """The hidden and checked fields of the (first) confirmation form on a page."""
    form = html[html.index('action="/imports/confirm/"') :]
    form = form[: form.index("</form>")]
    fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', form))
    for name in re.findall(r'<input type="checkbox" name="(\w+)"[^>]*checked', form):
        fields[name] = "on"
    return fields


def _stash_files(data_dir) -> list[str]:  # type: ignore[no-untyped-def]
    folder = data_dir / "uploads"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def _variant(*edits: tuple[str, str]) -> bytes:
    text = SAMPLE.read_text(encoding="utf-8")
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text.encode("utf-8")


def _without_task_80() -> bytes:
    text = SAMPLE.read_text(encoding="utf-8")
    start = text.index(TASK_80_ROW)
    return (text[:start] + text[text.index("\n\n", start) + 1 :]).encode("utf-8")


def _stored() -> tuple[int, int, int, int, int]:
    return (
        Document.objects.count(),
        Event.objects.count(),
        Item.objects.count(),
        ImportRecord.objects.count(),
        Person.objects.count(),
    )


# --- the form and its preview -------------------------------------------------------------------


def test_the_form_uploads_with_htmx_and_shows_progress(client, officer_before_import):
    client.force_login(officer_before_import)

    html = client.get("/imports/").content.decode()

    assert 'hx-post="/imports/"' in html and 'hx-encoding="multipart/form-data"' in html
    assert '<div data-upload-progress class="progress d-none"><div class="progress-bar"></div></div>' in html
    assert 'enctype="multipart/form-data"' in html  # and it works without scripts
    assert "不超过 20 MB" in html
    assert '<option value="湖南省岳阳市云溪区">' in html


def test_the_preview_shows_every_document_and_stores_nothing(client, officer_before_import, data_dir):
    client.force_login(officer_before_import)
    before = _stored()

    response = _upload(client, SAMPLE.read_bytes())

    assert response.status_code == 200
    html = response.content.decode()
    assert _stored() == before
    for number, title in [
        ("岳云政人〔2024〕2号", "关于丁志猛等同志职务任免的通知"),
        ("岳云政人〔2024〕3号", "关于付年初等同志职务任免的通知"),
        (BULLETIN, "关于2024年上半年区政府重点工作推进情况的通报"),
        ("岳云政办函〔2024〕9号", "激励措施二十条任务分解"),
    ]:
        assert number in html and title in html
    assert html.count("任免通知</span>") == 2 and "督查通报</span>" in html and "任务分解</span>" in html
    assert "2024年7月29日" in html
    assert "任免事项（37条）" in html and "任免事项（33条）" in html
    assert "<td>肖玉梅</td>" in html.replace(' class="nowrap"', "")
    assert "目标任务（共80项，列出前5项）" in html and "民生实事指标（共46项，列出前5项）" in html
    assert "激励措施（共18项，列出前5项）" in html
    assert "未找到成文日期（署名下一行的日期）" in html  # the warnings, from the core's lint
    assert "文中称17项激励措施，岳云政办函〔2024〕9号的任务分解表有18行" in html
    assert "已存在" not in html and "确认导入" in html
    assert len(_stash_files(data_dir)) == 2  # the bytes wait in the data folder, not in the session
    assert "yunxi" not in str(dict(client.session))


def test_confirming_imports_the_previewed_bytes_as_the_officer(client, officer_before_import, data_dir):
    client.force_login(officer_before_import)
    fields = _confirm_fields(_upload(client, SAMPLE.read_bytes()).content.decode())

    response = client.post("/imports/confirm/", fields)

    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("已导入</span>") == 4
    assert "4份公文：已导入4份。" in html
    assert "任免事项 37" in html and "目标任务 80" in html and "民生实事指标 46" in html
    assert Document.objects.count() == 4 and Event.objects.count() == 70
    record = ImportRecord.objects.get()
    assert (record.user, record.actor, record.state, record.file_name) == (
        officer_before_import,
        "duchashi",
        ImportState.FINISHED,
        "yunxi-2024.txt",
    )
    assert set(AuditEvent.objects.filter(type="intake.import").values_list("actor", "via")) == {
        ("duchashi", "web")
    }
    assert f'href="/imports/records/{record.pk}/"' in html
    assert _stash_files(data_dir) == []  # deleted after the import


def test_the_confirmation_needs_the_previewed_hash(client, officer_before_import):
    client.force_login(officer_before_import)
    fields = _confirm_fields(_upload(client, SAMPLE.read_bytes()).content.decode())

    response = client.post("/imports/confirm/", {**fields, "sha256": "0" * 64})

    assert response.status_code == 400
    assert "暂存的文件与预览时不一致，请重新上传" in response.content.decode()
    assert Document.objects.count() == 0 and ImportRecord.objects.count() == 0


def test_a_confirmation_cannot_be_replayed_after_the_import(client, officer_before_import):
    client.force_login(officer_before_import)
    fields = _confirm_fields(_upload(client, SAMPLE.read_bytes()).content.decode())
    client.post("/imports/confirm/", fields)

    again = client.post("/imports/confirm/", fields)

    assert again.status_code == 400
    assert "上传的文件已过期或已经导入，请重新上传" in again.content.decode()
    assert ImportRecord.objects.count() == 1


def test_another_officer_cannot_confirm_a_preview_that_is_not_theirs(client, officer_before_import):
    client.force_login(officer_before_import)
    fields = _confirm_fields(_upload(client, SAMPLE.read_bytes()).content.decode())
    colleague = User.objects.create_user("duchashi2", role="office", region=officer_before_import.region)
    client.force_login(colleague)

    response = client.post("/imports/confirm/", fields)

    assert response.status_code == 400 and Document.objects.count() == 0


def test_an_htmx_upload_gets_the_preview_alone(client, officer_before_import):
    client.force_login(officer_before_import)

    response = client.post(
        "/imports/", {"file": SimpleUploadedFile("a.txt", SAMPLE.read_bytes())}, HTTP_HX_REQUEST="true"
    )

    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html and "预览：a.txt" in html


# --- bad uploads ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("通知.pdf", b"%PDF-1.4 ...", "是 PDF"),
        ("通知.docx", b"PK\x03\x04 truncated", "已损坏或不是有效的Word 文档（.docx）"),
        ("照片.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "不是可读取的文本文件"),
        ("随笔.txt", "今天天气很好。\n".encode(), "未识别出公文"),
    ],
)
def test_a_bad_file_gets_the_form_again_with_a_chinese_message(client, personas, name, data, message):
    client.force_login(personas.officer)
    before = _stored()

    response = _upload(client, data, name=name, replace="on")

    assert response.status_code == 400
    html = response.content.decode()
    assert message in html and 'name="replace"' in html and "checked" in html  # what was chosen is kept
    assert _stored() == before


def test_an_oversized_file_is_refused_with_the_limit(client, personas, settings):
    settings.DUBAN_UPLOAD_MAX_MB = 1
    client.force_login(personas.officer)
    before = _stored()

    response = _upload(client, SAMPLE.read_bytes() * 20)

    assert response.status_code == 400
    assert "超过上传大小上限 1 MB" in response.content.decode()
    assert _stored() == before


def test_confirming_without_replacing_is_refused_on_the_form(client, personas):
    client.force_login(personas.officer)

    response = _upload(client, SAMPLE.read_bytes(), confirm="on")

    assert response.status_code == 400 and "只有选择“替换”时才需要确认删除" in response.content.decode()


def test_a_bad_as_of_date_is_refused_on_the_form(client, personas):
    client.force_login(personas.officer)

    response = _upload(client, SAMPLE.read_bytes(), as_of="2024-13-40")

    assert response.status_code == 400 and "输入一个有效的日期" in response.content.decode()


def test_an_htmx_refusal_is_a_fragment_with_the_form(client, personas):
    client.force_login(personas.officer)

    response = client.post(
        "/imports/", {"file": SimpleUploadedFile("a.pdf", b"%PDF")}, HTTP_HX_REQUEST="true"
    )

    html = response.content.decode()
    assert response.status_code == 400 and "<html" not in html and "是 PDF" in html


# --- replacing -----------------------------------------------------------------------------------


def test_a_changed_notice_is_shown_as_a_conflict_and_replaced_when_chosen(client, personas):
    client.force_login(personas.officer)
    corrected = _variant(("免去刘国恩同志区医疗保障局副局长职务。", "免去刘国恩同志区医疗保障局局长职务。"))

    preview = _upload(client, corrected).content.decode()

    assert "文号岳云政人〔2024〕2号已存在" in preview and "内容与本文件不同" in preview
    assert preview.count("这份公文已导入过，内容相同") == 3
    assert 'name="replace"' in preview and "有1份公文的文号已存在且内容不同" in preview
    fields = _confirm_fields(preview)

    refused = client.post("/imports/confirm/", fields).content.decode()

    assert "冲突，未导入</span>" in refused and "用新内容替换" in refused
    assert Event.objects.get(person__name="刘国恩").post_text == "区医疗保障局副局长"

    replaced = client.post("/imports/confirm/", _confirm_fields(refused)).content.decode()

    assert "已替换</span>" in replaced
    assert "刘国恩免去区医疗保障局副局长" in replaced and "刘国恩免去区医疗保障局局长" in replaced
    assert "第37项" in replaced
    assert Event.objects.get(person__name="刘国恩").post_text == "区医疗保障局局长"


def test_a_replacement_dropping_the_offices_work_waits_for_its_confirmation(client, personas, data_dir):
    entry = Entry.objects.get(
        round__task_list__kind=ListKind.TASKS, round__document__number=BULLETIN, item__seq=80
    )
    accept_entry(OPERATOR, entry, status="on_schedule")
    client.force_login(personas.officer)
    fields = _confirm_fields(_upload(client, _without_task_80(), replace="on").content.decode())

    pending = client.post("/imports/confirm/", fields).content.decode()

    assert "替换会删除督查室的工作记录，未导入</span>" in pending
    assert "第80项“建设2处社区日间照料中心，完成低保扩围10%。”的督查室审核记录" in pending
    assert "确认删除并替换" in pending and "data-confirm=" in pending
    assert Item.objects.filter(task_list__kind=ListKind.TASKS).count() == 80
    assert len(_stash_files(data_dir)) == 2  # kept for the confirmation

    done = client.post("/imports/confirm/", _confirm_fields(pending)).content.decode()

    assert "已替换</span>" in done and "已按确认删除的工作记录（1处）" in done
    assert Item.objects.filter(task_list__kind=ListKind.TASKS).count() == 79
    assert _stash_files(data_dir) == []


# --- who may ----------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["reporter", "head", "other_reporter", "leader", "admin"])
@pytest.mark.parametrize(
    ("method", "url"), [("get", "/imports/"), ("post", "/imports/confirm/"), ("get", "/imports/records/")]
)
def test_only_the_office_imports(client, personas, who, method, url):
    client.force_login(getattr(personas, who))

    response = getattr(client, method)(url)

    assert response.status_code == 403 and "只有督查室可以导入公文" in response.content.decode()


def test_an_anonymous_visitor_is_sent_to_log_in(client, db):
    assert client.get("/imports/").url.startswith("/accounts/login/")


def test_another_regions_document_is_not_imported_by_this_office(client, personas):
    client.force_login(personas.officer)
    other = SAMPLE.read_text(encoding="utf-8").replace("岳阳市云溪区人民政府", "岳阳市岳阳楼区人民政府")

    html = _upload(client, other.encode()).content.decode()

    assert "本份公文属于湖南省岳阳市岳阳楼区，不是您所在的行政区划，不能导入" in html
    assert "整个文件不能导入" in html and 'action="/imports/confirm/"' not in html


def test_a_file_with_another_regions_document_is_not_kept_for_confirmation(client, personas, data_dir):
    client.force_login(personas.officer)
    other = SAMPLE.read_text(encoding="utf-8").replace(
        "岳阳市云溪区人民政府办公室", "岳阳市岳阳楼区人民政府办公室", 1
    )

    html = _upload(client, other.encode()).content.decode()

    assert "不是您所在的行政区划" in html and "这份公文已导入过" in html
    assert _stash_files(data_dir) == []


# --- the records ---------------------------------------------------------------------------------


def _records(n: int, user: User, start: int = 0) -> None:
    ImportRecord.objects.bulk_create(
        ImportRecord(
            file_name=f"文件{start + i}.txt",
            sha256="0" * 64,
            actor=user.username,
            user=user,
            state=ImportState.FINISHED,
            finished_at=timezone.now(),
            summary={
                "tally": {"created": 1},
                "documents": [{"number": f"岳云政人〔2024〕{i}号", "title": "t", "outcome": "created"}],
                "omitted": 0,
            },
        )
        for i in range(n)
    )


def _queries(client, url: str) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


def test_the_records_page_costs_the_same_queries_for_10_and_1000_records(
    client, personas, django_assert_max_num_queries
):
    client.force_login(personas.officer)
    _records(10 - ImportRecord.objects.count(), personas.officer)
    client.get("/imports/records/")
    few = _queries(client, "/imports/records/")
    _records(990, personas.officer, start=10)

    with django_assert_max_num_queries(few):
        response = client.get("/imports/records/")

    assert ImportRecord.objects.count() == 1000
    assert _queries(client, "/imports/records/") == few
    assert "第1页，共34页" in response.content.decode()


def test_a_record_still_running_long_after_its_start_says_it_did_not_finish(client, personas):
    stale = ImportRecord.objects.create(
        file_name="断了.txt", sha256="0" * 64, actor="duchashi", user=personas.officer
    )
    ImportRecord.objects.filter(pk=stale.pk).update(imported_at=timezone.now() - timedelta(hours=2))
    ImportRecord.objects.create(
        file_name="进行中.txt", sha256="0" * 64, actor="duchashi", user=personas.officer
    )
    client.force_login(personas.officer)

    listing = client.get("/imports/records/").content.decode()
    detail = client.get(f"/imports/records/{stale.pk}/").content.decode()

    assert "未完成：导入被中断" in listing and "正在导入" in listing
    assert "至今没有完成：导入被中断" in detail


def test_a_record_shows_each_documents_outcome_and_what_it_stored(client, personas):
    record = ImportRecord.objects.filter(user__isnull=True).get()  # the sample, imported as the operator
    client.force_login(personas.officer)

    html = client.get(f"/imports/records/{record.pk}/").content.decode()

    assert "yunxi-2024.txt" in html and record.sha256 in html and "os:tester" in html
    assert html.count("已导入</td>") == 4
    assert "关于丁志猛等同志职务任免的通知（任免通知）" in html


def test_another_regions_records_are_not_found(client, personas):
    other = Region.objects.create(province="湖南省", city="岳阳市", county="岳阳楼区")
    stranger = User.objects.create_user("yyl", role="office", region=other)
    theirs = ImportRecord.objects.create(file_name="别处.txt", sha256="0" * 64, actor="yyl", user=stranger)
    client.force_login(personas.officer)

    assert client.get(f"/imports/records/{theirs.pk}/").status_code == 404
    assert "别处.txt" not in client.get("/imports/records/").content.decode()


def test_a_large_imports_record_shows_its_tally_what_went_wrong_and_its_documents_a_page_at_a_time(
    client, personas
):
    from duban.documents.choices import DocumentKind
    from duban.intake.views import STORED_PER_PAGE

    record = ImportRecord.objects.create(
        file_name="全省档案.txt",
        sha256="0" * 64,
        actor="duchashi",
        user=personas.officer,
        state=ImportState.FINISHED,
        finished_at=timezone.now(),
        summary={
            "tally": {"created": STORED_PER_PAGE + 5, "error": 1},
            "documents": [
                {"number": "某政人〔2024〕7号", "title": "t", "outcome": "error", "message": "第3行读不出"}
            ],
            "omitted": STORED_PER_PAGE + 5,
        },
    )
    Document.objects.bulk_create(
        Document(
            region=personas.officer.region,
            kind=DocumentKind.APPOINTMENT,
            title=f"关于人员职务任免的通知{k}",
            text=f"第{k}份",
            content_hash=f"{k:064d}",
            import_record=record,
        )
        for k in range(STORED_PER_PAGE + 5)
    )
    client.force_login(personas.officer)

    first = client.get(f"/imports/records/{record.pk}/").content.decode()
    second = client.get(f"/imports/records/{record.pk}/?page=2").content.decode()
    listing = client.get("/imports/records/").content.decode()

    assert f"共{STORED_PER_PAGE + 6}份：已导入{STORED_PER_PAGE + 5}份；失败，未导入1份。" in first
    assert "第3行读不出" in first and first.count("失败，未导入</td>") == 1
    assert f"另有{STORED_PER_PAGE + 5}份不逐份列出" in first
    assert f"本次存入或替换的公文（{STORED_PER_PAGE + 5}份）" in first
    assert first.count("<li>（无文号） 关于人员职务任免的通知") == STORED_PER_PAGE
    assert second.count("<li>（无文号） 关于人员职务任免的通知") == 5 and "第2页，共2页" in second
    assert f"已导入 {STORED_PER_PAGE + 5}份" in listing and "失败，未导入 1份" in listing
