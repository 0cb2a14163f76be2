"""Reads of the meetings area, each in a fixed number of statements."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from governance.boards.models import Appointment, Board, BoardOfficer, Person
from governance.boards.queries import member_ids_on
from governance.extensions import db
from governance.meetings.models import AgendaItem, Meeting, MeetingStatus
from governance.meetings.rules import local_date


def board_meetings(board: Board) -> list[Meeting]:
    """Every meeting of a board, newest first."""
    return list(
        db.session.execute(
            sa.select(Meeting)
            .where(Meeting.board_id == board.id)
            .options(selectinload(Meeting.items))
            .order_by(Meeting.starts_at.desc())
        ).scalars()
    )


def recipients(meeting: Meeting) -> list[Person]:
    """Members on the meeting day and the board's officers who have an email address.

    Loaded with what `permissions.person_sees_confidential` reads (seats, offices, account), so
    a mail built per recipient costs no statement per person.
    """
    day = local_date(meeting.starts_at, meeting.board.timezone)
    members = member_ids_on(meeting.board_id, day)
    officers = sa.select(BoardOfficer.person_id).where(BoardOfficer.board_id == meeting.board_id)
    return list(
        db.session.execute(
            sa.select(Person)
            .where(Person.id.in_(members.union(officers)), Person.email.is_not(None))
            .options(
                selectinload(Person.appointments).selectinload(Appointment.seat),
                selectinload(Person.offices),
                selectinload(Person.user),
            )
            .order_by(Person.id)
        ).scalars()
    )


def usual_meeting(board: Board) -> Meeting | None:
    """The board's latest meeting that was not cancelled: its title, hours and place are the
    board's usual ones, offered when the next is scheduled."""
    return db.session.execute(
        sa.select(Meeting)
        .where(Meeting.board_id == board.id, Meeting.status != MeetingStatus.CANCELLED)
        .order_by(Meeting.starts_at.desc(), Meeting.id.desc())
        .limit(1)
    ).scalar_one_or_none()


def last_agenda(meeting: Meeting) -> Meeting | None:
    """The board's latest meeting before this one that had an agenda and was not cancelled."""
    return db.session.execute(
        sa.select(Meeting)
        .where(
            Meeting.board_id == meeting.board_id,
            Meeting.id != meeting.id,
            Meeting.starts_at < meeting.starts_at,
            Meeting.status != MeetingStatus.CANCELLED,
            sa.exists().where(AgendaItem.meeting_id == Meeting.id),
        )
        .options(selectinload(Meeting.items))
        .order_by(Meeting.starts_at.desc(), Meeting.id.desc())
        .limit(1)
    ).scalar_one_or_none()
