"""Documents of other offices, stored as they were written: any county, own vocabularies, no progress, own counts."""

from __future__ import annotations

from pathlib import Path

import pytest

from duban.intake.services import Outcome
from duban.supervision.bulletin import statistics_paragraph
from duban.supervision.choices import Duty, ListKind
from duban.supervision.models import Entry, Item, Round, TaskList
from duban.units.models import Region
from tests.registry_fixtures import load

BULLETIN = """婺源县人民政府督查室
关于2024年第三季度县政府确定事项推进情况的通报

各乡镇人民政府，县直各单位：
根据县政府工作安排，县政府督查室对县政府确定的重点事项推进情况进行了督查。现将有关情况通报如下：
一、总体情况
确定事项5件，已办结2件，占比40%；正在办理2件，占比40%；其它类1件，占比20%。
二、存在问题
个别事项推进较慢。

附件：县政府确定事项推进情况表

婺源县人民政府督查室
2024年10月8日

附件
县政府确定事项推进情况表
\t序号
\t确定事项
\t牵头县领导
\t牵头单位
\t责任单位
\t完成时限
\t办理情况

"""
ROWS = [
    ("1", "完成城区污水管网改造3公里", "张明", "县住建局", "县水利局、县财政局", "2024年12月底", "已办结"),
    ("2", "新建婺源中学食堂", "李华", "县教育体育局", "县住建局", "2024年9月底", "已办结"),
    ("3", "开通城乡公交线路2条", "王强", "县交通运输局", "紫阳镇", "2024年11月底", "正在办理"),
    ("4", "改造农贸市场1个", "张明", "县市场监督管理局", "县商务局", "2024年12月底", "正在办理"),
    ("5", "推进古村落保护立法", "王强", "县司法局", "县文化广电旅游局", "2024年12月底", "其它类"),
]

DECOMPOSITION = """德兴市人民政府办公室
2025年市政府工作报告重点任务分工方案

各乡镇人民政府、街道办事处，市直各单位：
现将2025年市政府工作报告重点任务分工方案印发给你们，请认真抓好落实。

一、推动经济高质量发展
1.全年地区生产总值增长6%左右。（市发改委牵头，市统计局按职责分工负责）
2.新增规模以上工业企业20家。（市工信局、市发改委牵头，各乡镇按职责分工负责）
二、保障和改善民生
3.新增城镇就业3000人以上。（市人社局牵头，市财政局按职责分工负责）

德兴市人民政府办公室
2025年2月20日
"""


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def wuyuan(db, tmp_path) -> Path:
    rows = "\n".join("\n".join(f"\t{c}" for c in row) + "\n" for row in ROWS)
    return _write(tmp_path, "wuyuan.txt", BULLETIN + rows)


def test_a_county_of_another_province_imports_by_its_issuer(wuyuan):
    [result] = load(wuyuan)
    assert result.outcome == Outcome.CREATED
    assert result.region == "江西省上饶市婺源县"
    assert Region.objects.get().level == "县"


def test_the_sources_columns_and_words_are_kept(wuyuan):
    load(wuyuan)
    first = Item.objects.get(seq=1)
    assert (first.leader, first.deadline_text) == ("张明", "2024年12月底")
    assert {(link.duty, link.as_written) for link in first.units.all()} == {
        (Duty.LEAD, "县住建局"),
        (Duty.RELATED, "县水利局"),
        (Duty.RELATED, "县财政局"),
    }
    words = dict(Entry.objects.values_list("item__seq", "status_text"))
    statuses = dict(Entry.objects.values_list("item__seq", "status"))
    assert words == {1: "已办结", 2: "已办结", 3: "正在办理", 4: "正在办理", 5: "其它类"}
    assert statuses[1] == "completed" and statuses[3] == "on_schedule" and statuses[5] == ""


def test_a_generated_bulletin_counts_in_the_sources_own_words(wuyuan):
    load(wuyuan)
    rnd = Round.objects.get()
    assert (
        statistics_paragraph([rnd])
        == "确定事项5件，已办结2件，占比40%；正在办理2件，占比40%；其它类1件，占比20%。"
    )
    Entry.objects.filter(item__seq=3).update(status="completed")
    assert statistics_paragraph([Round.objects.get()]) == (
        "确定事项5件，已办结3件，占比60%；正在办理1件，占比20%；其它类1件，占比20%。"
    )


def test_a_decomposition_without_progress_is_a_list_without_a_round(db, tmp_path):
    [result] = load(_write(tmp_path, "fengong.txt", DECOMPOSITION))
    assert result.outcome == Outcome.CREATED and result.region == "江西省上饶市德兴市"
    task_list = TaskList.objects.get()
    assert task_list.kind == ListKind.TASKS and task_list.items.count() == 3
    assert not Round.objects.exists()
    second = task_list.items.get(seq=2)
    assert [link.as_written for link in second.units.order_by("duty", "pk")] == [
        "市工信局",
        "市发改委",
        "各乡镇",
    ]
    assert second.category == "推动经济高质量发展"


def test_a_well_formed_region_not_in_the_list_imports_with_a_warning(db, tmp_path):
    text = DECOMPOSITION.replace("德兴市人民政府办公室", "某某县人民政府办公室")
    [result] = load(_write(tmp_path, "x.txt", text), region="江西省上饶市某某县")
    assert result.outcome == Outcome.CREATED
    assert any("某某县" in w and "不在行政区划表" in w for w in result.warnings), result.warnings


def test_a_bad_region_says_which_part_is_wrong(db, tmp_path):
    [result] = load(_write(tmp_path, "x.txt", DECOMPOSITION), region="江西省南昌府东湖区")
    assert result.outcome == Outcome.NEEDS_REGION
    assert "南昌府" in result.message
    assert not TaskList.objects.exists()
