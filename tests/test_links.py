"""Links in mail come from BASE_URL and the route table, with or without a request."""

from __future__ import annotations

from governance.links import app_link


def test_a_mail_link_outside_a_request_is_built_from_base_url(app, monkeypatch):
    monkeypatch.setitem(app.config, "BASE_URL", "https://board.example.org/governance/")
    with app.app_context():
        assert app_link("pages.meeting", meeting_id=7) == (
            "https://board.example.org/governance/meetings/7"
        )


def test_a_mail_link_inside_a_request_ignores_the_request_host(app, monkeypatch):
    monkeypatch.setitem(app.config, "BASE_URL", "https://board.example.org")
    with app.test_request_context("/", base_url="http://10.0.0.5:8000"):
        assert app_link("pages.attendance_register", meeting_id=3) == (
            "https://board.example.org/meetings/3/attendance"
        )
