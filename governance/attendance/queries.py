"""Reads of the attendance register, each in a fixed number of statements."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from governance.attendance.models import Attendance, AttendanceStatus
from governance.boards.models import Appointment, Board, BoardOfficer, OfficerRole, Person, Seat
from governance.extensions import db
from governance.meetings.models import Meeting
from governance.meetings.rules import local_date


@dataclass(frozen=True)
class RegisterRow:
    """One line of the register: a member in their seat, or a deputy or someone in attendance."""

    person: Person
    seat: Seat | None
    attendance: Attendance | None
    is_member: bool
    #: For a member: the deputies recorded in their seat.
    deputies: tuple[Attendance, ...] = ()

    @property
    def status(self) -> AttendanceStatus | None:
        return self.attendance.status if self.attendance else None


def meeting_day(meeting: Meeting) -> date:
    """The meeting's date where the board meets."""
    return local_date(meeting.starts_at, meeting.board.timezone)


def _appointments_on(meeting: Meeting) -> list[Appointment]:
    day = meeting_day(meeting)
    rows = db.session.execute(
        sa.select(Appointment)
        .join(Seat, Seat.id == Appointment.seat_id)
        .where(
            Seat.board_id == meeting.board_id,
            Appointment.starts_on <= day,
            sa.or_(Appointment.ends_on.is_(None), Appointment.ends_on >= day),
        )
        .options(
            joinedload(Appointment.person),
            joinedload(Appointment.seat).joinedload(Seat.organisation),
        )
        .order_by(Seat.position, Seat.id, Appointment.id)
    ).scalars()
    return [a for a in rows if a.seat.is_active(day)]


def members_on(meeting: Meeting) -> dict[int, Seat]:
    """Each member's seat on the meeting's board on the meeting day: {person_id: seat}."""
    seats: dict[int, Seat] = {}
    for appointment in _appointments_on(meeting):
        # Someone holding two seats is recorded once, in the first.
        seats.setdefault(appointment.person_id, appointment.seat)
    return seats


def attendance_rows(meeting: Meeting) -> list[Attendance]:
    """Every attendance row of the meeting, with the people and seats it names."""
    return list(
        db.session.execute(
            sa.select(Attendance)
            .where(Attendance.meeting_id == meeting.id)
            .options(
                joinedload(Attendance.person),
                joinedload(Attendance.deputy_for),
                joinedload(Attendance.seat),
            )
            .order_by(Attendance.id)
        ).scalars()
    )


def register_for(meeting: Meeting) -> list[RegisterRow]:
    """Every member on the meeting day with their seat and record, then everyone else recorded."""
    rows = attendance_rows(meeting)
    by_person = {row.person_id: row for row in rows}
    deputies: dict[int, list[Attendance]] = {}
    for row in rows:
        if row.status is AttendanceStatus.DEPUTY and row.deputy_for_id is not None:
            deputies.setdefault(row.deputy_for_id, []).append(row)
    register: list[RegisterRow] = []
    seen: set[int] = set()
    for appointment in _appointments_on(meeting):
        if appointment.person_id in seen:
            continue
        seen.add(appointment.person_id)
        register.append(
            RegisterRow(
                person=appointment.person,
                seat=appointment.seat,
                attendance=by_person.get(appointment.person_id),
                is_member=True,
                deputies=tuple(deputies.get(appointment.person_id, ())),
            )
        )
    others = [row for row in rows if row.person_id not in seen]
    # Deputies first, beside the seats they fill; then officers and guests.
    others.sort(key=lambda r: (r.status is not AttendanceStatus.DEPUTY, r.person.full_name))
    register.extend(
        RegisterRow(person=r.person, seat=r.seat, attendance=r, is_member=False) for r in others
    )
    return register


def _boards_up(board: Board) -> list[Board]:
    """The board and the boards it reports to, nearest first (a loop is cut short)."""
    chain: list[Board] = []
    node: Board | None = board
    while node is not None and node not in chain:
        chain.append(node)
        node = node.parent
    return chain


def secretaries_of(meeting: Meeting) -> list[Person]:
    """The board's secretaries with an email address, or failing those, a parent board's."""
    lineage = _boards_up(meeting.board)
    rows = db.session.execute(
        sa.select(BoardOfficer)
        .where(
            BoardOfficer.board_id.in_([b.id for b in lineage]),
            BoardOfficer.role == OfficerRole.SECRETARY,
        )
        .options(joinedload(BoardOfficer.person))
    ).scalars()
    by_board: dict[int, list[Person]] = {}
    for officer in rows:
        if officer.person.email:
            by_board.setdefault(officer.board_id, []).append(officer.person)
    for board in lineage:
        if by_board.get(board.id):
            return sorted(by_board[board.id], key=lambda p: p.id)
    return []


def names_of(person_ids: set[int]) -> dict[int, str]:
    """Full names by person id, in one statement."""
    if not person_ids:
        return {}
    rows = db.session.execute(
        sa.select(Person.id, Person.full_name).where(Person.id.in_(person_ids))
    )
    return {person_id: name for person_id, name in rows}
