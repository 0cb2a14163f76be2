"""Who may add papers, open their versions, and see who has read them.

Built on the meetings predicates: a paper is as visible as its agenda item. Deny by default.
"""

from __future__ import annotations

from typing import Any

from governance.boards.models import Board, OfficerRole
from governance.meetings.models import AgendaItem, Meeting
from governance.meetings.permissions import can_manage_meeting, can_manage_meetings, can_view_item
from governance.papers.models import ConsentRequest, Paper, PaperVersion
from governance.viewer import signed_in


def _auditor(user: Any) -> bool:
    return signed_in(user) and bool(user.is_auditor)


def can_add_paper(user: Any, item: AgendaItem) -> bool:
    """The secretary and administrators add papers while the meeting is open to change (not to
    an item withdrawn from the agenda)."""
    return can_manage_meeting(user, item.meeting) and not item.is_withdrawn


def can_add_version(user: Any, paper: Paper) -> bool:
    """A new version of a paper: as for adding one."""
    return can_add_paper(user, paper.item)


def can_see_drafts(user: Any, meeting: Meeting) -> bool:
    """Uncirculated versions: the secretary and administrators (who prepare them) and auditors.

    Board-level, not meeting-level: a cancelled meeting's drafts stay readable to its secretary.
    """
    return can_manage_meetings(user, meeting.board) or _auditor(user)


def can_open_version(user: Any, version: PaperVersion) -> bool:
    """A version, for those who may see its item, once circulated (drafts as above).

    A withdrawn version stays in the record for those who see drafts; members see only that
    it was withdrawn, and why.
    """
    item = version.paper.item
    if not can_view_item(user, item):
        return False
    if can_see_drafts(user, item.meeting):
        return True
    return version.circulated_at is not None and not version.is_withdrawn


def can_withdraw_version(user: Any, version: PaperVersion) -> bool:
    """The secretary and administrators withdraw a version while the meeting may change."""
    return can_manage_meeting(user, version.paper.item.meeting) and not version.is_withdrawn


def can_see_opens(user: Any, meeting: Meeting) -> bool:
    """Who has opened a paper: the secretary, administrators and auditors."""
    return can_see_drafts(user, meeting)


def _chairs(user: Any, board: Board) -> bool:
    """The user's person holds the chair of this board."""
    return signed_in(user) and any(
        o.board_id == board.id and o.role is OfficerRole.CHAIR for o in user.person.offices
    )


def can_answer_consent(user: Any, request: ConsentRequest) -> bool:
    """The board's chair grants or refuses a request still waiting, while the meeting is open."""
    meeting = request.meeting
    return request.is_pending and not meeting.is_closed and _chairs(user, meeting.board)


def can_view_consent(user: Any, request: ConsentRequest) -> bool:
    """A request: the board's chair, the secretary and administrators, and auditors."""
    board = request.meeting.board
    return _chairs(user, board) or can_manage_meetings(user, board) or _auditor(user)


def can_record_chairs_word(user: Any, request: ConsentRequest) -> bool:
    """The secretary records the chair's answer given by phone, or withdraws the request."""
    return request.is_pending and can_manage_meeting(user, request.meeting)


PREDICATES = {
    "can_add_paper": can_add_paper,
    "can_add_version": can_add_version,
    "can_see_drafts": can_see_drafts,
    "can_open_version": can_open_version,
    "can_withdraw_version": can_withdraw_version,
    "can_see_opens": can_see_opens,
    "can_answer_consent": can_answer_consent,
    "can_view_consent": can_view_consent,
    "can_record_chairs_word": can_record_chairs_word,
}
