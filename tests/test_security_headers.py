"""Security headers on every kind of response (OWASP ASVS 4.0.3, 14.4)."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("url", ["/login", "/boards", "/no-such-page"])
def test_pages_carry_a_strict_content_security_policy(client, url):
    response = client.get(url)
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_no_page_has_inline_script_or_style(client, agenda_world, login):
    login(agenda_world.users["secretary"])
    for url in (
        "/",
        f"/boards/{agenda_world.board.id}",
        f"/meetings/{agenda_world.meeting.id}",
        f"/boards/{agenda_world.board.id}/compliance",
    ):
        page = client.get(url).get_data(as_text=True)
        assert "<script" not in page and " style=" not in page, url


def test_downloads_keep_their_own_sandboxed_policy(client, agenda_world, login):
    login(agenda_world.users["member"])
    response = client.get(f"/versions/{agenda_world.version.id}/download")
    response.close()
    assert "sandbox" in response.headers["Content-Security-Policy"]


def test_hsts_only_in_production(client):
    assert "Strict-Transport-Security" not in client.get("/login").headers
