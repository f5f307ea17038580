"""The vocabulary of accounts: the roles live in `duban.roles`, shared with every app's policy."""

from __future__ import annotations

from duban.roles import ADMIN_ROLES, UNIT_ROLES, Role

__all__ = ["ADMIN_ROLES", "UNIT_ROLES", "Role"]
