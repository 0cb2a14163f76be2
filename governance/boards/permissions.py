"""Who may see and change boards, seats, people and organisations.

Each predicate denies by default. Auditors read everything and change nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from governance import clock
from governance.boards.models import Board, OfficerRole, Organisation, Person
from governance.extensions import db
from governance.viewer import signed_in

if TYPE_CHECKING:
    from governance.auth.models import User


def _may_write(user: Any) -> bool:
    return signed_in(user) and not user.is_auditor


def _lineage(board: Board) -> list[Board]:
    """The board and the boards above it, nearest first."""
    chain: list[Board] = []
    seen: set[int] = set()
    node: Board | None = board
    while node is not None and node.id not in seen:
        chain.append(node)
        seen.add(node.id)
        node = node.parent
    return chain


def holds_office(user: User | None, board: Board, role: OfficerRole) -> bool:
    """The user's person is `role` of this board or of a board it reports to."""
    if not signed_in(user):
        return False
    assert user is not None
    ids = {b.id for b in _lineage(board)}
    return any(o.board_id in ids and o.role is role for o in user.person.offices)


def holds_any_office(user: User | None, board: Board) -> bool:
    """The user's person is an officer (chair, secretary...) of this board or one above it."""
    return any(holds_office(user, board, role) for role in OfficerRole)


def is_member(user: User | None, board: Board) -> bool:
    """The user's person holds a seat on this board today."""
    if not signed_in(user):
        return False
    assert user is not None
    on = clock.today(board.timezone)
    return any(a.seat.board_id == board.id and a.is_current(on) for a in user.person.appointments)


def is_officer_anywhere(user: User | None) -> bool:
    """The user's person is secretary or chair of some board."""
    return signed_in(user) and bool(user.person.offices)  # type: ignore[union-attr]


def is_secretary_anywhere(user: User | None) -> bool:
    """The user's person is secretary of some board."""
    return signed_in(user) and any(
        o.role is OfficerRole.SECRETARY
        for o in user.person.offices  # type: ignore[union-attr]
    )


def can_view_board(user: User | None, board: Board) -> bool:
    """Public boards are open to all; private ones to admins, auditors, officers, and members
    of the board or of a board it reports to (so sub-groups are visible to the parent board)."""
    if board.is_public:
        return True
    if not signed_in(user):
        return False
    assert user is not None
    if user.is_admin or user.is_auditor:
        return True
    return (
        any(is_member(user, b) for b in _lineage(board))
        or holds_office(user, board, OfficerRole.SECRETARY)
        or holds_office(user, board, OfficerRole.CHAIR)
    )


def can_manage_board(user: User | None, board: Board) -> bool:
    """Administrators and the board's secretary (or a parent board's) edit it and its seats."""
    if not _may_write(user):
        return False
    assert user is not None
    return user.is_admin or holds_office(user, board, OfficerRole.SECRETARY)


def can_create_board(user: User | None, parent: Board | None = None) -> bool:
    """Administrators create boards; a secretary may create sub-groups of their board."""
    if not _may_write(user):
        return False
    assert user is not None
    if user.is_admin:
        return True
    return parent is not None and holds_office(user, parent, OfficerRole.SECRETARY)


def can_manage_officers(user: User | None, board: Board) -> bool:
    """Only administrators name a board's secretaries and chairs."""
    return _may_write(user) and bool(user.is_admin)  # type: ignore[union-attr]


def _open_boards(person: Person) -> list[Board]:
    """The boards a person is on now or is to join: unended appointments, and offices."""
    boards = [
        a.seat.board
        for a in person.appointments
        if a.ends_on is None or a.ends_on >= clock.today(a.seat.board.timezone)
    ]
    return boards + [o.board for o in person.offices]


def _current_board_ids(person: Person) -> set[int]:
    """The boards a person holds a seat on today (in each board's timezone)."""
    return {
        a.seat.board_id
        for a in person.appointments
        if a.is_current(clock.today(a.seat.board.timezone))
    }


def _history_boards(person: Person) -> Iterator[Board]:
    """Every board a person has sat on (ended appointments too), then those they serve as an
    officer. A generator: a check that stops at the first seat on a board the viewer serves
    never loads the person's offices (pages listing members load seats, not offices)."""
    yield from (a.seat.board for a in person.appointments)
    yield from (o.board for o in person.offices)


def serves_as_secretary(user: User | None, person: Person) -> bool:
    """The user is secretary of a board the person sits or sat on, or serves as an officer."""
    return is_secretary_anywhere(user) and any(
        holds_office(user, b, OfficerRole.SECRETARY) for b in _history_boards(person)
    )


def _within_reach(user: User, person: Person) -> bool:
    """A secretary's reach: every board the person is on (or, once they have left them all,
    every board they sat on) is one the secretary serves.

    A person who has never been on a board and has no login (someone just added) is within
    every secretary's reach, so a secretary can add someone and then appoint them.
    """
    boards = _open_boards(person) or list(_history_boards(person))
    if not boards:
        return person.user is None
    return all(holds_office(user, b, OfficerRole.SECRETARY) for b in boards)


