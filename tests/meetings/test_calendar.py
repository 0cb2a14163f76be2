"""Calendar output, feed queries and feed tokens, without HTTP."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from icalendar import Calendar
from sqlalchemy import event

from governance.audit.models import AuditEvent
from governance.boards import operations as board_ops
from governance.boards.models import Board, OfficerRole
from governance.extensions import db
from governance.meetings import calendar_queries, calendar_tokens
from governance.meetings.calendar import (
    calendar_for,
    etag_for,
    feed_window,
    invitation,
    is_published,
)
from governance.meetings.models import CalendarToken, Meeting, MeetingStatus

LONDON = ZoneInfo("Europe/London")
SUMMER = datetime(2026, 7, 9, 9, 0, tzinfo=UTC)  # 10:00 BST
WINTER = datetime(2026, 12, 10, 10, 0, tzinfo=UTC)  # 10:00 GMT
_uids = itertools.count(1)


def add_meeting(
    board: Board, starts_at: datetime, status: MeetingStatus = MeetingStatus.NOTICE_ISSUED, **kw
) -> Meeting:
    meeting = Meeting(
        board=board,
        title=kw.pop("title", "Board meeting"),
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=2),
        uid=f"test-{next(_uids)}@governance",
        status=status,
        **kw,
    )
    db.session.add(meeting)
    db.session.flush()
    return meeting


def parse(meetings: list[Meeting], **kw) -> Calendar:
    return Calendar.from_ical(calendar_for([(m, m.board) for m in meetings], name="Feed", **kw))


@contextmanager
def counting() -> Iterator[list[str]]:
    statements: list[str] = []

    def count(conn, cursor, statement, *args):
        if not statement.lstrip().upper().startswith(("SAVEPOINT", "RELEASE", "ROLLBACK TO")):
            statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", count)


# Events ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("starts_at", "local_hour", "zone_name"), [(SUMMER, 10, "BST"), (WINTER, 10, "GMT")]
)
def test_start_is_local_time_in_the_boards_zone_and_the_same_instant(
    world, starts_at, local_hour, zone_name
):
    meeting = add_meeting(world.board, starts_at)
    parsed = parse([meeting]).events[0]
    assert parsed.start == starts_at and parsed.end == starts_at + timedelta(hours=2)
    assert parsed["DTSTART"].params["TZID"] == "Europe/London"
    assert parsed.start.hour == local_hour and parsed.start.tzname() == zone_name


def test_feed_carries_a_vtimezone_for_the_boards_zone(world):
    cal = parse([add_meeting(world.board, SUMMER), add_meeting(world.board, WINTER)])
    assert [tz.tz_name for tz in cal.timezones] == ["Europe/London"]
    kinds = {c.name for c in cal.timezones[0].subcomponents}
    assert kinds == {"STANDARD", "DAYLIGHT"}
    assert cal.get_missing_tzids() == set()


def test_every_zone_used_gets_its_vtimezone(world, make_board):
    ny = make_board(name="New York Board", code="NY", timezone="America/New_York")
    cal = parse([add_meeting(world.board, WINTER), add_meeting(ny, WINTER)])
    assert sorted(tz.tz_name for tz in cal.timezones) == ["America/New_York", "Europe/London"]
    assert cal.events[1].start.hour == 5  # 10:00 UTC is 05:00 in New York in December


def test_event_has_uid_sequence_summary_place_and_link(world):
    meeting = add_meeting(
        world.board, WINTER, title="Budget", location="Room 2", online_url="https://meet.example/x"
    )
    meeting.sequence = 3
    cal = parse([meeting], url_for_meeting=lambda m: f"https://gov.example/meetings/{m.id}")
    parsed = cal.events[0]
    assert parsed.uid == meeting.uid and parsed.sequence == 3
    assert str(parsed["SUMMARY"]) == "Partnership Board: Budget"
    assert str(parsed["LOCATION"]) == "Room 2 / https://meet.example/x"
    assert f"https://gov.example/meetings/{meeting.id}" in str(parsed["DESCRIPTION"])
    assert str(parsed["STATUS"]) == "CONFIRMED"
    assert parsed.last_modified == meeting.updated_at.replace(microsecond=0)
    assert str(cal["PRODID"]) == "-//Governance//Partnership boards//EN"
    assert str(cal["VERSION"]) == "2.0" and str(cal["X-WR-CALNAME"]) == "Feed"
    assert "METHOD" not in cal


def test_cancelled_meeting_stays_in_the_feed_marked_cancelled(world):
    meeting = add_meeting(world.board, WINTER, MeetingStatus.CANCELLED, cancel_reason="No quorum")
    parsed = parse([meeting]).events[0]
    assert str(parsed["STATUS"]) == "CANCELLED"
    assert "No quorum" in str(parsed["DESCRIPTION"])


def test_drafts_are_not_published_but_everything_else_is():
    assert not is_published(Meeting(status=MeetingStatus.DRAFT))
    assert all(
        is_published(Meeting(status=s)) for s in MeetingStatus if s is not MeetingStatus.DRAFT
    )


def test_same_meetings_serialise_to_the_same_bytes(world):
    meetings = [add_meeting(world.board, SUMMER), add_meeting(world.board, WINTER)]
    pairs = [(m, m.board) for m in meetings]
    assert calendar_for(pairs, name="Feed") == calendar_for(pairs, name="Feed")


# Invitations -----------------------------------------------------------------------------------


def test_request_invitation_names_organiser_and_attendee(world):
    meeting = add_meeting(world.board, WINTER)
    text = invitation(
        meeting, world.board, "REQUEST", "parent@example.org", "Board <gov@example.org>"
    )
    cal = Calendar.from_ical(text)
    parsed = cal.events[0]
    assert str(cal["METHOD"]) == "REQUEST"
    assert str(parsed["ORGANIZER"]) == "mailto:gov@example.org"
    assert str(parsed["ATTENDEE"]) == "mailto:parent@example.org"
    assert str(parsed["STATUS"]) == "CONFIRMED" and parsed.uid == meeting.uid
    assert [tz.tz_name for tz in cal.timezones] == ["Europe/London"]


def test_cancel_invitation_is_status_cancelled(world):
    meeting = add_meeting(world.board, WINTER, MeetingStatus.CANCELLED, sequence=1)
    cal = Calendar.from_ical(
        invitation(meeting, world.board, "CANCEL", "a@example.org", "b@example.org")
    )
    assert str(cal["METHOD"]) == "CANCEL"
    assert str(cal.events[0]["STATUS"]) == "CANCELLED" and cal.events[0].sequence == 1


def test_unknown_invitation_method_is_refused(world):
    with pytest.raises(ValueError, match="PUBLISH"):
        invitation(add_meeting(world.board, WINTER), world.board, "PUBLISH", "a@x.org", "b@x.org")


# ETags and the window --------------------------------------------------------------------------


def test_etag_changes_when_a_meeting_changes_and_only_then(world):
    meeting = add_meeting(world.board, WINTER)
    window = feed_window(datetime(2026, 11, 23, 12, tzinfo=UTC))
    before = etag_for([meeting], window)
    assert etag_for([meeting], window) == before
    meeting.sequence += 1
    moved = etag_for([meeting], window)
    assert moved != before
    meeting.status = MeetingStatus.CANCELLED
    assert etag_for([meeting], window) not in (before, moved)


def test_etag_changes_with_the_window_and_the_set_of_meetings(world):
    meeting = add_meeting(world.board, WINTER)
    today = feed_window(datetime(2026, 11, 23, 12, tzinfo=UTC))
    later_today = feed_window(datetime(2026, 11, 23, 23, 59, tzinfo=UTC))
    tomorrow = feed_window(datetime(2026, 11, 24, 0, 1, tzinfo=UTC))
    assert etag_for([meeting], today) == etag_for([meeting], later_today)
    assert etag_for([meeting], today) != etag_for([meeting], tomorrow)
    assert etag_for([meeting], today) != etag_for([], today)


def test_feed_window_is_a_year_back_and_two_ahead_in_whole_days():
    assert feed_window(datetime(2026, 11, 23, 12, 30, tzinfo=UTC)) == (
        datetime(2025, 11, 23, tzinfo=UTC),
        datetime(2028, 11, 23, tzinfo=UTC),
    )
    start, end = feed_window(datetime(2028, 2, 29, tzinfo=UTC))
    assert (start.date(), end.date()) == (date(2027, 2, 28), date(2030, 2, 28))


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
