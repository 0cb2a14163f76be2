"""iCalendar output for meetings: single events, feeds and mailed invitations (RFC 5545/5546).

No Flask and no session: callers load the meetings (with their boards) and pass links in.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime
from email.utils import parseaddr
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, Timezone, vCalAddress

from governance.boards.models import Board
from governance.database import utcnow
from governance.meetings.models import Meeting, MeetingStatus

PRODID = "-//Governance//Partnership boards//EN"
#: iTIP methods the app sends by mail: a notice (or a move) and a cancellation.
METHODS = ("REQUEST", "CANCEL")

_STATUS = {
    MeetingStatus.DRAFT: "TENTATIVE",
    MeetingStatus.CANCELLED: "CANCELLED",
}


def is_published(meeting: Meeting) -> bool:
    """Whether the meeting may appear in calendars: anything but a draft."""
    return meeting.is_announced


def _where(meeting: Meeting) -> str:
    return " / ".join(p for p in (meeting.location, meeting.online_url) if p)


def _description(meeting: Meeting, board: Board, url: str | None) -> str:
    lines = [f"Meeting of {board.name}."]
    if meeting.is_cancelled:
        lines.append(f"Cancelled: {meeting.cancel_reason or 'no reason given'}.")
    if meeting.online_url:
        lines.append(f"Join online: {meeting.online_url}")
    if url:
        lines.append(f"Agenda and papers: {url}")
    return "\n".join(lines)


def meeting_event(
    meeting: Meeting, board: Board, *, url: str | None = None, stamp: datetime | None = None
) -> Event:
    """One meeting as a VEVENT, its times in the board's timezone (DTSTAMP `stamp` or now)."""
    zone = ZoneInfo(board.timezone)
    event = Event()
    event.add("uid", meeting.uid)
    event.add("sequence", meeting.sequence)
    event.add("dtstamp", (stamp or utcnow()).astimezone(UTC))
    # Local wall-clock times with a TZID, so a meeting fixed at 10:00 stays at 10:00 in
    # calendars across a daylight-saving change however the client handles zones.
    event.add("dtstart", meeting.starts_at.astimezone(zone))
    event.add("dtend", meeting.ends_at.astimezone(zone))
    event.add("summary", f"{board.name}: {meeting.title}")
    if where := _where(meeting):
        event.add("location", where)
    event.add("description", _description(meeting, board, url))
    if url:
        event.add("url", url)
    event.add("status", _STATUS.get(meeting.status, "CONFIRMED"))
    event.add("last-modified", meeting.updated_at.astimezone(UTC))
    return event


def _timezones(zones: set[str], events: list[Event]) -> list[Timezone]:
    # Only the years the events span, so the VTIMEZONE stays short yet covers every event.
    starts = [e.start.date() if isinstance(e.start, datetime) else e.start for e in events]
    first = date(min(starts).year, 1, 1) if starts else date(utcnow().year, 1, 1)
    last = date(max(starts).year + 1, 1, 1) if starts else date(first.year + 1, 1, 1)
    # Sorted, so the same meetings always serialise to the same bytes (the ETag is strong).
    return [
        Timezone.from_tzid(tzid, first_date=first, last_date=last)
        for tzid in sorted(zones - {"UTC", "Etc/UTC"})
    ]


def _calendar(
    events: list[Event], zones: set[str], *, name: str | None, method: str | None
) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    if method:
        calendar.add("method", method)
    if name:
        calendar.add("x-wr-calname", name)
    for timezone in _timezones(zones, events):
        calendar.add_component(timezone)
    for event in events:
        calendar.add_component(event)
    return calendar


def calendar_for(
    meetings_with_boards: Iterable[tuple[Meeting, Board]],
    *,
    name: str,
    method: str | None = None,
    url_for_meeting: Callable[[Meeting], str] | None = None,
) -> bytes:
    """A VCALENDAR of the given meetings with a VTIMEZONE for every zone they use."""
    events, zones = [], set()
    for meeting, board in meetings_with_boards:
        url = url_for_meeting(meeting) if url_for_meeting else None
        # Without a METHOD, RFC 5545 makes DTSTAMP the time of the last revision; using it
        # (not "now") keeps a feed byte-identical until something changes.
        stamp = None if method else meeting.updated_at
        events.append(meeting_event(meeting, board, url=url, stamp=stamp))
        zones.add(board.timezone)
    return _calendar(events, zones, name=name, method=method).to_ical()


def _address(email: str, *, organizer: bool = False) -> vCalAddress:
    display, address = parseaddr(email)
    value = vCalAddress(f"mailto:{address or email}")
    if display:
        value.params["CN"] = display
    if not organizer:
        value.params["ROLE"] = "REQ-PARTICIPANT"
        value.params["PARTSTAT"] = "NEEDS-ACTION"
        value.params["RSVP"] = "FALSE"
    return value


def invitation(
    meeting: Meeting, board: Board, method: str, attendee_email: str, organizer_email: str
) -> str:
    """An iTIP invitation (REQUEST) or cancellation (CANCEL) for one attendee, as text."""
    if method not in METHODS:
        raise ValueError(f"Unsupported calendar method {method!r}")
    event = meeting_event(meeting, board)
    if method == "CANCEL":
        # RFC 5546 requires STATUS:CANCELLED on a cancellation whatever the stored status.
        event.pop("STATUS")
        event.add("status", "CANCELLED")
    event.add("organizer", _address(organizer_email, organizer=True))
    event.add("attendee", _address(attendee_email))
    calendar = _calendar([event], {board.timezone}, name=None, method=method)
    return calendar.to_ical().decode("utf-8")


def _years_from(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year + years, day=28)


def feed_window(now: datetime) -> tuple[datetime, datetime]:
    """The span a feed covers: one year back and two years ahead of today (UTC midnights)."""
    # Whole days, so the window (part of the ETag) changes once a day, not on every request.
    today = now.astimezone(UTC).date()
    start, end = _years_from(today, -1), _years_from(today, 2)
    return (
        datetime(start.year, start.month, start.day, tzinfo=UTC),
        datetime(end.year, end.month, end.day, tzinfo=UTC),
    )


def etag_for(
    meetings: Iterable[Meeting], window: tuple[datetime, datetime] | None = None, *extra: str
) -> str:
    """A strong ETag (unquoted) that changes whenever any meeting in a feed, or the feed, does."""
    digest = hashlib.sha256()
    parts: list[object] = [window and (window[0].isoformat(), window[1].isoformat()), *extra]
    for meeting in meetings:
        # The board's name and zone are in every event, so a renamed board changes the feed.
        parts.append(
            (
                meeting.uid,
                meeting.sequence,
                meeting.status.value,
                meeting.updated_at.astimezone(UTC).isoformat(),
                meeting.board.name,
                meeting.board.timezone,
            )
        )
    digest.update(repr(parts).encode("utf-8"))
    return digest.hexdigest()


def state_etag(window: tuple[datetime, datetime], state: object, *extra: str) -> str:
    """A strong ETag (unquoted) from a summary of a feed's contents, without its meetings."""
    parts = [(window[0].isoformat(), window[1].isoformat()), *extra, state]
    return hashlib.sha256(repr(parts).encode("utf-8")).hexdigest()
