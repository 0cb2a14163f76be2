"""Reads behind the calendar feeds, each in a fixed number of statements."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

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


@dataclass(frozen=True)
class Membership:
    """The boards a person sits on (each term's dates) or serves as an officer of."""

    terms: tuple[tuple[int, date, date | None], ...]
    offices: frozenset[int]

    @property
    def board_ids(self) -> set[int]:
        return set(self.offices) | {board_id for board_id, _, _ in self.terms}


def membership(person_id: int) -> Membership:
    """The person's terms (board, start, end) and offices, in one statement."""
    rows: Sequence[Any] = db.session.execute(
        sa.union_all(
            sa.select(
                Seat.board_id,
                Appointment.starts_on,
                Appointment.ends_on,
                sa.literal(False).label("officer"),
            )
            .join(Appointment.seat)
            .where(Appointment.person_id == person_id),
            sa.select(BoardOfficer.board_id, sa.null(), sa.null(), sa.literal(True)).where(
                BoardOfficer.person_id == person_id
            ),
        )
    ).all()
    terms = sorted(
        (
            (board_id, starts_on, ends_on)
            for board_id, starts_on, ends_on, officer in rows
            if not officer
        ),
        key=lambda t: (t[0], t[1], t[2] or date.max),
    )
    offices = frozenset(board_id for board_id, _, _, officer in rows if officer)
    return Membership(tuple(terms), offices)


def feed_state(board_ids: set[int], start: datetime, end: datetime) -> list[tuple[object, ...]]:
    """A cheap summary of the boards' published meetings in the window, in one statement.

    Per board: its name and timezone, and the count, id sum, sequence sum and latest
    `updated_at` of its meetings. Every change to a meeting sets its `updated_at`; one joining
    or leaving the set changes the count or the id sum. So any change to what a feed of these
    meetings contains changes this summary, without loading the meetings.
    """
    if not board_ids:
        return []
    rows = db.session.execute(
        sa.select(
            Board.id,
            Board.name,
            Board.timezone,
            sa.func.count(Meeting.id),
            sa.func.sum(Meeting.id),
            sa.func.sum(Meeting.sequence),
            sa.func.max(Meeting.updated_at),
        )
        .join(Meeting, Meeting.board_id == Board.id)
        .where(
            Board.id.in_(board_ids),
            Meeting.status != MeetingStatus.DRAFT,
            Meeting.starts_at < end,
            Meeting.ends_at > start,
        )
        .group_by(Board.id, Board.name, Board.timezone)
        .order_by(Board.id)
    ).all()
    return [
        (board_id, name, zone, count, ids, sequences, latest.astimezone(UTC).isoformat())
        for board_id, name, zone, count, ids, sequences, latest in rows
    ]


def person_feed_meetings(
    person: Person, start: datetime, end: datetime, seats: Membership | None = None
) -> list[Meeting]:
    """Published meetings in the window of boards the person sat on that day, or is officer of."""
    seats = seats or membership(person.id)
    board_ids = seats.board_ids
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
            board_id == meeting.board_id
            and starts_on <= day
            and (ends_on is None or ends_on >= day)
            for board_id, starts_on, ends_on in seats.terms
        )

    return [m for m in candidates if m.board_id in seats.offices or seated(m)]
