"""The bulletin generated from the imported sample reads as the original, numbers and all."""

from __future__ import annotations

from dataclasses import replace

import pytest

from duban.core.render.txt import render_text
from duban.core.shares import format_percent
from duban.supervision.bulletin import count_sentence
from duban.supervision.bulletin_doc import bulletin_doc, lint_generated, sibling_rounds, text_warnings
from duban.supervision.checks import check_round
from duban.supervision.choices import ListKind
from duban.supervision.models import Round

TASKS_SENTENCE = "80项目标任务中，已完成年度目标任务的7项，占8.8%；达到时间与进度同步的64项，占80%；进展相对滞后的9项，占11.2%"
INDICATORS_SENTENCE = (
    "46件省市重点民生实事中，已完成年度目标任务的15件，占32.6%；达到时间与进度同步的31件，占67.4%。"
    "其中35件省级重点民生实事中，已完成年度目标任务的12件，占34.3%；达到时间与进度同步的23件，占65.7%；"
    "11件市级重点民生实事中，已完成年度目标任务的3件，占27.3%；达到时间与进度同步的8件，占72.7%"
)


@pytest.fixture
def rounds(imported):
    rnd = Round.objects.get(task_list__kind=ListKind.TASKS)
    return sibling_rounds(rnd)


def test_importing_the_bulletin_makes_closed_rounds_as_of_the_half_year(rounds):
    assert [(r.task_list.kind, r.period, r.as_of.isoformat(), r.state) for r in rounds] == [
        ("tasks", "2024年上半年", "2024-06-30", "closed"),
        ("indicators", "2024年上半年", "2024-06-30", "closed"),
    ]


def test_the_statistics_paragraph_matches_the_original_word_for_word(rounds):
    text = render_text(bulletin_doc(rounds))
    assert TASKS_SENTENCE in text
    assert INDICATORS_SENTENCE in text
    assert "《2024年<政府工作报告>目标任务分解》（含区级民生实事）80项目标任务中" in text


def test_a_first_bulletin_lists_the_lagging_items_by_lead_unit_and_asks_for_the_offices_parts(rounds):
    text = render_text(bulletin_doc(rounds))  # no sections given: a bulletin without a source
    assert "区公路建设和养护中心（2项）：第55项" in text
    assert "区财政局（2项）：第2项" in text
    assert "【请督查室填写：存在问题】" in text


@pytest.mark.parametrize(
    ("statuses", "expected"),
    [
        (
            ["completed"] * 1 + ["on_schedule"] * 2,
            "3项目标任务中，已完成年度目标任务的1项，占33.3%；达到时间与进度同步的2项，占66.7%",
        ),
        (["lagging", ""], "2项目标任务中，进展相对滞后的1项，占50%；尚未报送的1项，占50%"),
    ],
)
def test_count_sentence_shares_add_to_100(statuses, expected):
    assert count_sentence(ListKind.TASKS, "目标任务", "项", statuses) == expected


def test_check_flags_the_old_housing_indicator_and_not_the_consistent_ones(rounds):
    indicators = next(r for r in rounds if r.task_list.kind == ListKind.INDICATORS)
    result = check_round(indicators)
    flagged = {f.text for f in result.flags}
    assert any("老旧小区" in t for t in flagged)
    assert not any("城镇新增就业" in t for t in flagged)
    for f in result.flags:
        assert "2024年6月30日" in str(f.message) and "容差10个百分点" in str(f.message)


def test_check_pairs_targets_found_in_task_texts(rounds):
    tasks = next(r for r in rounds if r.task_list.kind == ListKind.TASKS)
    result = check_round(tasks)
    by_seq = {}
    for p in result.pairs:
        by_seq.setdefault(p.seq, []).append(p)
    assert [format_percent(p.share) for p in by_seq[9]] == ["55.3%", "56.1%"]
    assert format_percent(by_seq[2][0].share) == "29.6%"
    assert not any(f.seq == 2 for f in result.flags)  # 相对滞后 at 29.6% is consistent


def test_the_per_unit_summary_is_off_by_default_and_totals_the_items_once(rounds):
    assert [a.title for a in bulletin_doc(rounds).annexes] == [
        "《2024年<政府工作报告>目标任务分解》目标任务进展情况",
        "2024年省市重点民生实事项目任务分解进展情况",
    ]
    summary = bulletin_doc(rounds, unit_annex=True).annexes[-1]
    assert (summary.label, summary.title) == ("附件3", "各牵头单位推进情况汇总")
    by_unit = {row[1]: row[2:] for row in summary.table.rows}
    # 区公路建养中心 (区公路建设和养护中心) leads tasks 55 and 58 (both lagging) and indicators 10 (two, one done).
    assert by_unit["区公路建设和养护中心"] == ["4", "1", "1", "2", "0"]
    units = summary.table.rows[:-1]
    assert sum(int(r[2]) for r in units) == 80 + 46 + 3  # tasks 51, 57, 74 have two leads: once for each
    assert summary.table.rows[-1][1:] == ["合计", "126", "22", "95", "9", "0"]  # the body's numbers
    assert summary.notes == ["注：由多个单位共同牵头的事项（3项）在每个牵头单位各计一次，合计行按事项计。"]


def test_the_generated_bulletin_lints_clean(rounds):
    assert lint_generated(bulletin_doc(rounds)) == []


def test_an_unchanged_bulletin_is_read_back_once_and_a_changed_one_again(rounds):
    doc = bulletin_doc(rounds)
    text_warnings.cache_clear()
    assert lint_generated(doc) == lint_generated(bulletin_doc(rounds)) == []
    assert (text_warnings.cache_info().misses, text_warnings.cache_info().hits) == (1, 1)
    changed = replace(doc, title=doc.title + "（二十条）")
    lint_generated(changed)
    assert text_warnings.cache_info().misses == 2


def test_check_reports_the_documents_lint(rounds):
    tasks = next(r for r in rounds if r.task_list.kind == ListKind.TASKS)
    assert "文中称17项激励措施，岳云政办函〔2024〕9号的任务分解表有18行" in check_round(tasks).lint
