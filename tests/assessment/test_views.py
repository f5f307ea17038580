"""The assessment pages, told with the personas: the office sets the rule, units see their own breakdown."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client

from duban.assessment.models import AssessmentRule
from duban.audit.models import Event
from tests.assessment.conftest import TODAY, grow
from tests.clients import FullyLoggedInClient

Q = "?year=2025"


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)


def client_for(user) -> Client:
    client = FullyLoggedInClient()
    client.force_login(user)
    return client


def test_the_office_sees_the_ranking_with_the_rule_beside_every_score(year, personas):
    page = client_for(personas.officer).get("/assessment/" + Q)
    assert page.status_code == 200
    html = page.content.decode()
    assert html.index("区民政局") < html.index("区卫生健康局") < html.index("区财政局")
    assert "102.5" in html and "91.5" in html
    assert "事项完成每项+2分，最多加20分" in html  # the rule beside the table
    assert "+2分/项，上限20" in html  # the weight in the column head beside every score
    assert "3轮次 / -6" in html  # 区财政局's lagging rounds and their points
    assert "修改考核规则" in html and "下载Excel" in html
    assert 'href="/assessment/"' in html  # the menu entry


def test_a_unit_sees_its_score_rank_and_breakdown_and_the_ranking_but_not_others_breakdowns(year, personas):
    client = client_for(personas.reporter)  # 区民政局
    html = client.get("/assessment/" + Q).content.decode()
    assert "本单位" in html and "第1名（共3个单位）" in html
    assert "区财政局" in html and "91.5" in html  # the ranking is published to the units
    assert "3轮次 / -6" not in html  # … but not another unit's counts
    assert f"/assessment/units/{year.b.pk}/" not in html
    assert "修改考核规则" not in html and "下载Excel" not in html
    own = client.get(f"/assessment/units/{year.a.pk}/" + Q)
    assert own.status_code == 200
    own_html = own.content.decode()
    assert "7月7日报送，截止7月5日（逾期2天）" in own_html  # which report was late, in which round
    assert "与区财政局共同牵头" in own_html
    assert client.get(f"/assessment/units/{year.b.pk}/" + Q).status_code == 403
    assert client.get("/assessment/download.xlsx" + Q).status_code == 403
    assert client.get("/assessment/rule/" + Q).status_code == 403


def test_another_unit_sees_its_own_lagging_rounds_and_not_the_first_units(year, personas):
    client = client_for(personas.other_reporter)  # 区财政局
    html = client.get(f"/assessment/units/{year.b.pk}/" + Q).content.decode()
    assert html.count("审定进度为滞后") == 3
    assert "截止10月5日，轮次截止时仍未报送" in html
    assert client.get(f"/assessment/units/{year.a.pk}/" + Q).status_code == 403


def test_a_leader_reads_every_breakdown_and_downloads_but_sets_no_rule(year, personas):
    client = client_for(personas.leader)
    assert "3轮次 / -6" in client.get("/assessment/" + Q).content.decode()
    assert client.get(f"/assessment/units/{year.b.pk}/" + Q).status_code == 200
    assert client.get("/assessment/download.docx" + Q).status_code == 200
    assert client.get("/assessment/rule/" + Q).status_code == 403
    assert client.post("/assessment/rule/" + Q, {"base": "0"}).status_code == 403
    assert not AssessmentRule.objects.exists()


def test_the_system_administrator_sees_no_assessment(year, personas):
    assert client_for(personas.admin).get("/assessment/" + Q).status_code == 403


def _rule_form(**changes: str) -> dict[str, str]:
    values = {
        "base": "100",
        "completed_weight": "2",
        "completed_cap": "20",
        "on_time_weight": "1",
        "on_time_cap": "10",
        "lagging_weight": "-2",
        "lagging_cap": "20",
        "late_weight": "-1",
        "late_cap": "10",
        "returned_weight": "-0.5",
        "returned_cap": "5",
        "instruction_late_weight": "-1",
        "instruction_late_cap": "10",
    }
    values.update(changes)
    return values


def test_the_office_changes_a_weight_the_scores_follow_and_the_change_is_audited(year, personas):
    client = client_for(personas.officer)
    form = client.get("/assessment/rule/" + Q).content.decode()
    assert "逾期报送" in form and "默认规则" in form
    response = client.post("/assessment/rule/" + Q, _rule_form(lagging_weight="-5", lagging_cap=""))
    assert response.status_code == 302
    rule = AssessmentRule.objects.get(year=2025)
    assert (rule.lagging_weight, rule.lagging_cap, rule.updated_by) == (Decimal(-5), None, personas.officer)
    event = Event.objects.for_object(rule).get()
    assert event.changes == {"lagging_weight": ["-2", "-5"], "lagging_cap": ["20", None]}
    html = client.get("/assessment/" + Q).content.decode()
    assert "82.5" in html  # 区财政局: 91.5 − 3 × 3 more for its lagging rounds, uncapped
    assert "进展滞后每轮次-5分" in html


def test_a_bad_rule_is_refused_in_chinese_and_nothing_is_stored(year, personas):
    client = client_for(personas.officer)
    response = client.post(
        "/assessment/rule/" + Q, _rule_form(late_weight="500", returned_cap="-1", on_time_weight="abc")
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "请输入数字" in html  # 按时限完成 "abc"
    assert "确保该值小于或等于100。" in html  # 逾期报送 500 points a report
    assert "确保该值大于或等于0。" in html  # a negative cap
    assert not AssessmentRule.objects.exists()


def test_a_bad_year_is_a_chinese_400(year, personas):
    response = client_for(personas.officer).get("/assessment/?year=20x5")
    assert response.status_code == 400
    assert "年度“20x5”无效" in response.content.decode()


def test_downloads_are_audited(year, personas):
    client = client_for(personas.officer)
    for fmt in ("xlsx", "docx"):
        response = client.get(f"/assessment/download.{fmt}" + Q)
        assert response.status_code == 200
        assert "attachment" in response["Content-Disposition"]
    events = Event.objects.filter(type="export", object_type="assessment.result")
    assert sorted(e.detail["format"] for e in events) == ["docx", "xlsx"]
    assert {e.actor for e in events} == {"duchashi"}


def test_the_ranking_page_costs_the_same_queries_however_large_the_year(
    year, personas, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(personas.officer)
    client.get("/assessment/" + Q)  # the session and the user are loaded once
    with CaptureQueriesContext(connection) as small:
        client.get("/assessment/" + Q)
    grow(year, 9)
    with django_assert_num_queries(len(small.captured_queries)):
        assert client.get("/assessment/" + Q).status_code == 200


def test_a_city_office_reads_the_counties_below_it_and_sets_no_rule(year, personas):
    from duban.accounts.models import User
    from duban.roles import Role
    from duban.units.models import Region

    county = year.region
    city = Region.objects.create(province=county.province, city=county.city, county="", level="市")
    user = User.objects.create_user(
        "shi-duchashi", password="x", role=Role.OFFICE, region=city, must_change_password=False
    )
    client = client_for(user)
    html = client.get("/assessment/" + Q).content.decode()
    assert county.full_name in html and "102.5" in html and "3轮次 / -6" in html
    assert "修改考核规则" not in html
    assert client.get(f"/assessment/units/{year.b.pk}/" + Q).status_code == 200
    assert client.get("/assessment/rule/" + Q).status_code == 403
    elsewhere = Region.objects.create(province="江西省", city="上饶市", county="婺源县", level="县")
    assert (
        client.get(f"/assessment/?region={elsewhere.pk}&year=2025").status_code == 200
    )  # falls back to its own
    assert county.full_name in client.get(f"/assessment/?region={elsewhere.pk}&year=2025").content.decode()


def test_a_units_breakdown_costs_the_same_queries_however_large_the_year(
    year, personas, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(personas.reporter)
    url = f"/assessment/units/{year.a.pk}/" + Q
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    grow(year, 9)
    with django_assert_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200
