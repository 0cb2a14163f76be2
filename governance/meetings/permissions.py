"""Who may see and run meetings, agenda items and confidential business."""

from __future__ import annotations

from datetime import date
from typing import Any

from governance import clock
from governance.boards.models import Board, OfficerRole, Person
from governance.boards.permissions import can_manage_board, can_view_board
from governance.meetings.models import AgendaItem, Meeting
from governance.viewer import signed_in


def can_manage_meetings(user: Any, board: Board) -> bool:
    """The board's secretary and administrators schedule and run its meetings."""
    return can_manage_board(user, board)


def can_view_meeting(user: Any, meeting: Meeting) -> bool:
    """Anyone who may see the board sees its meetings, once they are more than drafts."""
    if not can_view_board(user, meeting.board):
        return False
    return meeting.is_announced or can_manage_meetings(user, meeting.board)


def is_voting_member(user: Any, board: Board) -> bool:
    """The user's person holds a voting seat on the board today."""
    if not signed_in(user):
        return False
    return _holds_voting_seat(user.person, board, clock.today(board.timezone))


def _holds_voting_seat(person: Person, board: Board, on: date) -> bool:
    return any(
        a.seat.board_id == board.id and a.seat.voting and a.is_current(on)
        for a in person.appointments
    )


def _is_officer(person: Person, board: Board) -> bool:
    """Secretary or chair of the board or of a board it reports to."""
    ids: set[int] = set()
    node: Board | None = board
    while node is not None and node.id not in ids:
        ids.add(node.id)
        node = node.parent
    return any(
        o.board_id in ids and o.role in (OfficerRole.SECRETARY, OfficerRole.CHAIR)
        for o in person.offices
    )


def person_sees_confidential(person: Person, board: Board, on: date | None = None) -> bool:
    """Whether `person`, signed in or not, may see the board's confidential business on `on`
    (today where the board meets): mail, calendars, exports and packs made for a person who
    may have no login ask this, pages ask `can_see_confidential`; both apply `_sees_confidential`.
    """
    return _sees_confidential(person, person.user, board, on)


def _sees_confidential(person: Person, user: Any, board: Board, on: date | None) -> bool:
    """The one rule for confidential business: an administrator or auditor (by an enabled
    account), the secretary or chair of the board or of a board above it, or a voting member
    of the board on the day."""
    if user is not None and user.is_enabled and (user.is_admin or user.is_auditor):
        return True
    if _is_officer(person, board):
        return True
    return _holds_voting_seat(person, board, on or clock.today(board.timezone))


def can_see_confidential(user: Any, board: Board) -> bool:
    """Voting members, the chair and secretary, administrators and auditors; never observers or
    the public."""
    if not signed_in(user):
        return False
    return _sees_confidential(user.person, user, board, None)


def person_sees_item(person: Person, item: AgendaItem) -> bool:
    """Whether mail or an export made for `person` may name `item`: as `can_view_item`, for
    the board's members and officers the mail goes to (confidential items by the one rule)."""
    return not item.confidential or person_sees_confidential(person, item.meeting.board)


def can_view_item(user: Any, item: AgendaItem) -> bool:
    """An agenda item, and its papers, for those who may see the meeting (and its secrets)."""
    if not can_view_meeting(user, item.meeting):
        return False
    return not item.confidential or can_see_confidential(user, item.meeting.board)


def can_manage_meeting(user: Any, meeting: Meeting) -> bool:
    """Change the meeting or its agenda: not once it is cancelled or its minutes are approved."""
    return can_manage_meetings(user, meeting.board) and not meeting.is_closed


def can_withdraw_item(user: Any, item: AgendaItem) -> bool:
    """Take an item off the agenda: those who manage the meeting, before it is held."""
    meeting = item.meeting
    return (
        can_manage_meeting(user, meeting) and not item.is_withdrawn and not meeting.has_taken_place
    )


def can_withdraw_meeting(user: Any, meeting: Meeting) -> bool:
    """Withdraw a draft never announced: those who manage the board's meetings."""
    return can_manage_meeting(user, meeting) and meeting.is_draft


PREDICATES = {
    "can_manage_meetings": can_manage_meetings,
    "can_view_meeting": can_view_meeting,
    "can_see_confidential": can_see_confidential,
    "can_view_item": can_view_item,
    "can_manage_meeting": can_manage_meeting,
    "can_withdraw_item": can_withdraw_item,
    "can_withdraw_meeting": can_withdraw_meeting,
}
