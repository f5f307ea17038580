"""The vocabulary of supervision: list kinds, the three status levels, duties, round and entry states."""

from __future__ import annotations

from django.db import models

from duban.core.model import INDICATOR_LABELS, TASK_LABELS
from duban.core.model import Status as CoreStatus


class ListKind(models.TextChoices):
    TASKS = "tasks", "目标任务"
    INDICATORS = "indicators", "民生实事指标"
    MEASURES = "measures", "激励措施"


class Status(models.TextChoices):
    """The core's three levels. Labels differ per list kind (`label_in`): tasks say 基本完成 …"""

    COMPLETED = CoreStatus.COMPLETED.value, INDICATOR_LABELS[CoreStatus.COMPLETED]
    ON_SCHEDULE = CoreStatus.ON_SCHEDULE.value, INDICATOR_LABELS[CoreStatus.ON_SCHEDULE]
    LAGGING = CoreStatus.LAGGING.value, INDICATOR_LABELS[CoreStatus.LAGGING]

    def core(self) -> CoreStatus:
        return CoreStatus(self.value)

    def label_in(self, kind: str) -> str:
        """The label in the vocabulary of a list kind."""
        labels = TASK_LABELS if kind == ListKind.TASKS else INDICATOR_LABELS
        return labels[self.core()]

    @property
    def rank(self) -> int:
        """Worse is lower: lagging 0, on schedule 1, completed 2."""
        return [Status.LAGGING, Status.ON_SCHEDULE, Status.COMPLETED].index(self)


def status_label(kind: str, status: str | None) -> str:
    """The label of a stored status (empty for none) in the vocabulary of the list kind."""
    return Status(status).label_in(kind) if status else ""


def status_choices(kind: str) -> list[tuple[str, str]]:
    """The three levels with the labels of the list kind, for forms."""
    return [(s.value, s.label_in(kind)) for s in Status]


class Duty(models.TextChoices):
    """What a unit is to an item."""

    LEAD = "lead", "牵头单位"
    RELATED = "related", "相关责任单位"


class RoundState(models.TextChoices):
    OPEN = "open", "收集中"
    CLOSED = "closed", "已截止"
    PUBLISHED = "published", "已通报"


class EntryState(models.TextChoices):
    """Where an entry is on its way from the unit to the office."""

    EMPTY = "empty", "未填报"
    DRAFT = "draft", "草稿"
    AWAITING_HEAD = "awaiting_head", "待单位负责人审核"
    SUBMITTED = "submitted", "已报送待审核"
    RETURNED = "returned", "已退回"
    ACCEPTED = "accepted", "已审核"


REPORTED_STATES = frozenset({EntryState.SUBMITTED, EntryState.ACCEPTED})


class ExtensionState(models.TextChoices):
    PENDING = "pending", "待审批"
    APPROVED = "approved", "已同意"
    REFUSED = "refused", "未同意"


class BulletinState(models.TextChoices):
    DRAFT = "draft", "草稿"
    PUBLISHED = "published", "已印发"


class Light(models.TextChoices):
    """The 红黄绿 lights on every list: how an entry stands against its deadline and its progress."""

    GREEN = "green", "绿灯：按时报送、进展正常"
    YELLOW = "yellow", "黄灯：临近截止未报送，或进展滞后"
    RED = "red", "红灯：逾期未报送，或连续滞后"
    GREY = "grey", "无需报送"
