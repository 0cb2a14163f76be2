"""The personal feed shows a meeting only where the meeting's page would: the feed's own query
finds the boards the person sat on, and the page's predicate (`can_view_meeting`) decides."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from governance.auth.operations import create_account
from governance.boards import operations as board_ops
from governance.calendar import tokens as calendar_tokens
from governance.extensions import db
from governance.meetings.models import Meeting, MeetingStatus
from tests.conftest import PASSWORD

DURING_TERM = datetime(2026, 6, 1, 10, 0, tzinfo=UTC)


def _meeting(board, starts_at):
    meeting = Meeting(
        board=board,
        title="Finance meeting",
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=2),
        uid=f"{board.code}-{starts_at:%Y%m%d}@governance",
        status=MeetingStatus.NOTICE_ISSUED,
    )
    db.session.add(meeting)
    db.session.flush()
    return meeting


def _former_member(world, make_person, make_seat, board):
    person = make_person(email="former@example.org")
    seat = make_seat(board, title="Co-opted")
    board_ops.appoint(None, seat, person, date(2026, 1, 1), date(2026, 10, 31))
    return create_account(None, person, "former@example.org", PASSWORD)


def test_former_member_feed_leaves_out_a_private_board_they_may_no_longer_see(
    client, world, make_person, make_seat
):
    board = world.other_board
    user = _former_member(world, make_person, make_seat, board)
    past = _meeting(board, DURING_TERM)
    token = calendar_tokens.issue_calendar_token(user)
    body = client.get(f"/calendar/{token}.ics").get_data(as_text=True)
    assert past.uid not in body and board.name not in body


def test_former_member_feed_keeps_a_public_boards_meetings_of_their_term(
    client, world, make_person, make_seat
):
    board = world.public_board
    user = _former_member(world, make_person, make_seat, board)
    past = _meeting(board, DURING_TERM)
    token = calendar_tokens.issue_calendar_token(user)
    assert past.uid in client.get(f"/calendar/{token}.ics").get_data(as_text=True)


def test_current_member_feed_keeps_the_private_boards_past_meetings(client, world):
    past = _meeting(world.other_board, DURING_TERM)
    token = calendar_tokens.issue_calendar_token(world.users["outsider"])
    assert past.uid in client.get(f"/calendar/{token}.ics").get_data(as_text=True)
