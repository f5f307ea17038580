"""User names are one account whatever their case; a password's age starts when it is set."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from duban.accounts.forms import UserCreationForm
from duban.accounts.models import User

TAKEN = "该用户名已被使用（用户名不区分大小写）。"


def test_duchashi_in_other_letters_is_refused_by_the_model_in_chinese(personas):
    twin = User(username="DuChaShi")
    twin.set_password("Duban-2024!")
    with pytest.raises(ValidationError) as refused:
        twin.full_clean()
    assert TAKEN in refused.value.messages


def test_the_database_refuses_it_too(personas):
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create_user("DUCHASHI", password="Duban-2024!")


def test_the_user_form_refuses_it_in_chinese(personas):
    form = UserCreationForm(
        data={"username": "DuChaShi", "password1": "Duban-2024!", "password2": "Duban-2024!"}
    )
    assert not form.is_valid()
    assert form.errors["username"] == [TAKEN]
    fresh = UserCreationForm(
        data={"username": "xinren", "password1": "Duban-2024!", "password2": "Duban-2024!"}
    )
    assert fresh.is_valid(), fresh.errors


def test_the_user_form_applies_the_password_rules(db):
    form = UserCreationForm(data={"username": "xinren", "password1": "duban-demo", "password2": "duban-demo"})
    assert not form.is_valid()
    assert any("至少 3 种" in e for e in form.errors["password2"])


def test_logging_in_with_any_case_finds_the_one_account(personas):
    assert User.objects.get_by_natural_key("DuChaShi") == personas.officer


def test_setting_a_password_starts_its_age_and_it_expires_after_90_days(db, settings):
    settings.DUBAN_PASSWORD_MAX_AGE_DAYS = 90
    user = User.objects.create_user("xinren")
    with time_machine.travel(timezone.now(), tick=False):
        user.set_password("Duban-2024!")
        assert user.password_changed_at == timezone.now()
    user.must_change_password = False
    assert not user.password_expired and not user.needs_password_change
    with time_machine.travel(timezone.now() + timedelta(days=91)):
        assert user.password_expired and user.needs_password_change
    settings.DUBAN_PASSWORD_MAX_AGE_DAYS = 0  # 0: passwords never expire
    with time_machine.travel(timezone.now() + timedelta(days=900)):
        assert not user.password_expired


def test_a_password_never_changed_is_as_old_as_the_account(db):
    user = User.objects.create_user("xinren", password="Duban-2024!")
    User.objects.filter(pk=user.pk).update(
        password_changed_at=None, date_joined=timezone.now() - timedelta(days=100)
    )
    user.refresh_from_db()
    assert user.password_expired


def test_a_new_account_must_change_its_initial_password(db):
    user = User.objects.create_user("xinren", password="Duban-2024!")
    assert user.must_change_password and user.needs_password_change
    unusable = User.objects.create_user("nopassword")
    assert not unusable.needs_password_change  # no password to change: it cannot log in with one
