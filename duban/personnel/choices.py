"""The vocabulary of the cadre register, derived from the core's."""

from __future__ import annotations

from django.db import models

from duban.core.model import Action as CoreAction


class Action(models.TextChoices):
    APPOINT = CoreAction.APPOINT.value, "任职"
    REMOVE = CoreAction.REMOVE.value, "免职"


class MatchBasis(models.TextChoices):
    NEW = "new", "新建人员"
    POST = "post", "按其所任职务关联"
    BATCH = "batch", "按同日同机关任免关联"
    SAME_CLAUSE = "clause", "同一条款"
    KEPT = "kept", "替换公文时沿用原记录"
