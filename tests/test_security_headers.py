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


def test_pages_are_not_cached_but_static_files_may_be(client, world, login):
    """ASVS 8.2.1: pages holding personal data carry anti-caching headers."""
    login(world.users["member"])
    assert client.get("/account").headers["Cache-Control"] == "no-store"
    static = client.get("/static/style.css")
    static.close()
    assert static.headers.get("Cache-Control") != "no-store"


def test_pages_refuse_cross_origin_openers_and_unused_browser_features(client):
    """ASVS 14.4: headers that narrow what another site or a feature can do with a page."""
    headers = client.get("/login").headers
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in headers["Permissions-Policy"]
    assert headers["X-Frame-Options"] == "DENY"


def test_production_cookie_is_secure_host_only_and_hsts_is_sent(tmp_path):
    """ASVS 3.4.1, 3.4.4, 14.4.5: Secure and __Host- prefixed cookie; HSTS in production."""
    import contextvars

    from governance import create_app

    app = create_app(
        "production",
        {"SECRET_KEY": "y" * 40, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/p.db"},
    )

    def fetch():
        with app.test_client() as client:
            return client.get("/login", base_url="https://governance.example")

    response = contextvars.Context().run(fetch)
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("__Host-session=")
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Domain=" not in cookie and "Path=/" in cookie
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")