def can_list_people(user: User | None) -> bool:
    """The directory of people is for administrators, auditors, secretaries and chairs; an
    officer's directory lists only the people they may see (`can_view_person`)."""
    if not signed_in(user):
        return False
    assert user is not None
    return user.is_admin or user.is_auditor or is_officer_anywhere(user)


def can_add_people(user: User | None) -> bool:
    """Administrators and secretaries add people (then appoint them to a board they serve)."""
    if not _may_write(user):
        return False
    assert user is not None
    return user.is_admin or is_secretary_anywhere(user)


def can_edit_person(user: User | None, person: Person) -> bool:
    """A person's details: administrators, the person themselves, and a secretary who serves
    every board the person is on. Someone shared with a board the secretary does not serve
    is changed by an administrator or by themselves."""
    if not _may_write(user):
        return False
    assert user is not None
    if user.is_admin or user.person_id == person.id:
        return True
    return is_secretary_anywhere(user) and _within_reach(user, person)


def can_view_person(user: User | None, person: Person) -> bool:
    """A person's page: themselves, administrators, auditors, the secretary or chair of a
    board they sit or sat on, a secretary who may edit them, and the current members of a
    board they currently sit on."""
    if not signed_in(user):
        return False
    assert user is not None
    if user.is_admin or user.is_auditor or user.person_id == person.id:
        return True
    if is_officer_anywhere(user) and any(
        holds_office(user, b, OfficerRole.SECRETARY) or holds_office(user, b, OfficerRole.CHAIR)
        for b in _history_boards(person)
    ):
        return True
    if can_edit_person(user, person):
        return True
    return bool(_current_board_ids(user.person) & _current_board_ids(person))


def can_appoint_person(user: User | None, person: Person, board: Board) -> bool:
    """Appoint someone to a seat: administrators; the board's secretary, only for people they
    may already see (their boards' people, fellow members, or someone just added), so an
    appointment never opens another board's people to them."""
    if not can_manage_board(user, board):
        return False
    assert user is not None
    return user.is_admin or can_view_person(user, person)


def can_view_organisation(user: User | None, organisation: Organisation | None = None) -> bool:
    """Organisations are visible to anyone signed in."""
    return signed_in(user)


def can_add_organisations(user: User | None) -> bool:
    """Administrators and secretaries add organisations."""
    return can_add_people(user)


def _boards_naming(organisation: Organisation) -> list[Board]:
    """Boards that name the organisation as their Accountable Body or Lead Agency."""
    return list(
        db.session.execute(
            sa.select(Board).where(
                sa.or_(
                    Board.accountable_body_id == organisation.id,
                    Board.lead_agency_id == organisation.id,
                )
            )
        ).scalars()
    )


def can_edit_organisation(user: User | None, organisation: Organisation) -> bool:
    """Administrators, and a secretary who serves every board the organisation has a seat on
    or is named by, and may edit every person who works for it."""
    if not _may_write(user):
        return False
    assert user is not None
    if user.is_admin:
        return True
    if not is_secretary_anywhere(user):
        return False
    boards = [s.board for s in organisation.seats] + _boards_naming(organisation)
    return all(holds_office(user, b, OfficerRole.SECRETARY) for b in boards) and all(
        _within_reach(user, p) for p in organisation.people
    )


def can_move_board(user: User | None, board: Board, new_parent: Board | None) -> bool:
    """Which board a board reports to is decided one level up: by an administrator, or by a
    secretary of the board it reports to now who also serves the board it is to report to.
    Making a board a main board, or a main board a sub-group, is for administrators."""
    if not _may_write(user):
        return False
    assert user is not None
    if user.is_admin:
        return True
    if board.parent is None or new_parent is None:
        return False
    return holds_office(user, board.parent, OfficerRole.SECRETARY) and holds_office(
        user, new_parent, OfficerRole.SECRETARY
    )


def can_publish_board(user: User | None, board: Board) -> bool:
    """Making a board public (or private again): an administrator, or for a sub-group the
    secretary of the board it reports to, which answers for it."""
    if not _may_write(user):
        return False
    assert user is not None
    if user.is_admin:
        return True
    return board.parent is not None and holds_office(user, board.parent, OfficerRole.SECRETARY)


def parent_board_name(user: User | None, board: Board) -> str:
    """The name of the board a sub-group reports to, if the user may see that board; else
    "parent board", so no page names a private board to someone outside it."""
    parent = board.parent
    if parent is None:
        return "parent board"
    return parent.name if can_view_board(user, parent) else "parent board"


PREDICATES = {
    "parent_board_name": parent_board_name,
    "can_view_board": can_view_board,
    "can_manage_board": can_manage_board,
    "can_create_board": can_create_board,
    "can_manage_officers": can_manage_officers,
    "can_list_people": can_list_people,
    "can_add_people": can_add_people,
    "can_edit_person": can_edit_person,
    "can_view_person": can_view_person,
    "can_appoint_person": can_appoint_person,
    "can_view_organisation": can_view_organisation,
    "can_add_organisations": can_add_organisations,
    "can_edit_organisation": can_edit_organisation,
    "can_move_board": can_move_board,
    "can_publish_board": can_publish_board,
}
