"""Feed queries and feed-address tokens, with a session and without HTTP."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa

from governance.audit.models import AuditEvent
from governance.boards import operations as board_ops
from governance.boards.models import Board, OfficerRole
from governance.calendar import queries as calendar_queries
from governance.calendar import tokens as calendar_tokens
from governance.calendar.models import CalendarToken
from governance.extensions import db
from governance.meetings.ics import calendar_for, etag_for, feed_window
from governance.meetings.models import MeetingStatus
from tests.conftest import counting
from tests.meetings.test_ics import SUMMER, WINTER, add_meeting

# Feed queries ----------------------------------------------------------------------------------


WINDOW = feed_window(datetime(2026, 11, 23, 12, tzinfo=UTC))


def test_board_feed_has_published_meetings_in_the_window_in_order(world):
    later = add_meeting(world.board, WINTER)
    earlier = add_meeting(world.board, SUMMER, MeetingStatus.CANCELLED)
    add_meeting(world.board, WINTER + timedelta(days=7), MeetingStatus.DRAFT)
    add_meeting(world.board, datetime(2020, 1, 1, tzinfo=UTC))  # before the window
    add_meeting(world.other_board, WINTER)
    assert calendar_queries.board_feed_meetings(world.board, *WINDOW) == [earlier, later]


def test_person_feed_has_their_boards_meetings_and_no_others(world):
    mine = add_meeting(world.board, WINTER)
    add_meeting(world.other_board, WINTER)
    add_meeting(world.public_board, WINTER)
    add_meeting(world.board, WINTER + timedelta(days=1), MeetingStatus.DRAFT)
    person = world.users["parent"].person
    assert calendar_queries.person_feed_meetings(person, *WINDOW) == [mine]


def test_person_feed_follows_the_term_of_the_appointment(world, make_seat, make_person):
    person = make_person()
    seat = make_seat(world.subgroup, title="Co-opted")
    board_ops.appoint(None, seat, person, date(2026, 1, 1), date(2026, 10, 31))
    during = add_meeting(world.subgroup, SUMMER)
    add_meeting(world.subgroup, WINTER)  # after the term ended
    add_meeting(world.subgroup, datetime(2025, 12, 1, 10, tzinfo=UTC))  # before it began
    assert calendar_queries.person_feed_meetings(person, *WINDOW) == [during]


def test_officer_sees_the_boards_meetings_without_a_seat(world):
    meeting = add_meeting(world.board, WINTER)
    assert calendar_queries.person_feed_meetings(world.users["secretary"].person, *WINDOW) == [
        meeting
    ]


def test_person_with_no_boards_has_an_empty_feed(make_person):
    assert calendar_queries.person_feed_meetings(make_person(), *WINDOW) == []


def test_feed_queries_run_a_fixed_number_of_statements(world, make_board, make_seat):
    person = world.users["member"].person

    def run() -> int:
        db.session.expunge_all()  # so nothing is served from the identity map
        board = db.session.get(Board, world.board.id)
        reloaded = db.session.get(type(person), person.id)
        with counting() as statements:
            calendar_queries.board_feed_meetings(board, *WINDOW)
            meetings = calendar_queries.person_feed_meetings(reloaded, *WINDOW)
            calendar_for([(m, m.board) for m in meetings], name="x")
            etag_for(meetings, WINDOW)
        return len(statements)

    add_meeting(world.board, WINTER)
    few = run()
    for n in range(4):
        extra = make_board(name=f"Extra {n}", code=f"EX{n}")
        board_ops.appoint(None, make_seat(extra), person, date(2026, 1, 1), None)
        add_meeting(extra, WINTER + timedelta(days=n))
        add_meeting(world.board, SUMMER + timedelta(days=n))
    db.session.flush()
    assert run() == few <= 6


# Tokens ----------------------------------------------------------------------------------------


def live_tokens(user) -> list[CalendarToken]:
    return list(
        db.session.execute(
            sa.select(CalendarToken).where(
                CalendarToken.user_id == user.id, CalendarToken.revoked_at.is_(None)
            )
        ).scalars()
    )


def test_only_the_hash_of_a_token_is_stored(world):
    user = world.users["member"]
    token = calendar_tokens.issue_calendar_token(user)
    [row] = live_tokens(user)
    assert row.token_hash == calendar_tokens.hash_token(token) != token
    assert len(token) >= 43 and len(row.token_hash) == 64
    assert calendar_tokens.user_for_token(token) is user


def test_reissuing_revokes_the_old_token(world):
    user = world.users["member"]
    old = calendar_tokens.issue_calendar_token(user)
    new = calendar_tokens.issue_calendar_token(user)
    assert old != new
    assert calendar_tokens.user_for_token(old) is None
    assert calendar_tokens.user_for_token(new) is user
    assert len(live_tokens(user)) == 1


def test_revoked_token_finds_no_user(world):
    user = world.users["parent"]
    token = calendar_tokens.issue_calendar_token(user)
    assert calendar_tokens.revoke_calendar_tokens(user) == 1
    assert calendar_tokens.user_for_token(token) is None
    assert calendar_tokens.revoke_calendar_tokens(user) == 0


def test_unknown_token_and_disabled_account_find_no_user(world):
    user = world.users["parent"]
    token = calendar_tokens.issue_calendar_token(user)
    assert calendar_tokens.user_for_token("not-a-token") is None
    user.is_enabled = False
    db.session.flush()
    assert calendar_tokens.user_for_token(token) is None


def test_audit_event_records_the_issue_but_not_the_token(world):
    user = world.users["member"]
    token = calendar_tokens.issue_calendar_token(user)
    event_row = db.session.execute(
        sa.select(AuditEvent).order_by(AuditEvent.seq.desc()).limit(1)
    ).scalar_one()
    assert event_row.action == "calendar.token_issue" and event_row.actor_id == user.id
    assert event_row.summary == f"Calendar feed address issued for user {user.id}"
    recorded = repr((event_row.summary, event_row.changes))
    assert token not in recorded and calendar_tokens.hash_token(token) not in recorded


def test_officer_role_is_enough_for_a_token_holders_feed(world):
    # The feed behind a token is the person's feed: an officer's board shows up through it.
    board_ops.assign_officer(
        None, world.other_board, world.users["chair"].person, OfficerRole.CHAIR
    )
    meeting = add_meeting(world.other_board, WINTER)
    user = calendar_tokens.user_for_token(
        calendar_tokens.issue_calendar_token(world.users["chair"])
    )
    assert user is not None
    assert meeting in calendar_queries.person_feed_meetings(user.person, *WINDOW)
