"""Who may read and change terms of reference, record sub-group reports and refer
recommendations.

Built on the boards and meetings predicates; deny by default. Auditors read everything and
change nothing.
"""

from __future__ import annotations

from typing import Any

from governance.boards.models import Board
from governance.boards.permissions import can_manage_board, can_view_board
from governance.decisions.permissions import can_view_decision
from governance.meetings.permissions import can_manage_meetings, can_view_item
from governance.subgroups.models import AuthorityCheck, SubgroupReport, TermsOfReference


def can_view_terms(user: Any, board: Board) -> bool:
    """A sub-group's terms of reference, every version: whoever may see the sub-group."""
    return board.parent_id is not None and can_view_board(user, board)


def can_draft_terms(user: Any, board: Board) -> bool:
    """The sub-group's secretary (or the parent board's) and administrators draft new versions."""
    return board.parent_id is not None and can_manage_board(user, board)


def can_edit_terms(user: Any, terms: TermsOfReference) -> bool:
    """Drafts only: approved versions never change, for anybody."""
    return terms.is_draft and can_draft_terms(user, terms.board)


def can_approve_terms(user: Any, terms: TermsOfReference) -> bool:
    """The parent board's secretary and administrators record its approval of a draft."""
    parent = terms.board.parent
    return terms.is_draft and parent is not None and can_manage_board(user, parent)


def can_view_subgroups(user: Any, board: Board) -> bool:
    """The parent board's overview of its sub-groups: whoever may see the board."""
    return can_view_board(user, board)


def can_view_recommendation(user: Any, check: AuthorityCheck) -> bool:
    """A sub-group's recommendation to the board: whoever may open the decision itself (so one
    taken on a confidential item stays with those who may see the sub-group's secrets)."""
    return can_view_decision(user, check.decision)


def can_view_report(user: Any, report: SubgroupReport) -> bool:
    """A report the board received: whoever may see the sub-group and the item it came under
    (a report under a confidential item is confidential business of the board)."""
    return can_view_board(user, report.subgroup) and can_view_item(user, report.item)


def can_record_report(user: Any, board: Board) -> bool:
    """The parent board's secretary and administrators note reports received from sub-groups."""
    return can_manage_meetings(user, board)


def can_refer(user: Any, check: AuthorityCheck) -> bool:
    """The parent board's secretary and administrators put a recommendation on its agenda."""
    parent = check.decision.board.parent
    return parent is not None and can_manage_meetings(user, parent)


PREDICATES = {
    "can_view_terms": can_view_terms,
    "can_draft_terms": can_draft_terms,
    "can_edit_terms": can_edit_terms,
    "can_approve_terms": can_approve_terms,
    "can_view_subgroups": can_view_subgroups,
    "can_view_recommendation": can_view_recommendation,
    "can_view_report": can_view_report,
    "can_record_report": can_record_report,
    "can_refer": can_refer,
}
