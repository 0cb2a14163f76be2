"""The writes of the boards area: check the rules, change the models, audit, flush."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from governance.audit.changes import apply_changes
from governance.audit.operations import record_event
from governance.boards import rules
from governance.boards.models import (
    Appointment,
    Board,
    BoardOfficer,
    OfficerRole,
    Organisation,
    Person,
    Seat,
    SeatCategory,
)
from governance.boards.signals import appointment_made
from governance.errors import DomainError
from governance.extensions import db

if TYPE_CHECKING:
    from governance.auth.models import User

#: Person fields that hold personal data: the audit log notes they changed, never their values,
#: so erasure (which pseudonymises the person's row) leaves nothing identifying in the chain.
#: The organisation is recorded by its id, a reference like the person's own.
PERSONAL_FIELDS = ("full_name", "email", "phone", "job_title")


def _unique(model: Any, column: Any, value: Any, field: str, what: str, ignore: Any = None) -> None:
    query = sa.select(model.id).where(column == value)
    if ignore is not None and ignore.id is not None:
        query = query.where(model.id != ignore.id)
    if db.session.execute(query.limit(1)).first() is not None:
        raise DomainError(f"{what} is already in use.", field=field)


# Organisations ---------------------------------------------------------------------------


def save_organisation(
    actor: User | None, organisation: Organisation | None, values: dict[str, Any]
) -> Organisation:
    """Create an organisation, or update one, after checking sector and name."""
    values = {**values, "name": values["name"].strip()}
    rules.check_organisation(values["sector"], values.get("agency_type"))
    _unique(Organisation, Organisation.name, values["name"], "name", "That name", organisation)
    creating = organisation is None
    if organisation is None:
        organisation = Organisation()
        db.session.add(organisation)
    changes = apply_changes(organisation, values)
    if creating or changes:
        record_event(
            actor,
            "organisation.create" if creating else "organisation.update",
            organisation,
            f"{'Created' if creating else 'Updated'} organisation {organisation.name}",
            changes,
        )
    return organisation


# People ----------------------------------------------------------------------------------


def save_person(actor: User | None, person: Person | None, values: dict[str, Any]) -> Person:
    """Create a person, or update one; email addresses are unique and kept lower-case."""
    values = dict(values)
    values["full_name"] = values["full_name"].strip()
    if not values["full_name"]:
        raise DomainError("Give the person's name.", field="full_name")
    email = (values.get("email") or "").strip().lower() or None
    values["email"] = email
    if email is not None:
        _unique(Person, Person.email, email, "email", "That email address", person)
    creating = person is None
    if person is None:
        person = Person()
        db.session.add(person)
    changes = apply_changes(person, values, personal=PERSONAL_FIELDS)
    if creating or changes:
        record_event(
            actor,
            "person.create" if creating else "person.update",
            person,
            # People are named in the log by id only.
            f"{'Created' if creating else 'Updated'} person {person.id or 'new'}",
            changes,
        )
    return person


# Boards ----------------------------------------------------------------------------------


def save_board(actor: User | None, board: Board | None, values: dict[str, Any]) -> Board:
    """Create a board or sub-group, or update one, after checking its settings."""
    values = dict(values)
    values["name"] = values["name"].strip()
    values["code"] = rules.check_code(values["code"])
    rules.check_timezone(values["timezone"])
    if values.get("notice_clear_days", 0) < 0:
        raise DomainError("The notice period cannot be negative.", field="notice_clear_days")
    if values.get("max_size") is not None and values["max_size"] < 1:
        raise DomainError("The maximum size must be at least 1.", field="max_size")
    parent = values.pop("parent", None)
    rules.check_parent(board, parent)
    fraction = rules.parse_fraction(values.pop("quorum_fraction", "") or "")
    values["quorum_fraction_numerator"], values["quorum_fraction_denominator"] = fraction or (
        None,
        None,
    )
    values["parent_id"] = parent.id if parent is not None else None
    _unique(Board, Board.name, values["name"], "name", "That board name", board)
    _unique(Board, Board.code, values["code"], "code", "That code", board)
    values["required_agency_types"] = sorted(
        str(v) for v in values.get("required_agency_types", [])
    )
    if "induction_categories" in values:
        # Parent seats always start an induction, so they are not stored as a choice.
        values["induction_categories"] = sorted(
            {str(v) for v in values["induction_categories"]} - {SeatCategory.PARENT.value}
        )
    creating = board is None
    if board is None:
        board = Board()
        db.session.add(board)
    changes = apply_changes(board, values)
    if creating or changes:
        record_event(
            actor,
            "board.create" if creating else "board.update",
            board,
            f"{'Created' if creating else 'Updated'} board {board.name}",
            changes,
        )
    return board


def assign_officer(
    actor: User | None, board: Board, person: Person, role: OfficerRole
) -> BoardOfficer:
    """Make a person the board's secretary or chair."""
    existing = db.session.execute(
        sa.select(BoardOfficer).where(
            BoardOfficer.board_id == board.id,
            BoardOfficer.person_id == person.id,
            BoardOfficer.role == role,
        )
    ).scalar_one_or_none()
    if existing is not None:
        raise DomainError(f"That person is already {role.value} of this board.", field="person_id")
    officer = BoardOfficer(board=board, person=person, role=role)
    db.session.add(officer)
    record_event(
        actor,
        "board.officer_assign",
        officer,
        f"Person {person.id} made {role.value} of board {board.id}",
        {"board_id": [None, board.id], "person_id": [None, person.id], "role": [None, role.value]},
    )
    return officer


