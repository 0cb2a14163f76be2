"""The feeds' ETag, worked out from a summary and not from the meetings: every change that alters
a feed's calendar alters its tag, other changes leave both alone, and a 304 loads no meetings."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from governance.boards import operations as board_ops
from governance.boards.models import OfficerRole
from governance.calendar import tokens as calendar_tokens
from governance.extensions import db
from governance.meetings import operations as meeting_ops
from governance.meetings.models import AgendaItem, MeetingStatus, Purpose
from tests.calendar.test_views import WINTER, add_meeting
from tests.conftest import counting


@pytest.fixture
def feed(client, world):
    """The parent member's personal feed: (tag, body) now, read through the client."""
    token = calendar_tokens.issue_calendar_token(world.users["parent"])

    def read() -> tuple[str, bytes]:
        db.session.flush()
        response = client.get(f"/calendar/{token}.ics")
        assert response.status_code == 200
        return response.headers["ETag"], response.get_data()

    return read


def changes(feed, change) -> tuple[bool, bool]:
    """Whether the tag and whether the calendar changed when `change` was made."""
    tag, body = feed()
    change()
    new_tag, new_body = feed()
    return new_tag != tag, new_body != body


def _meeting_values(meeting, **changed):
    values = {
        "title": meeting.title,
        "starts_at": meeting.starts_at,
        "ends_at": meeting.ends_at,
        "location": meeting.location,
        "online_url": meeting.online_url,
    }
    return values | changed


def test_moving_a_meeting_changes_the_tag(feed, world):
    meeting = add_meeting(world.board)
    moved = _meeting_values(
        meeting,
        starts_at=meeting.starts_at + timedelta(hours=1),
        ends_at=meeting.ends_at + timedelta(hours=1),
    )
    assert changes(feed, lambda: meeting_ops.update_meeting(None, meeting, moved)) == (True, True)


def test_retitling_or_relocating_a_meeting_changes_the_tag(feed, world):
    meeting = add_meeting(world.board)
    renamed = _meeting_values(meeting, title="Budget meeting", location="Room 2")
    assert changes(feed, lambda: meeting_ops.update_meeting(None, meeting, renamed)) == (True, True)


def test_cancelling_a_meeting_changes_the_tag(feed, world):
    meeting = add_meeting(world.board)
    cancel = lambda: meeting_ops.cancel_meeting(None, meeting, "The chair is unwell.")  # noqa: E731
    assert changes(feed, cancel) == (True, True)


def test_adding_or_deleting_a_meeting_changes_the_tag(feed, world):
    add_meeting(world.board, title="First")
    added: list = []
    assert changes(feed, lambda: added.append(add_meeting(world.board, days=3))) == (True, True)
    assert changes(feed, lambda: db.session.delete(added[0])) == (True, True)


def test_publishing_a_draft_changes_the_tag(feed, world):
    draft = add_meeting(world.board, MeetingStatus.DRAFT)

    def publish() -> None:
        draft.status = MeetingStatus.NOTICE_ISSUED

    assert changes(feed, publish) == (True, True)


def test_renaming_the_board_changes_the_tag(feed, world):
    add_meeting(world.board)

    def rename() -> None:
        world.board.name = "Children's Partnership Board"

    assert changes(feed, rename) == (True, True)


def test_being_appointed_to_a_board_changes_the_tag(feed, world, make_seat):
    add_meeting(world.other_board)
    person = world.users["parent"].person
    seat = make_seat(world.other_board, title="Second parent")
    appoint = lambda: board_ops.appoint(None, seat, person, date(2026, 1, 1), None)  # noqa: E731
    assert changes(feed, appoint) == (True, True)


def test_leaving_a_board_changes_the_tag(feed, world):
    add_meeting(world.board)
    appointment = next(a for a in world.parent_seat.appointments if a.ends_on is None)
    leave = lambda: board_ops.end_appointment(  # noqa: E731
        None, appointment, WINTER.date() - timedelta(days=1), "Stood down from the board."
    )
    assert changes(feed, leave) == (True, True)


def test_becoming_and_ceasing_to_be_an_officer_changes_the_tag(feed, world):
    add_meeting(world.other_board)
    person = world.users["parent"].person
    officer: list = []

    def assign() -> None:
        officer.append(
            board_ops.assign_officer(None, world.other_board, person, OfficerRole.SECRETARY)
        )

    assert changes(feed, assign) == (True, True)
    assert changes(feed, lambda: board_ops.remove_officer(None, officer[0])) == (True, True)


def test_changes_outside_the_feed_leave_tag_and_calendar_alone(feed, world, make_seat, make_person):
    meeting = add_meeting(world.board)
    others = make_seat(world.other_board, title="Elsewhere parent")

    def unrelated() -> None:
        add_meeting(world.other_board, title="Not mine")
        add_meeting(world.board, MeetingStatus.DRAFT, title="Draft", days=5)
        board_ops.appoint(None, others, make_person(), date(2026, 1, 1), None)
        world.other_board.name = "Renamed elsewhere"
        db.session.add(AgendaItem(meeting=meeting, title="Minutes", purpose=Purpose.DECISION))

    assert changes(feed, unrelated) == (False, False)
    assert changes(feed, lambda: None) == (False, False)


def test_board_feed_tag_follows_its_meetings(client, world):
    meeting = add_meeting(world.public_board)
    url = f"/boards/{world.public_board.id}/calendar.ics"
    tag = client.get(url).headers["ETag"]
    add_meeting(world.board, title="Another board's")
    assert client.get(url).headers["ETag"] == tag
    meeting_ops.cancel_meeting(None, meeting, "No business to transact.")
    db.session.flush()
    assert client.get(url, headers={"If-None-Match": tag}).status_code == 200


def test_a_304_runs_four_statements_however_many_meetings(client, world):
    token = calendar_tokens.issue_calendar_token(world.users["parent"])

    def not_modified() -> int:
        tag = client.get(f"/calendar/{token}.ics").headers["ETag"]
        db.session.expunge_all()
        with counting() as statements:
            response = client.get(f"/calendar/{token}.ics", headers={"If-None-Match": tag})
        assert response.status_code == 304
        return len(statements)

    add_meeting(world.board)
    few = not_modified()
    for n in range(1, 8):
        add_meeting(world.board, title=f"Meeting {n}", days=n)
    assert not_modified() == few <= 4
