"""Who may see and change boards, seats, people and organisations.

Each predicate denies by default. Auditors read everything and change nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from governance import clock
from governance.boards.models import Board, OfficerRole, Organisation, Person

if TYPE_CHECKING:
    from governance.auth.models import User


def _signed_in(user: Any) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False))


def _may_write(user: Any) -> bool:
    return _signed_in(user) and not user.is_auditor


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
    if not _signed_in(user):
        return False
    assert user is not None
    ids = {b.id for b in _lineage(board)}
    return any(o.board_id in ids and o.role is role for o in user.person.offices)


def is_member(user: User | None, board: Board) -> bool:
    """The user's person holds a seat on this board today."""
    if not _signed_in(user):
        return False
    assert user is not None
    on = clock.today(board.timezone)
    return any(a.seat.board_id == board.id and a.is_current(on) for a in user.person.appointments)


def is_officer_anywhere(user: User | None) -> bool:
    """The user's person is secretary or chair of some board."""
    return _signed_in(user) and bool(user.person.offices)  # type: ignore[union-attr]


def is_secretary_anywhere(user: User | None) -> bool:
    """The user's person is secretary of some board."""
    return _signed_in(user) and any(
        o.role is OfficerRole.SECRETARY
        for o in user.person.offices  # type: ignore[union-attr]
    )


def can_view_board(user: User | None, board: Board) -> bool:
    """Public boards are open to all; private ones to admins, auditors, officers, and members
    of the board or of a board it reports to (so sub-groups are visible to the parent board)."""
    if board.is_public:
        return True
    if not _signed_in(user):
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


def can_list_people(user: User | None) -> bool:
    """The directory of people is for administrators, auditors, secretaries and chairs."""
    if not _signed_in(user):
        return False
    assert user is not None
    return user.is_admin or user.is_auditor or is_officer_anywhere(user)


def can_manage_people(user: User | None) -> bool:
    """Administrators and secretaries add people and edit their details."""
    if not _may_write(user):
        return False
    assert user is not None
    return user.is_admin or is_secretary_anywhere(user)


def can_view_person(user: User | None, person: Person) -> bool:
    """A person's page: themselves, administrators, auditors, secretaries, fellow members."""
    if not _signed_in(user):
        return False
    assert user is not None
    if user.is_admin or user.is_auditor or user.person_id == person.id:
        return True
    if is_officer_anywhere(user):
        return True
    mine = {a.seat.board_id for a in user.person.appointments}
    theirs = {a.seat.board_id for a in person.appointments}
    return bool(mine & theirs)


def can_view_organisation(user: User | None, organisation: Organisation | None = None) -> bool:
    """Organisations are visible to anyone signed in."""
    return _signed_in(user)


def can_manage_organisations(user: User | None) -> bool:
    """Administrators and secretaries keep the list of organisations."""
    return can_manage_people(user)


PREDICATES = {
    "can_view_board": can_view_board,
    "can_manage_board": can_manage_board,
    "can_create_board": can_create_board,
    "can_manage_officers": can_manage_officers,
    "can_list_people": can_list_people,
    "can_manage_people": can_manage_people,
    "can_view_person": can_view_person,
    "can_view_organisation": can_view_organisation,
    "can_manage_organisations": can_manage_organisations,
}