def remove_officer(actor: User | None, officer: BoardOfficer) -> None:
    """Stop a person acting as secretary or chair of a board."""
    record_event(
        actor,
        "board.officer_remove",
        officer,
        f"Person {officer.person_id} no longer {officer.role.value} of board {officer.board_id}",
        {"role": [officer.role.value, None]},
    )
    db.session.delete(officer)
    db.session.flush()


# Seats -----------------------------------------------------------------------------------


def save_seat(actor: User | None, board: Board, seat: Seat | None, values: dict[str, Any]) -> Seat:
    """Create a seat on a board, or update one, after checking category and organisation."""
    values = dict(values)
    values["title"] = values["title"].strip()
    organisation = values.pop("organisation", None)
    category: SeatCategory = values["category"]
    rules.check_seat(category, organisation)
    values["organisation_id"] = organisation.id if organisation is not None else None
    if values.get("abolished_on") is not None and seat is not None:
        on: date = values["abolished_on"]
        for appointment in seat.appointments:
            if appointment.ends_on is None or appointment.ends_on >= on:
                raise DomainError(
                    "End the current holder's appointment before abolishing the seat.",
                    field="abolished_on",
                )
    creating = seat is None
    if seat is None:
        seat = Seat(board=board)
        db.session.add(seat)
    changes = apply_changes(seat, values)
    if creating or changes:
        record_event(
            actor,
            "seat.create" if creating else "seat.update",
            seat,
            f"{'Created' if creating else 'Updated'} seat {seat.title} on board {board.id}",
            changes,
        )
    return seat


# Appointments ----------------------------------------------------------------------------


def _board_appointments(board_id: int) -> list[Appointment]:
    return list(
        db.session.execute(
            sa.select(Appointment).join(Seat).where(Seat.board_id == board_id)
        ).scalars()
    )


def appoint(
    actor: User | None, seat: Seat, person: Person, starts_on: date, ends_on: date | None
) -> Appointment:
    """Appoint a person to a seat for a term."""
    rules.check_appointment(seat, person.id, starts_on, ends_on, _board_appointments(seat.board_id))
    appointment = Appointment(seat=seat, person=person, starts_on=starts_on, ends_on=ends_on)
    db.session.add(appointment)
    record_event(
        actor,
        "appointment.create",
        appointment,
        f"Person {person.id} appointed to seat {seat.id} on board {seat.board_id}",
        {
            "seat_id": [None, seat.id],
            "person_id": [None, person.id],
            "starts_on": [None, starts_on.isoformat()],
            "ends_on": [None, ends_on.isoformat() if ends_on else None],
        },
    )
    # Induction builds on boards: it listens for this and starts the new member's induction.
    appointment_made.send(appointment, actor=actor)
    return appointment


def change_term(
    actor: User | None, appointment: Appointment, starts_on: date, ends_on: date | None
) -> Appointment:
    """Correct or extend an appointment's term."""
    rules.check_appointment(
        appointment.seat,
        appointment.person_id,
        starts_on,
        ends_on,
        _board_appointments(appointment.seat.board_id),
        ignore_id=appointment.id,
    )
    changes = apply_changes(appointment, {"starts_on": starts_on, "ends_on": ends_on})
    if changes:
        record_event(
            actor,
            "appointment.update",
            appointment,
            f"Changed the term of appointment {appointment.id}",
            changes,
        )
    return appointment


def end_appointment(
    actor: User | None, appointment: Appointment, ends_on: date, reason: str
) -> Appointment:
    """End an appointment early; the appointment stays in the seat's history."""
    rules.check_end(appointment, ends_on, reason)
    changes = apply_changes(appointment, {"ends_on": ends_on, "end_reason": reason.strip()})
    record_event(
        actor,
        "appointment.end",
        appointment,
        f"Ended appointment {appointment.id} on {ends_on.isoformat()}",
        changes,
    )
    return appointment
