"""The outbox pages: administrators only, listing what was queued."""

from __future__ import annotations

import pytest

from governance.mail import operations
from tests.conftest import counting

ICS = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n"


@pytest.fixture
def queued(world):
    return operations.queue_mail(
        "parent@example.org",
        "Notice of meeting: Partnership Board",
        "The agenda is below.\n1. Apologies",
        kind="meeting.notice",
        ics=ICS,
    )


def test_admin_sees_the_outbox_listing_a_queued_message(client, world, login, queued):
    login(world.users["admin"])
    response = client.get("/outbox/")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Notice of meeting: Partnership Board" in page
    assert f'href="/outbox/{queued.id}"' in page


@pytest.mark.parametrize("role", ["secretary", "auditor", "parent"])
def test_others_signed_in_are_refused_the_outbox(client, world, login, queued, role):
    login(world.users[role])
    assert client.get("/outbox/").status_code == 403
    assert client.get(f"/outbox/{queued.id}").status_code == 403


def test_anonymous_is_asked_to_sign_in_for_the_outbox(client, queued):
    assert client.get("/outbox/").status_code == 401
    assert client.get(f"/outbox/{queued.id}").status_code == 401


def test_admin_reads_a_message_and_sees_its_invitation(client, world, login, queued):
    login(world.users["admin"])
    page = client.get(f"/outbox/{queued.id}").get_data(as_text=True)
    assert "The agenda is below." in page
    assert "attached (invite.ics, method REQUEST)" in page


def test_missing_message_is_not_found(client, world, login, queued):
    login(world.users["admin"])
    assert client.get(f"/outbox/{queued.id + 1000}").status_code == 404


def test_outbox_can_be_hidden_even_from_administrators(
    app, client, world, login, queued, monkeypatch
):
    monkeypatch.setitem(app.config, "OUTBOX_VISIBLE", False)
    login(world.users["admin"])
    assert client.get("/outbox/").status_code == 403
    assert client.get(f"/outbox/{queued.id}").status_code == 403


def test_outbox_escapes_what_it_shows(client, world, login):
    operations.queue_mail("a@example.org", "<script>alert(1)</script>", "Body", kind="t")
    login(world.users["admin"])
    page = client.get("/outbox/").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in page


def test_outbox_statement_count_does_not_grow_with_the_messages(client, world, login):
    login(world.users["admin"])
    operations.queue_mail("a@example.org", "One", "Body", kind="t")
    with counting() as few:
        client.get("/outbox/")
    for n in range(20):
        operations.queue_mail(f"p{n}@example.org", f"Message {n}", "Body", kind="t", ics=ICS)
    with counting() as many:
        client.get("/outbox/")
    assert len(many) == len(few)
