"""Document lint: stated counts and shares against the annex tables, and measure counts across documents."""

from __future__ import annotations

from decimal import Decimal

from duban.core.lint import compare_counts, lint_all, lint_tasks
from duban.core.model import StatedCount, Status, Task
from duban.core.parse import parse_string
from tests.conftest import SAMPLE

TEXT = SAMPLE.read_text(encoding="utf-8")


def _warnings(text: str) -> list[list[str]]:
    docs = parse_string(text, "s.txt")
    lint_all(docs)
    return [d.warnings for d in docs]


def test_the_sample_bulletin_agrees_with_its_annexes_but_not_with_the_measure_table():
    bulletin, decomposition = _warnings(TEXT)[2:]
    assert bulletin == [
        "未找到成文日期（署名下一行的日期）",
        "文中称17项激励措施，岳云政办函〔2024〕9号的任务分解表有18行",
    ]
    assert decomposition == ["标题称“二十条”，但任务分解表有18行"]


def test_a_wrong_count_and_its_share_are_both_reported():
    changed = TEXT.replace("已完成年度目标任务的7项，占8.8%", "已完成年度目标任务的8项，占8.8%", 1)
    bulletin = _warnings(changed)[2]
    assert "“80项目标任务”中已完成：文中为8，附件表中为7" in bulletin
    assert "“80项目标任务”中已完成8项占8.8%，按8/80应为10%" in bulletin


def test_a_wrong_category_total_is_reported():
    changed = TEXT.replace("其中35件省级重点民生实事中", "其中36件省级重点民生实事中", 1)
    assert "文中称“36件省级重点民生实事”，附件表中有35行" in _warnings(changed)[2]


def test_compare_counts_accepts_rounding_to_one_decimal():
    stated = StatedCount("目标任务", 3, "项", {"completed": 1}, {"completed": Decimal("33.3")})
    assert compare_counts(stated, [Status.COMPLETED, Status.LAGGING, Status.LAGGING]) == []


def test_task_rows_with_gaps_duplicates_or_no_lead_unit():
    tasks = [Task(1, "a", ["区财政局"]), Task(1, "b", ["区财政局"]), Task(4, "c", [])]
    assert lint_tasks(tasks) == ["序号重复：1", "序号缺失：2、3", "未写牵头单位的事项：第4项"]
