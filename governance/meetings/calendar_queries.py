"""Reads behind the calendar feeds, each in a fixed number of statements."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from governance.boards.models import Appointment, Board, BoardOfficer, Person, Seat
from governance.extensions import db
from governance.meetings.models import Meeting, MeetingStatus
from governance.meetings.rules import local_date


def _published_in(start: datetime, end: datetime) -> sa.Select[tuple[Meeting]]:
    # Meetings that overlap the window, so one running across its edge is not lost.
    return (
        sa.select(Meeting)
        .where(
            Meeting.status != MeetingStatus.DRAFT,
            Meeting.starts_at < end,
            Meeting.ends_at > start,
        )
        .options(selectinload(Meeting.board))
        .order_by(Meeting.starts_at, Meeting.id)
    )


def board_feed_meetings(board: Board, start: datetime, end: datetime) -> list[Meeting]:
    """The board's published meetings in the window, earliest first."""
    return list(
        db.session.execute(_published_in(start, end).where(Meeting.board_id == board.id)).scalars()
    )


def person_feed_meetings(person: Person, start: datetime, end: datetime) -> list[Meeting]:
    """Published meetings in the window of boards the person sat on that day, or is officer of."""
    terms = db.session.execute(
        sa.select(Seat.board_id, Appointment.starts_on, Appointment.ends_on)
        .join(Appointment.seat)
        .where(Appointment.person_id == person.id)
    ).all()
    offices = set(
        db.session.execute(
            sa.select(BoardOfficer.board_id).where(BoardOfficer.person_id == person.id)
        ).scalars()
    )
    board_ids = offices | {t.board_id for t in terms}
    if not board_ids:
        return []
    candidates = db.session.execute(
        _published_in(start, end).where(Meeting.board_id.in_(board_ids))
    ).scalars()

    # The meeting day is counted in the board's timezone, which SQL cannot do portably, so
    # the terms are matched here against the meetings the query narrowed down.
    def seated(meeting: Meeting) -> bool:
        day = local_date(meeting.starts_at, meeting.board.timezone)
        return any(
            t.board_id == meeting.board_id
            and t.starts_on <= day
            and (t.ends_on is None or t.ends_on >= day)
            for t in terms
        )

    return [m for m in candidates if m.board_id in offices or seated(m)]
