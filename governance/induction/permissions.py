"""Who may see and run inductions, open induction material, and keep the glossary.

Each predicate denies by default. Auditors read everything and change nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from governance.boards.models import Board, OfficerRole
from governance.boards.permissions import (
    can_manage_board,
    holds_office,
    is_member,
)
from governance.induction.models import (
    InductionItem,
    InductionMaterial,
    InductionRecord,
    StepKind,
)
from governance.viewer import signed_in

if TYPE_CHECKING:
    from governance.auth.models import User


def can_manage_induction(user: User | None, board: Board) -> bool:
    """Administrators and the board's secretary edit its programme, material and buddies."""
    return can_manage_board(user, board)


def can_oversee_induction(user: User | None, board: Board) -> bool:
    """The overview of everyone's induction: administrators, auditors, secretary and chair."""
    if not signed_in(user):
        return False
    assert user is not None
    return (
        user.is_admin
        or user.is_auditor
        or holds_office(user, board, OfficerRole.SECRETARY)
        or holds_office(user, board, OfficerRole.CHAIR)
    )


def can_view_programme(user: User | None, board: Board) -> bool:
    """The programme and its material: those who oversee it and the board's members."""
    return can_oversee_induction(user, board) or is_member(user, board)


def can_view_record(user: User | None, record: InductionRecord) -> bool:
    """A record: the new member, their buddy, and those who oversee the board's inductions."""
    if not signed_in(user):
        return False
    assert user is not None
    if user.person_id in (record.person_id, record.buddy_id):
        return True
    return can_oversee_induction(user, record.board)


def can_sign_off(user: User | None, item: InductionItem) -> bool:
    """Agreements only by the new member; other steps by the secretary, chair, an
    administrator or the buddy (not the new member); buddy steps by assigning a buddy."""
    if not signed_in(user) or item.done_on is not None:
        return False
    assert user is not None
    if user.is_auditor:
        return False
    record = item.record
    if item.kind is StepKind.AGREEMENT:
        return user.person_id == record.person_id
    if item.kind is StepKind.BUDDY or user.person_id == record.person_id:
        return False
    return (
        user.is_admin
        or user.person_id == record.buddy_id
        or holds_office(user, record.board, OfficerRole.SECRETARY)
        or holds_office(user, record.board, OfficerRole.CHAIR)
    )


def can_assign_buddy(user: User | None, record: InductionRecord) -> bool:
    """Administrators and the board's secretary choose a new member's buddy."""
    return can_manage_induction(user, record.board)


def can_open_material(user: User | None, material: InductionMaterial) -> bool:
    """Material is for whoever may see the programme it belongs to."""
    return can_view_programme(user, material.step.programme.board)


def can_manage_glossary(user: User | None) -> bool:
    """Administrators keep the glossary; everyone may read it.

    The glossary is one list shared by every board, marked on every board's pages, so a
    change to it is not any one board's secretary's to make.
    """
    if not signed_in(user):
        return False
    assert user is not None
    return not user.is_auditor and user.is_admin


PREDICATES = {
    "can_manage_induction": can_manage_induction,
    "can_oversee_induction": can_oversee_induction,
    "can_view_programme": can_view_programme,
    "can_view_record": can_view_record,
    "can_sign_off": can_sign_off,
    "can_assign_buddy": can_assign_buddy,
    "can_open_material": can_open_material,
    "can_manage_glossary": can_manage_glossary,
}
