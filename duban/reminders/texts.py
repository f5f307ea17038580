"""The text of a 督办单: heading by colour, the unit, the items by 序号, the deadline and what is required."""

from __future__ import annotations

import os
from datetime import date

from django.conf import settings

from duban.reminders.choices import COLOUR_WORDS, Cause, Level
from duban.reminders.plans import ReminderPlan
from duban.supervision.models import Round
from duban.units.models import Region


def cn_date(day: date, *, since: date | None = None) -> str:
    """2024年8月5日; within the year of `since`, the year is left out as notices do (8月5日)."""
    if since is not None and since.year == day.year:
        return f"{day.month}月{day.day}日"
    return f"{day.year}年{day.month}月{day.day}日"


def office_name(region: Region) -> str:
    """The issuing office: DUBAN_OFFICE_NAME (setting or environment), else the region's 督查室."""
    name = getattr(settings, "DUBAN_OFFICE_NAME", None) or os.environ.get("DUBAN_OFFICE_NAME", "")
    return name.strip() or f"{region.county}督查室"


def notice_title(level: Level, rnd: Round) -> str:
    """The in-app title: 督办单（黄色）：清单 · 调度期间."""
    return f"督办单（{COLOUR_WORDS[level]}）：{rnd.task_list.title} · {rnd.period}"


def notice_text(plan: ReminderPlan, rnd: Round, today: date, reply_by: date | None) -> str:
    """The full 督办单 as plain text, ready for the application, an e-mail or a robot message."""
    level = plan.level
    causes = plan.causes
    lines = [f"督办单（{COLOUR_WORDS[level]}）", "", f"{plan.unit.full_name}："]
    intro = f"你单位牵头的{rnd.task_list.title}（{rnd.period}）中，下列事项需要"
    intro += {Level.BLUE: "抓紧报送：", Level.YELLOW: "催办：", Level.RED: "督办："}[level]
    lines.append("    " + intro)
    for n, p in enumerate(plan.items, start=1):
        lines.append(f"    {n}. 第{p.entry.item.seq}项 {p.entry.item.text}（{p.cause.label}）")
    if rnd.deadline is not None:
        lines.append(f"    报送截止日期：{cn_date(rnd.deadline)}。")
    lines += ["    " + r for r in _requirements(causes, rnd, today, reply_by)]
    lines += ["", office_name(rnd.task_list.region), cn_date(today)]
    return "\n".join(lines) + "\n"


def _requirements(causes: set[Cause], rnd: Round, today: date, reply_by: date | None) -> list[str]:
    """What the unit must do, one sentence per kind of problem."""
    out: list[str] = []
    by = cn_date(reply_by, since=today) if reply_by else ""
    if Cause.DUE_SOON in causes and rnd.deadline is not None:
        out.append(f"请于{cn_date(rnd.deadline, since=today)}前报送进展情况。")
    if Cause.OVERDUE_AGAIN in causes:
        out.append(f"以上事项经催办仍未报送，现予红色督办，请于{by}前报送进展情况，并书面说明逾期原因。")
    elif Cause.OVERDUE in causes:
        out.append(f"以上逾期事项请于{by}前报送进展情况。")
    if Cause.LAGGING_TWICE in causes:
        out.append(
            f"连续两轮进展滞后的事项，请于{by}前说明滞后原因并提出整改措施，由单位主要负责人签字后报送。"
        )
    elif Cause.LAGGING in causes:
        out.append(f"进展滞后的事项，请于{by}前说明滞后原因并提出整改措施。")
    return out
