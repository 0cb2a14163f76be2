"""Who may see and run meetings, agenda items and confidential business."""

from __future__ import annotations

from typing import Any

from governance import clock
from governance.boards.models import Board, OfficerRole
from governance.boards.permissions import can_manage_board, can_view_board, holds_office
from governance.meetings.models import AgendaItem, Meeting, MeetingStatus


def can_manage_meetings(user: Any, board: Board) -> bool:
    """The board's secretary and administrators schedule and run its meetings."""
    return can_manage_board(user, board)


def can_view_meeting(user: Any, meeting: Meeting) -> bool:
    """Anyone who may see the board sees its meetings, once they are more than drafts."""
    if not can_view_board(user, meeting.board):
        return False
    return meeting.status is not MeetingStatus.DRAFT or can_manage_meetings(user, meeting.board)


def is_voting_member(user: Any, board: Board) -> bool:
    """The user's person holds a voting seat on the board today."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    on = clock.today(board.timezone)
    return any(
        a.seat.board_id == board.id and a.seat.voting and a.is_current(on)
        for a in user.person.appointments
    )


def can_see_confidential(user: Any, board: Board) -> bool:
    """Voting members, the chair and secretary, administrators and auditors; never observers or
    the public."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if user.is_admin or user.is_auditor:
        return True
    return (
        holds_office(user, board, OfficerRole.SECRETARY)
        or holds_office(user, board, OfficerRole.CHAIR)
        or is_voting_member(user, board)
    )


def can_view_item(user: Any, item: AgendaItem) -> bool:
    """An agenda item, and its papers, for those who may see the meeting (and its secrets)."""
    if not can_view_meeting(user, item.meeting):
        return False
    return not item.confidential or can_see_confidential(user, item.meeting.board)


def can_manage_meeting(user: Any, meeting: Meeting) -> bool:
    """Change the meeting or its agenda: not once it is cancelled or its minutes are approved."""
    return can_manage_meetings(user, meeting.board) and meeting.status not in (
        MeetingStatus.CANCELLED,
        MeetingStatus.MINUTES_APPROVED,
    )


PREDICATES = {
    "can_manage_meetings": can_manage_meetings,
    "can_view_meeting": can_view_meeting,
    "can_see_confidential": can_see_confidential,
    "can_view_item": can_view_item,
    "can_manage_meeting": can_manage_meeting,
}
