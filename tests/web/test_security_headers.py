"""Headers and error pages that do not depend on a logged-in user."""

from __future__ import annotations


def test_a_disallowed_host_gets_a_400_page_not_a_500(client, db, settings):
    settings.ALLOWED_HOSTS = ["duban.example.org"]
    response = client.get("/accounts/login/", HTTP_HOST="evil.example.com")
    assert response.status_code == 400
