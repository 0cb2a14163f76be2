"""Who may reply to a meeting notice, and who may see replies and the support members need.

Replies are personal data: a member sees their own; the board's secretary and administrators
see everyone's and arrange the support; auditors see who replied what and that support was asked
for and arranged, never what it is or the member's note (the reply form promises exactly this);
other members see counts only; the public sees nothing of them.
"""

from __future__ import annotations

from typing import Any

from governance.attendance.queries import meeting_day
from governance.boards.models import OfficerRole
from governance.boards.permissions import holds_office
from governance.meetings.models import Meeting
from governance.meetings.permissions import can_manage_meetings, can_view_meeting
from governance.viewer import signed_in


def is_member_on_the_day(user: Any, meeting: Meeting) -> bool:
    """The user's person holds a seat on the meeting's board on the meeting day."""
    if not signed_in(user):
        return False
    day = meeting_day(meeting)
    return any(
        a.seat.board_id == meeting.board_id and a.is_current(day) and a.seat.is_active(day)
        for a in user.person.appointments
    )


def can_reply(user: Any, meeting: Meeting) -> bool:
    """Members of the board on the meeting day reply to a meeting that has been called."""
    if not signed_in(user) or user.is_auditor:
        return False
    return meeting.is_called and is_member_on_the_day(user, meeting)


def can_view_replies(user: Any, meeting: Meeting) -> bool:
    """Everyone's replies and support needs: the board's secretary, administrators, auditors."""
    if not signed_in(user) or meeting.is_draft:
        return False
    return (
        user.is_admin or user.is_auditor or holds_office(user, meeting.board, OfficerRole.SECRETARY)
    )


def can_view_support(user: Any, meeting: Meeting) -> bool:
    """What support members asked for (children's ages, access needs, languages), the notes
    they sent and what was arranged: only the board's secretary and administrators, never
    auditors. The reply form names exactly these people; keep the two in step."""
    return can_view_replies(user, meeting) and can_manage_meetings(user, meeting.board)


def can_arrange_support(user: Any, meeting: Meeting) -> bool:
    """The secretary and administrators mark support arranged (auditors only read)."""
    return can_view_support(user, meeting)


def can_see_reply_counts(user: Any, meeting: Meeting) -> bool:
    """How many are coming: signed-in people who may see the meeting; never the public."""
    return signed_in(user) and meeting.is_announced and can_view_meeting(user, meeting)


def can_send_apologies(user: Any, meeting: Meeting) -> bool:
    """Members of the board on the meeting day send apologies for a meeting that is called."""
    if not signed_in(user) or user.is_auditor:
        return False
    if not meeting.is_called:
        return False
    day = meeting_day(meeting)
    return any(
        a.seat.board_id == meeting.board_id and a.is_current(day) and a.seat.is_active(day)
        for a in user.person.appointments
    )


PREDICATES = {
    "can_reply": can_reply,
    "can_view_replies": can_view_replies,
    "can_view_support": can_view_support,
    "can_arrange_support": can_arrange_support,
    "can_see_reply_counts": can_see_reply_counts,
}
