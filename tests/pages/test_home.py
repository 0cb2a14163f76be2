"""The home page starts each person where their work is."""

from __future__ import annotations

from datetime import timedelta

from governance.actions import operations as action_ops
from governance.database import utcnow
from governance.extensions import db
from governance.replies.models import MeetingReply, ReplyChoice
from tests.conftest import counting


def text(response) -> str:
    return response.get_data(as_text=True)


def test_an_auditor_lands_on_the_decision_register(client, login, world):
    login(world.users["auditor"])
    response = client.get("/")
    assert response.status_code == 302 and response.headers["Location"].endswith("/decisions")


def test_a_member_sees_the_next_meeting_and_is_asked_to_reply(client, login, agenda_world):
    w = agenda_world
    login(w.users["parent"])
    page = text(client.get("/"))
    assert "Meetings coming up" in page
    assert f"/meetings/{w.meeting.id}" in page
    assert "No reply yet" in page and f"/meetings/{w.meeting.id}/reply" in page
    # The draft meeting is the secretary's business, not the member's.
    assert f'/meetings/{w.draft_meeting.id}"' not in page


def test_a_member_who_replied_sees_their_reply(client, login, agenda_world):
    w = agenda_world
    now = utcnow()
    db.session.add(
        MeetingReply(
            meeting_id=w.meeting.id,
            person_id=w.users["parent"].person.id,
            choice=ReplyChoice.APOLOGIES,
            first_replied_at=now,
            replied_at=now,
        )
    )
    db.session.flush()
    login(w.users["parent"])
    page = text(client.get("/"))
    assert "Your reply: <strong>Apologies</strong>" in page and "No reply yet" not in page


def test_the_secretary_sees_what_needs_doing(client, login, agenda_world):
    w = agenda_world
    # A paper not yet circulated, and an action gone overdue.
    w.version.circulated_at = None
    held_day = (w.meeting.starts_at - timedelta(days=60)).date()
    action = action_ops.create_action(
        None, w.board, "Chase the figures", w.users["member"].person, held_day
    )
    db.session.flush()
    login(w.users["secretary"])
    page = text(client.get("/"))
    assert "Needs doing" in page
    assert "notice not issued yet" in page  # the draft meeting
    assert "1 overdue action" in page
    assert "not circulated" in page and "Replies" in page
    # The member sees the action as theirs, flagged overdue.
    client.post("/logout")
    login(w.users["member"])
    page = text(client.get("/"))
    assert "My actions" in page and f"/actions/{action.id}" in page and "Overdue" in page


def test_the_home_page_runs_the_same_statements_however_many_meetings_and_actions(
    client, login, agenda_world, make_meeting
):
    w = agenda_world
    login(w.users["secretary"])

    def measure() -> int:
        with counting() as statements:
            assert client.get("/").status_code == 200
        return len(statements)

    def grow(n: int) -> None:
        for i in range(n):
            make_meeting(w.board, starts_at=w.meeting.starts_at + timedelta(days=7 * (i + 1)))
            action_ops.create_action(None, w.board, f"Task {i}", w.users["secretary"].person, None)
        db.session.flush()

    grow(1)
    small = measure()
    grow(5)
    assert measure() == small
