"""The cadre register's pages: the office and the leaders read it; the office reviews; units see nothing of it."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import docx
import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from duban.accounts.models import User
from duban.audit.models import Event as AuditEvent
from duban.documents.models import Document
from duban.personnel.choices import Action, MatchBasis
from duban.personnel.models import Event, Person, Post, Tenure
from duban.personnel.services import review_person
from duban.units.models import Region, Unit
from duban.units.services import search_units
from tests.registry_fixtures import OPERATOR


def _region() -> Region:
    return Region.objects.get(county="云溪区")


def _unit(name: str) -> Unit:
    [unit] = search_units(_region(), name)
    return unit


def _text(response) -> str:  # type: ignore[no-untyped-def]
    return response.content.decode()


PAGES = [
    "/personnel/",
    "/personnel/roster/",
    "/personnel/vacancies/",
    "/personnel/probation/",
    "/personnel/notice/",
]


# --- who sees the register -----------------------------------------------------------------------


@pytest.mark.parametrize("who", ["reporter", "head", "other_reporter", "admin"])
@pytest.mark.parametrize("url", PAGES)
def test_units_and_administrators_do_not_see_cadre_records(client, personas, who, url):
    client.force_login(getattr(personas, who))

    response = client.get(url)

    assert response.status_code == 403 and "干部任免记录仅供督查室和领导查阅" in _text(response)


@pytest.mark.parametrize("who", ["reporter", "admin"])
def test_a_person_page_is_refused_to_units_whatever_the_id(client, personas, who):
    client.force_login(getattr(personas, who))
    wu = Person.objects.get(name="吴金舟")

    assert client.get(f"/personnel/people/{wu.pk}/").status_code == 403


@pytest.mark.parametrize("who", ["officer", "leader"])
@pytest.mark.parametrize("url", PAGES)
def test_the_office_and_the_leaders_read_every_page(client, personas, who, url):
    client.force_login(getattr(personas, who))

    assert client.get(url).status_code == 200


def test_another_regions_person_is_not_found(client, personas):
    other = Region.objects.create(province="湖南省", city="岳阳市", county="岳阳楼区")
    stranger = Person.objects.create(region=other, name="外区人员")
    client.force_login(personas.officer)

    assert client.get(f"/personnel/people/{stranger.pk}/").status_code == 404
    assert "外区人员" not in _text(client.get("/personnel/?q=外区"))


# --- people ------------------------------------------------------------------------------------


def test_the_search_finds_people_by_part_of_the_name_with_their_current_posts(client, personas):
    client.force_login(personas.officer)

    html = _text(client.get("/personnel/", {"q": "金舟"}))

    assert "姓名含“金舟”的人员" in html and "吴金舟" in html and "区民政局副局长" in html
    assert "区文化旅游广电局总工程师" not in html  # removed on 2024-07-29, not held today


def test_without_a_name_the_home_page_lists_the_records_flagged_for_review(client, personas):
    review_person(
        OPERATOR, Person.objects.get(name="曾嵘"), needs_review=True, note="与2号中的曾嵘是否同一人"
    )
    client.force_login(personas.officer)

    html = _text(client.get("/personnel/"))

    assert "待核实的人员记录" in html and "曾嵘" in html and "与2号中的曾嵘是否同一人" in html
    assert "吴金舟" not in html


def test_a_person_page_shows_events_in_the_order_they_took_effect_and_the_tenures(client, personas):
    client.force_login(personas.officer)
    wu = Person.objects.get(name="吴金舟")

    html = _text(client.get(f"/personnel/people/{wu.pk}/"))

    removed, appointed = html.index("区文化旅游广电局总工程师</span>"), html.index("区民政局副局长</span>")
    assert removed < appointed  # 2号 before 3号, both dated 2024-07-29
    assert "岳云政人〔2024〕2号" in html and "岳云政人〔2024〕3号" in html
    assert "按同日同机关任免关联" in html  # why the 3号 item is the same person
    assert "（早于记录）" in html and "在任" in html
    assert "核实这条人员记录" in html


def test_the_person_page_shows_probation_ends_and_concurrent_posts(client, personas):
    client.force_login(personas.leader)
    cheng, xiao = Person.objects.get(name="程国华"), Person.objects.get(name="肖玉梅")

    cheng_html = _text(client.get(f"/personnel/people/{cheng.pk}/"))
    xiao_html = _text(client.get(f"/personnel/people/{xiao.pk}/"))

    assert "2025年7月29日" in cheng_html and "（试用期一年）" in cheng_html
    assert "区卫生健康局副局长</span>" not in xiao_html  # the （兼） goes with the post in the list
    assert "区卫生健康局副局长（兼）" in xiao_html and "区疾病预防控制局局长</span>" in xiao_html
    assert "核实这条人员记录" not in cheng_html  # a leader reads, the office reviews


def test_the_office_flags_a_record_with_its_note_and_the_change_is_audited(client, personas):
    client.force_login(personas.officer)
    zeng = Person.objects.get(name="曾嵘")

    response = client.post(
        f"/personnel/people/{zeng.pk}/review/", {"verdict": "flag", "note": "核对是否同一人"}
    )

    assert response.status_code == 302
    zeng.refresh_from_db()
    assert (zeng.needs_review, zeng.review_note, zeng.reviewed_by) == (True, "核对是否同一人", "duchashi")
    event = AuditEvent.objects.get(
        type="personnel.change", object_type="personnel.person", object_id=str(zeng.pk)
    )
    assert (event.actor, event.via) == ("duchashi", "web")
    page = _text(client.get(response.url))
    assert "已标记为待核实" in page and "待核实：</strong>核对是否同一人" in page


def test_the_office_confirms_a_record(client, personas):
    zeng = Person.objects.get(name="曾嵘")
    review_person(OPERATOR, zeng, needs_review=True, note="待查")
    client.force_login(personas.officer)

    client.post(f"/personnel/people/{zeng.pk}/review/", {"verdict": "ok", "note": "已与组织部核对"})

    zeng.refresh_from_db()
    assert (zeng.needs_review, zeng.review_note) == (False, "已与组织部核对")
    assert "已核实" in _text(client.get(f"/personnel/people/{zeng.pk}/"))


def test_flagging_without_saying_what_to_check_is_refused_on_the_form(client, personas):
    client.force_login(personas.officer)
    zeng = Person.objects.get(name="曾嵘")

    response = client.post(f"/personnel/people/{zeng.pk}/review/", {"verdict": "flag", "note": " "})

    assert response.status_code == 400 and "标记为待核实时，请写明需要核实什么" in _text(response)
    zeng.refresh_from_db()
    assert zeng.reviewed_at is None


def test_a_leader_cannot_review(client, personas):
    client.force_login(personas.leader)
    zeng = Person.objects.get(name="曾嵘")

    response = client.post(f"/personnel/people/{zeng.pk}/review/", {"verdict": "ok", "note": "x"})

    assert response.status_code == 403 and "您没有权限核实干部任免记录" in _text(response)
    zeng.refresh_from_db()
    assert zeng.reviewed_at is None


# --- roster, vacancies, probation --------------------------------------------------------------


def test_the_roster_of_a_unit_on_a_day(client, personas):
    client.force_login(personas.officer)
    health = _unit("区卫生健康局")

    after = _text(client.get("/personnel/roster/", {"unit": health.pk, "on": "2024-08-01"}))
    before = _text(client.get("/personnel/roster/", {"unit": health.pk, "on": "2024-07-28"}))

    assert "区卫生健康局 <small" in after and "2024年8月1日在任" in after
    assert "肖玉梅" in after and "冯伟" in after and "李丹" not in after
    assert "李丹" in before and "叶新华" in before and "肖玉梅" not in before
    assert f'<option value="{health.pk}" selected>区卫生健康局</option>' in after


def test_the_roster_refuses_bad_values_in_chinese(client, personas):
    client.force_login(personas.officer)
    other = Region.objects.create(province="湖南省", city="岳阳市", county="岳阳楼区")
    elsewhere = Unit.objects.create(region=other, name="区民政局")

    response = client.get("/personnel/roster/", {"unit": elsewhere.pk, "on": "2024-13-01"})

    assert response.status_code == 400
    html = _text(response)
    assert "选择一个有效的选项" in html and "输入一个有效的日期" in html


def test_vacancies_count_seats_per_post(client, personas):
    client.force_login(personas.officer)

    html = _text(client.get("/personnel/vacancies/", {"on": "2024-12-31"}))
    vacant, refilled = html.split("<h2>已补任")

    assert "叶新华" in vacant and "区卫生健康局副局长" in vacant and "李丹" not in vacant
    assert "李丹" in refilled and "肖玉梅" in refilled
    assert "空缺 <small" in html and "21个席位" in vacant


def test_nothing_is_vacant_before_the_notices(client, personas):
    client.force_login(personas.officer)

    html = _text(client.get("/personnel/vacancies/", {"on": "2024-07-28"}))

    assert "没有空缺的席位" in html and "没有补任的席位" in html


@time_machine.travel(date(2025, 6, 1), tick=False)
def test_probations_ending_within_60_days_by_default(client, personas):
    client.force_login(personas.officer)

    default = _text(client.get("/personnel/probation/"))
    short = _text(client.get("/personnel/probation/", {"days": 30}))

    assert "试用期在60天内" in default and "12项" in default and "程国华" in default and "58天" in default
    assert "没有在这段时间内期满的试用期" in short


@time_machine.travel(date(2025, 8, 1), tick=False)
def test_a_probation_already_past_is_listed_as_such(client, personas):
    client.force_login(personas.officer)

    html = _text(client.get("/personnel/probation/"))

    assert html.count("已期满</span>") == 12


@pytest.mark.parametrize("days", ["abc", "0", "99999"])
def test_a_bad_number_of_days_gets_a_chinese_message(client, personas, days):
    client.force_login(personas.officer)

    response = client.get("/personnel/probation/", {"days": days})

    assert response.status_code == 400
    assert any(m in _text(response) for m in ("输入整数", "确保该值大于或等于", "确保该值小于或等于"))


# --- the notice draft --------------------------------------------------------------------------


def _rows(*rows: dict[str, str], extra: int = 0) -> dict[str, str]:
    data = {
        "rows-TOTAL_FORMS": str(len(rows) + extra),
        "rows-INITIAL_FORMS": "0",
        "rows-MIN_NUM_FORMS": "0",
        "rows-MAX_NUM_FORMS": "150",
    }
    for i, row in enumerate(rows):
        data.update({f"rows-{i}-{k}": v for k, v in row.items()})
    for i in range(len(rows), len(rows) + extra):
        data.update({f"rows-{i}-person": "", f"rows-{i}-action": "appoint", f"rows-{i}-post": ""})
    return data


FRAME = {
    "issuer": "岳阳市云溪区人民政府",
    "number": "岳云政人〔2024〕4号",
    "date": "2024-08-30",
    "recipients": "各镇人民政府、街道办事处，区直及驻区各单位",
}
ZHANG = {"person": "张三", "action": "appoint", "post": "区统计局副局长", "probation": "一年"}
ZHANG_OUT = {"person": "张三", "action": "remove", "post": "区统计局总统计师"}
LI = {"person": "李四", "action": "appoint", "post": "区卫生健康局副局长", "concurrent": "on"}


def test_the_form_starts_with_the_offices_issuer_and_today(client, personas):
    client.force_login(personas.officer)

    html = _text(client.get("/personnel/notice/"))

    assert 'value="岳阳市云溪区人民政府"' in html and html.count('name="rows-') >= 25


def test_the_preview_shows_the_notices_text(client, personas):
    client.force_login(personas.officer)

    html = _text(client.post("/personnel/notice/", {**FRAME, **_rows(ZHANG, ZHANG_OUT, LI, extra=2)}))

    assert "关于张三等同志职务任免的通知" in html
    assert "张三同志任区统计局副局长（试用期一年），免去其区统计局总统计师职务；" in html
    assert "李四同志任区卫生健康局副局长（兼）。" in html
    assert "2024年8月30日" in html and "下载 Word" in html and "（3项任免）" in html


def test_the_word_download_is_the_notice_and_is_audited(client, personas):
    client.force_login(personas.officer)

    response = client.post("/personnel/notice/", {**FRAME, **_rows(ZHANG, ZHANG_OUT, LI), "action": "docx"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument")
    assert "attachment" in response["Content-Disposition"] and ".docx" in response["Content-Disposition"]
    paragraphs = [p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs]
    text = "\n".join(paragraphs)
    assert "关于张三等同志职务任免的通知" in text and "岳云政人〔2024〕4号" in text
    assert "李四同志任区卫生健康局副局长（兼）。" in paragraphs
    event = AuditEvent.objects.get(type="export", object_type="personnel.notice_draft")
    assert (event.actor, event.detail["changes"]) == ("duchashi", 3)


def _changes_csv(
    encoding: str = "utf-8", header=("姓名", "动作", "职务", "试用期", "兼任")
) -> SimpleUploadedFile:  # type: ignore[no-untyped-def]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerow(["王五", "任", "区水利局副局长", "一年", ""])
    writer.writerow(["赵六", "免", "区水利局总工程师", "", ""])
    return SimpleUploadedFile("变动.csv", out.getvalue().encode(encoding))


def test_an_uploaded_list_from_chinese_excel_is_read_into_the_rows(client, personas):
    client.force_login(personas.officer)

    html = _text(
        client.post(
            "/personnel/notice/",
            {**FRAME, **_rows(ZHANG), "changes_file": _changes_csv("gbk"), "action": "load"},
        )
    )

    assert 'value="张三"' in html and 'value="王五"' in html and 'value="赵六"' in html
    assert 'value="区水利局总工程师"' in html


def test_an_uploaded_list_goes_into_the_preview_beside_the_typed_rows(client, personas):
    client.force_login(personas.officer)

    html = _text(client.post("/personnel/notice/", {**FRAME, **_rows(ZHANG), "changes_file": _changes_csv()}))

    assert "王五同志任区水利局副局长（试用期一年）；" in html and "免去赵六同志区水利局总工程师职务。" in html


def test_a_list_with_a_missing_column_is_refused_in_chinese(client, personas):
    client.force_login(personas.officer)
    bad = _changes_csv(header=("姓名", "职务", "试用期"))

    response = client.post("/personnel/notice/", {**FRAME, **_rows(ZHANG), "changes_file": bad})

    assert response.status_code == 400
    assert "缺少列：动作" in _text(response) and 'value="张三"' in _text(response)


def test_a_list_that_is_not_csv_or_yaml_is_refused(client, personas):
    client.force_login(personas.officer)
    word = SimpleUploadedFile("变动.docx", b"PK\x03\x04 not really")

    response = client.post("/personnel/notice/", {**FRAME, **_rows(ZHANG), "changes_file": word})

    assert response.status_code == 400 and "已损坏或不是有效的Word 文档" in _text(response)


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ({"person": "", "action": "appoint", "post": "区统计局副局长"}, "请填写姓名"),
        ({"person": "张三", "action": "appoint", "post": ""}, "请填写职务"),
        (
            {"person": "张三", "action": "remove", "post": "区统计局副局长", "probation": "一年"},
            "免职事项不应填写试用期",
        ),
        ({"person": "张三", "action": "sack", "post": "区统计局副局长"}, "选择一个有效的选项"),
    ],
)
def test_a_bad_row_is_shown_again_with_its_message(client, personas, row, message):
    client.force_login(personas.officer)

    response = client.post("/personnel/notice/", {**FRAME, **_rows(row, extra=1)})

    assert response.status_code == 400 and message in _text(response)


def test_a_draft_needs_at_least_one_change_and_its_frame(client, personas):
    client.force_login(personas.officer)

    response = client.post(
        "/personnel/notice/", {**FRAME, "issuer": "", "date": "2024-02-30", **_rows(extra=3)}
    )

    html = _text(response)
    assert response.status_code == 400 and "该字段是必填项" in html and "输入一个有效的日期" in html
    empty = _text(client.post("/personnel/notice/", {**FRAME, **_rows(extra=3)}))
    assert "请至少填写一行任免事项，或上传变动清单" in empty


def test_more_rows_keep_what_was_typed(client, personas):
    client.force_login(personas.officer)

    html = _text(client.post("/personnel/notice/", {**FRAME, **_rows(ZHANG, extra=1), "action": "add"}))

    assert 'value="张三"' in html and 'name="rows-TOTAL_FORMS" value="6"' in html
    assert 'value="岳云政人〔2024〕4号"' in html


# --- query counts ------------------------------------------------------------------------------


def _queries(client, url: str, params: dict[str, object] | None = None) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, params or {}).status_code == 200
    return len(ctx)


def _grow(n: int, start: int) -> None:
    """n more people flagged for review, each appointed, on probation, and removed from a seat."""
    region = _region()
    unit = _unit("区统计局")
    post, _ = Post.objects.get_or_create(unit=unit, title="科员", defaults={"name": "区统计局科员"})
    document = Document.objects.get(number="岳云政人〔2024〕3号")
    people = Person.objects.bulk_create(
        Person(region=region, name=f"测试{start + i}", needs_review=True, review_note="同名")
        for i in range(n)
    )
    day = date(2024, 7, 29)
    Event.objects.bulk_create(
        Event(
            document=document,
            order=10_000 + start + i,
            date=day,
            person=p,
            action=Action.REMOVE,
            post=post,
            post_text=post.name,
            raw="",
            match_basis=MatchBasis.NEW,
        )
        for i, p in enumerate(people)
    )
    Tenure.objects.bulk_create(
        Tenure(person=p, post=post, start=day, probation_end=day + timedelta(days=365)) for p in people
    )


@pytest.mark.parametrize(
    ("url", "params"),
    [
        ("/personnel/", {}),
        ("/personnel/", {"q": "测试"}),
        ("/personnel/roster/", {"on": "2024-08-01"}),
        ("/personnel/vacancies/", {"on": "2024-12-31"}),
        ("/personnel/probation/", {"days": 3650}),
    ],
)
def test_list_pages_cost_the_same_queries_for_10_and_1000_rows(
    client, personas, url, params, django_assert_max_num_queries
):
    if "roster" in url:
        params = {**params, "unit": _unit("区统计局").pk}
    client.force_login(personas.officer)
    _grow(10, 0)
    client.get(url, params)
    few = _queries(client, url, params)
    _grow(990, 10)

    with django_assert_max_num_queries(few):
        html = _text(client.get(url, params))

    assert _queries(client, url, params) == few
    assert "测试999" in html or "第1页，共20页" in html


def test_a_person_page_costs_the_same_queries_for_few_and_many_events(client, personas):
    client.force_login(personas.officer)
    wu = Person.objects.get(name="吴金舟")
    url = f"/personnel/people/{wu.pk}/"
    client.get(url)
    few = _queries(client, url)
    unit = _unit("区民政局")
    posts = Post.objects.bulk_create(
        Post(unit=unit, title=f"职务{i}", name=f"区民政局职务{i}") for i in range(300)
    )
    document = Document.objects.get(number="岳云政人〔2024〕3号")
    Event.objects.bulk_create(
        Event(
            document=document,
            order=20_000 + i,
            date=date(2024, 8, 1),
            person=wu,
            action=Action.APPOINT,
            post=p,
            post_text=p.name,
            raw="",
            match_basis=MatchBasis.POST,
        )
        for i, p in enumerate(posts)
    )
    Tenure.objects.bulk_create(Tenure(person=wu, post=p, start=date(2024, 8, 1)) for p in posts)

    assert _queries(client, url) == few
    assert "区民政局职务299" in _text(client.get(url))


def test_a_user_without_a_region_sees_no_cadre_records(client, db):
    leader = User.objects.create_user("leader-nowhere", role="leader")
    client.force_login(leader)

    assert client.get("/personnel/").status_code == 403


def test_a_draft_of_more_rows_than_a_notice_holds_is_refused_in_chinese(client, personas):
    client.force_login(personas.officer)
    many = [{"person": f"人{i}", "action": "appoint", "post": "区统计局副局长"} for i in range(151)]

    response = client.post("/personnel/notice/", {**FRAME, **_rows(*many)})

    assert response.status_code == 400 and "一份通知最多150行任免事项，请分成几份通知起草" in _text(response)
