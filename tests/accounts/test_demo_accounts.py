"""The demo accounts: the officer edits, the leader only reads."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from duban.accounts.demo import DEMO_PASSWORD, ensure_demo_accounts


def test_it_creates_the_officer_and_a_read_only_leader(db):
    ensure_demo_accounts()
    ensure_demo_accounts()  # running twice is harmless
    users = get_user_model().objects
    officer, leader = users.get(username="duchashi"), users.get(username="lingdao")
    assert officer.check_password(DEMO_PASSWORD)
    assert officer.has_perm("personnel.change_person")
    assert leader.has_perm("personnel.view_person")
    assert not leader.has_perm("personnel.change_person")
    assert not users.filter(is_superuser=True).exists()
    admin = users.get(username="admin")
    assert admin.is_staff and admin.has_perm("accounts.add_user") and not admin.has_perm("audit.view_event")
    assert users.get(username="shenji").get_all_permissions() == {"audit.view_event"}
