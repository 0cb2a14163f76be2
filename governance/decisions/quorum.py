"""Quorum at a moment, from the attendance record and the declarations on an item."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from governance.attendance.models import Attendance, AttendanceStatus
from governance.boards.models import Appointment, Board, Seat
from governance.decisions.rules import QuorumResult, QuorumRule, Voter, quorum_at
from governance.extensions import db
from governance.interests.models import Declaration, DeclarationAction
from governance.meetings.models import AgendaItem, Meeting
from governance.meetings.rules import local_date

#: Declarations after which a member is not counted for the item: they took no part in the vote.
NOT_COUNTED = (DeclarationAction.WITHDREW, DeclarationAction.STAYED_NO_VOTE)


def rule_for(board: Board) -> QuorumRule:
    """The board's quorum rule as plain values."""
    fraction = None
    if board.quorum_fraction_numerator and board.quorum_fraction_denominator:
        fraction = (board.quorum_fraction_numerator, board.quorum_fraction_denominator)
    return QuorumRule(board.quorum_min_count, fraction, dict(board.quorum_category_minimums or {}))


def _seats_on(meeting: Meeting) -> dict[int, Seat]:
    """Each person's seat on the meeting's board on the meeting day: {person_id: seat}."""
    day = local_date(meeting.starts_at, meeting.board.timezone)
    rows = db.session.execute(
        sa.select(Appointment)
        .join(Seat)
        .where(
            Seat.board_id == meeting.board_id,
            Appointment.starts_on <= day,
            sa.or_(Appointment.ends_on.is_(None), Appointment.ends_on >= day),
        )
        .options(selectinload(Appointment.seat))
    ).scalars()
    return {a.person_id: a.seat for a in rows if a.seat.is_active(day)}


def filled_voting_seats(meeting: Meeting) -> int:
    """Voting seats filled on the meeting day."""
    return sum(1 for seat in _seats_on(meeting).values() if seat.voting)


def voters_at(meeting: Meeting, moment: datetime | None) -> list[Voter]:
    """Members and deputies in the room at `moment`, each in the seat they sat in; with no
    moment, everyone who was in the room at some time of the meeting."""
    seats = _seats_on(meeting)
    rows = db.session.execute(
        sa.select(Attendance)
        .where(
            Attendance.meeting_id == meeting.id,
            Attendance.status.in_([AttendanceStatus.PRESENT, AttendanceStatus.DEPUTY]),
        )
        .options(selectinload(Attendance.seat))
    ).scalars()
    voters = []
    for row in rows:
        if moment is not None and not _in_the_room(row, moment):
            continue
        seat = row.seat or seats.get(row.person_id)
        if seat is None and row.deputy_for_id is not None:
            seat = seats.get(row.deputy_for_id)
        if seat is not None:
            voters.append(Voter(row.person_id, seat.category.value, seat.voting))
    return voters


def _in_the_room(row: Attendance, moment: datetime) -> bool:
    if row.arrived_at is not None and row.arrived_at > moment:
        return False
    return row.departed_at is None or row.departed_at > moment


def not_counted_on(item: AgendaItem) -> set[int]:
    """People who withdrew, or stayed without voting, under a declaration on this item."""
    return set(
        db.session.execute(
            sa.select(Declaration.person_id).where(
                Declaration.agenda_item_id == item.id, Declaration.action.in_(NOT_COUNTED)
            )
        ).scalars()
    )


def quorum_for(item: AgendaItem, moment: datetime) -> QuorumResult:
    """Whether the board was quorate for this item at this moment."""
    meeting = item.meeting
    return quorum_at(
        rule_for(meeting.board),
        filled_voting_seats(meeting),
        voters_at(meeting, moment),
        not_counted_on(item),
    )


def may_vote(item: AgendaItem, moment: datetime | None) -> set[int]:
    """Who may cast a named vote on the item: voting members in the room at `moment` (at any
    time of the meeting when the moment is not yet known), less anyone who withdrew or stayed
    without voting under a declared interest, as `record_decision` will check."""
    withdrawn = not_counted_on(item)
    return {
        v.person_id
        for v in voters_at(item.meeting, moment)
        if v.voting and v.person_id not in withdrawn
    }
