"""Who may see and raise actions, and report progress on them."""

from __future__ import annotations

from typing import Any

from governance.actions.rules import ActionEntry
from governance.boards.models import Board
from governance.boards.permissions import can_view_board
from governance.meetings.models import AgendaItem
from governance.meetings.permissions import (
    can_manage_meetings,
    can_see_confidential,
)
from governance.viewer import signed_in


def can_view_actions(user: Any, board: Board) -> bool:
    """A board's action log: anyone who may see the board (confidential items' actions hidden)."""
    return can_view_board(user, board)


def can_view_action(user: Any, entry: ActionEntry) -> bool:
    """An action, as visible as the item it arose from."""
    if not can_view_actions(user, entry.board):
        return False
    return not entry.confidential or can_see_confidential(user, entry.board)


def can_add_action(user: Any, item: AgendaItem) -> bool:
    """The secretary and administrators raise actions from an item."""
    return can_manage_meetings(user, item.meeting.board)


def can_update_action(user: Any, entry: ActionEntry) -> bool:
    """The secretary, administrators and the action's owner report progress on an open action."""
    if not signed_in(user) or user.is_auditor or entry.closed:
        return False
    if not can_view_action(user, entry):
        return False
    return can_manage_meetings(user, entry.board) or user.person_id == entry.action.owner_id


PREDICATES = {
    "can_view_actions": can_view_actions,
    "can_view_action": can_view_action,
    "can_add_action": can_add_action,
    "can_update_action": can_update_action,
}
