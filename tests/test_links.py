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


def test_without_base_url_a_link_made_in_a_request_uses_the_address_the_app_is_served_on(
    app, monkeypatch
):
    monkeypatch.setitem(app.config, "BASE_URL", None)
    with app.test_request_context("/", base_url="http://127.0.0.1:8123"):
        assert app_link("pages.meeting", meeting_id=7) == "http://127.0.0.1:8123/meetings/7"


def test_without_base_url_a_link_made_outside_a_request_uses_the_local_address(app, monkeypatch):
    monkeypatch.setitem(app.config, "BASE_URL", "")
    monkeypatch.setitem(app.config, "LOCAL_BASE_URL", "http://127.0.0.1:8000")
    with app.app_context():
        assert app_link("pages.meeting", meeting_id=7) == "http://127.0.0.1:8000/meetings/7"


def test_in_production_a_link_never_takes_the_host_a_request_claims(app, monkeypatch):
    monkeypatch.setitem(app.config, "BASE_URL", None)
    monkeypatch.setitem(app.config, "PRODUCTION", True)
    monkeypatch.setitem(app.config, "LOCAL_BASE_URL", "http://127.0.0.1:5000")
    with app.test_request_context("/", base_url="http://attacker.example"):
        assert app_link("pages.meeting", meeting_id=7) == "http://127.0.0.1:5000/meetings/7"


def test_the_local_address_follows_the_port_make_run_serves_on(monkeypatch):
    import importlib

    import config

    monkeypatch.setenv("PORT", "8000")
    monkeypatch.delenv("BASE_URL", raising=False)
    try:
        reloaded = importlib.reload(config)
        assert reloaded.Config.BASE_URL is None
        assert reloaded.Config.LOCAL_BASE_URL == "http://127.0.0.1:8000"
    finally:
        monkeypatch.undo()
        importlib.reload(config)


def test_a_mail_sent_from_a_page_links_back_to_the_address_it_was_sent_from(
    client, app, agenda_world, monkeypatch
):
    import sqlalchemy as sa

    from governance.extensions import db
    from governance.mail.models import OutboxMessage
    from tests.conftest import PASSWORD

    monkeypatch.setitem(app.config, "BASE_URL", None)
    w = agenda_world
    served = "http://127.0.0.1:8123"
    signed_in = client.post(
        "/login",
        data={"email": w.users["secretary"].email, "password": PASSWORD},
        base_url=served,
    )
    assert signed_in.status_code == 302
    response = client.post(f"/meetings/{w.draft_meeting.id}/notice", base_url=served)
    assert response.status_code == 302
    notice = sa.select(OutboxMessage.body).where(OutboxMessage.kind == "meeting.notice")
    body = db.session.execute(notice.limit(1)).scalar_one()
    assert f"http://127.0.0.1:8123/meetings/{w.draft_meeting.id}" in body
