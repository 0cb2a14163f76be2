"""Calendar output: events, time zones, invitations, ETags and the feed window, without HTTP."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta

import pytest
from icalendar import Calendar

from governance.boards.models import Board
from governance.extensions import db
from governance.meetings.ics import calendar_for, etag_for, feed_window, invitation, is_published
from governance.meetings.models import Meeting, MeetingStatus

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
