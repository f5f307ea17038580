"""What the search looks through: one kind per group of results."""

from __future__ import annotations

from django.db import models


class Kind(models.TextChoices):
    """The kinds of record one search box finds, in the order the results page shows them."""

    UNITS = "units", "单位"
    PEOPLE = "people", "人员"
    ITEMS = "items", "任务事项"
    ENTRIES = "entries", "进展情况"
    INSTRUCTIONS = "instructions", "领导批示"
    DOCUMENTS = "documents", "公文"
