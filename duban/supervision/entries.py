"""Progress entries: a unit submits, the office reviews. Shared by the web, the API, forms and the CLI."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from duban.core import model as core
from duban.core.evaluation import Facts, evaluate
from duban.supervision.models import Entry, ListKind, RoundState, Status


class EntryError(Exception):
    """A submission or review the rules do not allow; the message is Chinese, for the user."""


def suggested_status(entry: Entry) -> tuple[str, str]:
    """The status the figures support (or the unit's own where there are none), with the reason."""
    rnd = entry.round
    if entry.percent is None and entry.completed_value is None:
        return entry.self_status, "无量化数据，沿用单位自评"
    item = entry.item
    target = (
        core.Quantity(item.target_text, item.target_value, item.target_unit, item.target_qualifier or None)
        if item.target_value is not None
        else None
    )
    result = evaluate(
        Facts(
            as_of=rnd.as_of,
            target=target,
            completed=entry.completed_value,
            percent=entry.percent,
            tolerance=rnd.tolerance,
            judgement=core.Status(entry.self_status) if entry.self_status else None,
            for_task=rnd.task_list.kind == ListKind.TASKS,
        )
    )
    return (result.status.value if result.status else entry.self_status), result.reason


def submit_entry(
    entry: Entry,
    *,
    progress: str,
    self_status: str,
    percent: Decimal | None = None,
    completed_value: Decimal | None = None,
    user: AbstractBaseUser | None = None,
    now: datetime | None = None,
) -> Entry:
    """A unit reports progress for an item in an open round."""
    if entry.round.state != RoundState.OPEN:
        raise EntryError("本轮调度已截止，不能再填报；如需更正请联系督查室")
    if self_status not in Status.values:
        raise EntryError(f"自评进度“{self_status}”无效")
    if not progress.strip():
        raise EntryError("请填写进展情况")
    if percent is not None and not (Decimal(0) <= percent <= Decimal(1000)):
        raise EntryError(f"完成比例{percent}%超出合理范围（0–1000）")
    with transaction.atomic():
        entry.progress = progress.strip()
        entry.self_status = self_status
        entry.percent = percent
        entry.completed_value = completed_value
        entry.submitted_at = now or timezone.now()
        entry.submitted_by = user  # type: ignore[assignment]
        if not entry.override_reason:
            # Until the office reviews, the figures decide (the unit's word where there are none).
            entry.status = suggested_status(entry)[0]
        entry.save()
    return entry


def review_entry(entry: Entry, *, status: str, reason: str = "") -> Entry:
    """The office decides an item's status; a decision against the unit's or the figures' needs a reason."""
    if entry.round.state == RoundState.PUBLISHED:
        raise EntryError("本轮已通报，不能再改判")
    if status not in Status.values:
        raise EntryError(f"进度“{status}”无效")
    suggested, why = suggested_status(entry)
    overrides = bool(suggested) and status != suggested
    if overrides and not reason.strip():
        raise EntryError(f"改判须说明理由（单位自评：{entry.get_self_status_display() or '无'}；{why}）")
    with transaction.atomic():
        entry.status = status
        entry.override_reason = reason.strip() if overrides else ""
        entry.save(update_fields=["status", "override_reason", "updated_at"])
    return entry
