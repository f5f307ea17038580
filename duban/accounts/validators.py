"""Password rules of our own, beside Django's validators (GB/T 22239: 口令复杂度)."""

from __future__ import annotations

import string
from typing import Any

from django.core.exceptions import ValidationError

CLASSES = (
    ("大写字母", str.isupper),
    ("小写字母", str.islower),
    ("数字", str.isdigit),
    ("符号", lambda c: c in string.punctuation or c in "·！￥…（）—【】、；：‘’“”，。《》？ "),
)


class ComplexityValidator:
    """At least `min_length` characters, with `min_classes` of upper, lower, digit and symbol."""

    def __init__(self, min_length: int = 8, min_classes: int = 3) -> None:
        self.min_length = min_length
        self.min_classes = min_classes

    def classes(self, password: str) -> list[str]:
        """The character classes the password uses (names in Chinese, for the message)."""
        return [name for name, test in CLASSES if any(test(c) for c in password)]

    def validate(self, password: str, user: Any = None) -> None:
        errors = []
        if len(password) < self.min_length:
            errors.append(
                ValidationError(f"密码太短：至少 {self.min_length} 个字符。", code="password_too_short_duban")
            )
        used = self.classes(password)
        if len(used) < self.min_classes:
            errors.append(
                ValidationError(
                    f"密码须包含大写字母、小写字母、数字、符号中的至少 {self.min_classes} 种"
                    f"（现有 {len(used)} 种{'：' + '、'.join(used) if used else ''}）。",
                    code="password_too_simple",
                )
            )
        if errors:
            raise ValidationError(errors)

    def get_help_text(self) -> str:
        return f"至少 {self.min_length} 个字符，并包含大写字母、小写字母、数字、符号中的至少 {self.min_classes} 种。"
