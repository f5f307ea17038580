"""The vocabulary of documents and imports, derived from the core's."""

from __future__ import annotations

from django.db import models

from duban.core.model import Kind


class DocumentKind(models.TextChoices):
    APPOINTMENT = Kind.APPOINTMENT.value, "任免通知"
    BULLETIN = Kind.BULLETIN.value, "督查通报"
    TASK_DECOMPOSITION = Kind.TASK_DECOMPOSITION.value, "任务分解"
    OTHER = Kind.OTHER.value, "其他"


class ImportState(models.TextChoices):
    RUNNING = "running", "进行中（若长时间如此，说明导入被中断，未完成）"
    FINISHED = "finished", "已完成"
    FAILED = "failed", "失败"
