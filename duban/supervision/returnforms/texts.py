"""The words both form files carry: title, the unit and date line, the instructions."""

from __future__ import annotations

from duban.supervision.models import Round
from duban.supervision.returnforms.layout import PERCENT, PROGRESS, REMARK, STATUS, status_labels
from duban.units.models import Unit


def title(rnd: Round) -> str:
    return f"{rnd.task_list.title}\n{rnd.period}进展情况回执表"


def info(rnd: Round, unit: Unit) -> str:
    parts = [f"填报单位：{unit.full_name}", f"截至日期：{rnd.as_of:%Y年%-m月%-d日}"]
    if rnd.deadline:
        parts.append(f"报送截止：{rnd.deadline:%Y年%-m月%-d日}")
    return "　　".join(parts)


def instructions(kind: str, excel: bool) -> str:
    choose = "从下拉列表选择" if excel else "填写"
    return (
        f"填表说明：请在“{PROGRESS}”“{PERCENT}”“{STATUS}”“{REMARK}”栏填写；{STATUS}请{choose}"
        f"“{'”“'.join(status_labels(kind))}”之一；完成比例填数字，如 85 或 85.5（无量化目标的事项不填）；"
        "请勿增删行、改动其他栏。"
    )
