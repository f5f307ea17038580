"""Column roles by meaning and priority, header rows in any office's words."""

from __future__ import annotations

import pytest

from duban.core.model import Cell, Table
from duban.core.table_header import (
    TASK_ROLES,
    classify_table,
    is_header_row,
    read_header,
)


def _row(*texts: str) -> list[Cell]:
    return [Cell(t) for t in texts]


@pytest.mark.parametrize(
    ("header", "roles"),
    [
        (
            ["序号", "确定事项", "牵头县领导", "牵头单位", "责任单位", "完成时限", "落实情况"],
            {"seq": 6, "task": 5, "leader": 4, "lead": 3, "related": 2, "deadline": 1, "progress": 0},
        ),
        (["序号", "工作任务", "责任单位", "完成时限"], {"seq": 3, "task": 2, "lead": 1, "deadline": 0}),
        (
            ["序号", "督办事项", "主办", "协办", "办理情况"],
            {"seq": 4, "task": 3, "lead": 2, "related": 1, "progress": 0},
        ),
        (
            ["序号", "重点工作", "牵头领导", "配合单位", "类别"],
            {"seq": 4, "task": 3, "leader": 2, "related": 1, "category": 0},
        ),
    ],
)
def test_roles_by_meaning_and_priority(header, roles):
    got = read_header([_row(*header)], TASK_ROLES)
    assert got.offsets == roles


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (
            ["已完成", "序时推进", "滞后", "已开工", "其它类"],
            True,
        ),  # √ columns with a source's own categories
        (["已办结", "正在办理"], True),
        (["已完成", "已完成"], False),  # a data row's two evaluations
        (["1", "县财政局", "√"], False),
    ],
)
def test_header_rows_in_other_vocabularies(row, expected):
    assert is_header_row(_row(*row)) is expected


@pytest.mark.parametrize(
    ("header", "kind"),
    [
        (
            ["序号", "类别", "工作任务", "牵头单位", "落实情况"],
            "tasks",
        ),  # 类别 alone makes no indicator table
        (["类别", "序号", "项目名称", "目标任务", "牵头单位", "进度评价"], "indicators"),
        (["序号", "确定事项", "牵头县领导", "牵头单位", "完成时限"], "tasks"),
        (["类别", "指标", "进度评价"], "indicators"),
    ],
)
def test_classification_by_meaning(header, kind):
    assert classify_table(Table([_row(*header)])) == kind
