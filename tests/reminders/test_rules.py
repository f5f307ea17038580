"""The escalation rule is configured by settings or environment variables."""

from __future__ import annotations

import pytest

from duban.reminders.rules import Rule, rule_from_settings


def test_the_defaults():
    assert rule_from_settings() == Rule(
        blue_days_before=3, yellow_after_days=0, red_after_days=1, reply_days=3
    )


def test_a_setting_wins_over_the_environment(settings, monkeypatch):
    monkeypatch.setenv("DUBAN_REMINDER_BLUE_DAYS", "7")
    monkeypatch.setenv("DUBAN_REMINDER_RED_DAYS", "2")
    settings.DUBAN_REMINDER_BLUE_DAYS = 5
    assert rule_from_settings() == Rule(blue_days_before=5, red_after_days=2)


@pytest.mark.parametrize("raw", ["three", "-1"])
def test_a_bad_value_is_refused(monkeypatch, raw):
    monkeypatch.setenv("DUBAN_REMINDER_YELLOW_DAYS", raw)
    with pytest.raises(ValueError, match="DUBAN_REMINDER_YELLOW_DAYS"):
        rule_from_settings()
