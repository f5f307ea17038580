"""Passwords: at least 8 characters with three of upper, lower, digit and symbol — said in Chinese."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from duban.accounts.validators import ComplexityValidator


def test_it_is_one_of_the_configured_validators_beside_djangos():
    names = [v["NAME"] for v in settings.AUTH_PASSWORD_VALIDATORS]
    assert "duban.accounts.validators.ComplexityValidator" in names
    assert "django.contrib.auth.password_validation.UserAttributeSimilarityValidator" in names
    assert "django.contrib.auth.password_validation.CommonPasswordValidator" in names


@pytest.mark.parametrize("password", ["Duban-2024", "duban2024!", "DUBAN2024!", "Du-ban-X!", "督办Du8a!x"])
def test_a_password_of_three_classes_and_eight_characters_passes(password):
    ComplexityValidator().validate(password)


@pytest.mark.parametrize(
    ("password", "says"),
    [
        ("Db-2024", "密码太短：至少 8 个字符。"),
        (
            "duban-demo",
            "密码须包含大写字母、小写字母、数字、符号中的至少 3 种（现有 2 种：小写字母、符号）。",
        ),
        ("dubanduban", "（现有 1 种：小写字母）"),
        ("DubanDuban", "（现有 2 种：大写字母、小写字母）"),
        ("20242024", "（现有 1 种：数字）"),
    ],
)
def test_a_weak_password_is_refused_with_a_chinese_message(password, says):
    with pytest.raises(ValidationError) as refused:
        ComplexityValidator().validate(password)
    assert any(says in m for m in refused.value.messages)


def test_djangos_validators_and_ours_speak_chinese_together(db):
    with pytest.raises(ValidationError) as refused:
        validate_password("abc")
    messages = refused.value.messages
    assert "密码太短：至少 8 个字符。" in messages
    assert any("至少 3 种" in m for m in messages)
    assert "这个密码太常见了。" in messages  # Django's own, in zh-hans
    assert all(not m.isascii() for m in messages)


def test_the_help_text_states_the_rule():
    assert ComplexityValidator().get_help_text() == (
        "至少 8 个字符，并包含大写字母、小写字母、数字、符号中的至少 3 种。"
    )
