"""Reads of the boards area that load what a page shows in a fixed number of statements."""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from governance.boards.models import Appointment, Board, BoardOfficer, Organisation, Person, Seat
from governance.boards.permissions import can_view_board
from governance.extensions import db


def all_boards() -> list[Board]:
    return list(
        db.session.execute(
            sa.select(Board)
            .options(selectinload(Board.parent), selectinload(Board.officers))
            .order_by(Board.name)
        ).scalars()
    )


def visible_boards(user: Any) -> list[Board]:
    """The boards this user may see, parents before their sub-groups."""
    boards = [b for b in all_boards() if can_view_board(user, b)]
    by_parent: dict[int | None, list[Board]] = {}
    visible_ids = {b.id for b in boards}
    for board in boards:
        key = board.parent_id if board.parent_id in visible_ids else None
        by_parent.setdefault(key, []).append(board)
    ordered: list[Board] = []

    def walk(parent_id: int | None) -> None:
        for board in by_parent.get(parent_id, []):
            ordered.append(board)
            walk(board.id)

    walk(None)
    return ordered


def board_with_members(board_id: int) -> Board | None:
    """A board with its seats, their organisations and every appointment and appointee.

    The optional one-to-one neighbours (parent, accountable body, lead agency) come in the same
    statement, so the count does not depend on which a board names.
    """
    return db.session.execute(
        sa.select(Board)
        .where(Board.id == board_id)
        .options(
            joinedload(Board.parent),
            joinedload(Board.accountable_body),
            joinedload(Board.lead_agency),
            selectinload(Board.seats).selectinload(Seat.organisation),
            selectinload(Board.seats)
            .selectinload(Seat.appointments)
            .selectinload(Appointment.person),
            selectinload(Board.subgroups),
            selectinload(Board.officers).selectinload(BoardOfficer.person),
        )
    ).scalar_one_or_none()


def organisations() -> list[Organisation]:
    return list(db.session.execute(sa.select(Organisation).order_by(Organisation.name)).scalars())


def people() -> list[Person]:
    return list(
        db.session.execute(
            sa.select(Person).options(selectinload(Person.organisation)).order_by(Person.full_name)
        ).scalars()
    )


def people_with_boards() -> list[Person]:
    """Everyone, with what deciding who may see them needs: seats, offices and login."""
    return list(
        db.session.execute(
            sa.select(Person)
            .options(
                selectinload(Person.organisation),
                selectinload(Person.appointments)
                .selectinload(Appointment.seat)
                .selectinload(Seat.board),
                selectinload(Person.offices).selectinload(BoardOfficer.board),
                selectinload(Person.user),
            )
            .order_by(Person.full_name)
        ).scalars()
    )


def person_with_history(person_id: int) -> Person | None:
    return db.session.execute(
        sa.select(Person)
        .where(Person.id == person_id)
        .options(
            selectinload(Person.appointments)
            .selectinload(Appointment.seat)
            .selectinload(Seat.board),
            selectinload(Person.offices).selectinload(BoardOfficer.board),
            selectinload(Person.organisation),
            selectinload(Person.user),
        )
    ).scalar_one_or_none()


def organisation_with_seats(organisation_id: int) -> Organisation | None:
    return db.session.execute(
        sa.select(Organisation)
        .where(Organisation.id == organisation_id)
        .options(
            selectinload(Organisation.seats).selectinload(Seat.board),
            selectinload(Organisation.seats)
            .selectinload(Seat.appointments)
            .selectinload(Appointment.person),
            selectinload(Organisation.people),
        )
    ).scalar_one_or_none()


def member_ids_on(board_id: int, on: date) -> sa.Select[tuple[int]]:
    """The board's members on a day: people holding a seat on it that day, in a seat not yet
    abolished then (`Seat.is_active`), as a subquery of person ids.

    The one definition of "members on a day": the meeting's members and every count about
    them (governance/meetings/queries.py `member_ids`), induction and actions all use it.
    """
    return (
        sa.select(Appointment.person_id)
        .join(Seat, Seat.id == Appointment.seat_id)
        .where(
            Seat.board_id == board_id,
            sa.or_(Seat.abolished_on.is_(None), Seat.abolished_on > on),
            Appointment.starts_on <= on,
            sa.or_(Appointment.ends_on.is_(None), Appointment.ends_on >= on),
        )
    )
