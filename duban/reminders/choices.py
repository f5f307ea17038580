"""The vocabulary of reminders: the three colours, their causes, channels and delivery states."""

from __future__ import annotations

from django.db import models


class Level(models.TextChoices):
    """The three colours of a 督办单, in escalating order."""

    BLUE = "blue", "蓝色提醒"
    YELLOW = "yellow", "黄色催办"
    RED = "red", "红色督办"


LEVEL_ORDER = [Level.BLUE, Level.YELLOW, Level.RED]
COLOUR_WORDS = {Level.BLUE: "蓝色", Level.YELLOW: "黄色", Level.RED: "红色"}


class Cause(models.TextChoices):
    """Why an item is in a 督办单; each cause belongs to one level."""

    DUE_SOON = "due_soon", "尚未报送"
    OVERDUE = "overdue", "逾期未报送"
    OVERDUE_AGAIN = "overdue_again", "经催办仍未报送"
    LAGGING = "lagging", "进展滞后"
    LAGGING_TWICE = "lagging_twice", "连续两轮进展滞后"


CAUSE_LEVELS = {
    Cause.DUE_SOON: Level.BLUE,
    Cause.OVERDUE: Level.YELLOW,
    Cause.LAGGING: Level.YELLOW,
    Cause.OVERDUE_AGAIN: Level.RED,
    Cause.LAGGING_TWICE: Level.RED,
}


def rank(level: str) -> int:
    """A level's place in the escalation (blue 0, yellow 1, red 2)."""
    return LEVEL_ORDER.index(Level(level))


class ChannelKind(models.TextChoices):
    EMAIL = "email", "电子邮件"
    DINGTALK = "dingtalk", "政务钉钉机器人"
    WECOM = "wecom", "企业微信机器人"
    FEISHU = "feishu", "飞书机器人"


WEBHOOK_KINDS = {ChannelKind.DINGTALK, ChannelKind.WECOM, ChannelKind.FEISHU}


class DeliveryState(models.TextChoices):
    PENDING = "pending", "待发送"
    SENT = "sent", "已发送"
    FAILED = "failed", "发送失败"
