"""Who may read and write minutes, and see, raise and update actions.

Built on the meetings predicates. Draft minutes are for those who write them and auditors;
circulated and approved minutes for anyone who may see the meeting; the public see only
approved minutes of public boards, without confidential items. Deny by default.
"""

from __future__ import annotations

from typing import Any

from governance.boards.models import Person
from governance.meetings.models import Meeting
from governance.meetings.permissions import (
    can_manage_meetings,
    can_see_confidential,
    can_view_meeting,
    person_sees_confidential,
)
from governance.minutes.models import Minutes, MinutesStatus
from governance.viewer import signed_in


def _auditor(user: Any) -> bool:
    return signed_in(user) and bool(user.is_auditor)


def can_see_draft_minutes(user: Any, meeting: Meeting) -> bool:
    """Draft minutes: the secretary and administrators who write them, and auditors."""
    return can_manage_meetings(user, meeting.board) or _auditor(user)


def can_view_minutes(user: Any, minutes: Minutes) -> bool:
    """Drafts never circulated as above; once members have had a version (a changed draft
    too), anyone who may see the meeting, but visitors only approved ones."""
    meeting = minutes.meeting
    if not minutes.was_circulated:
        return can_see_draft_minutes(user, meeting)
    if not can_view_meeting(user, meeting):
        return False
    return signed_in(user) or minutes.status is MinutesStatus.APPROVED


def can_see_full_minutes(user: Any, meeting: Meeting) -> bool:
    """Minutes with their confidential items; others read the public version."""
    return can_see_confidential(user, meeting.board)


def person_sees_full_minutes(person: Person, meeting: Meeting) -> bool:
    """Whether a mail about the minutes may carry their confidential items to `person`."""
    return person_sees_confidential(person, meeting.board)


def can_manage_minutes(user: Any, meeting: Meeting) -> bool:
    """The secretary and administrators note, circulate and approve minutes."""
    # Who, not when: the operations refuse locked or circulated minutes with a reason to show.
    return can_manage_meetings(user, meeting.board)


PREDICATES = {
    "can_see_draft_minutes": can_see_draft_minutes,
    "can_view_minutes": can_view_minutes,
    "can_see_full_minutes": can_see_full_minutes,
    "can_manage_minutes": can_manage_minutes,
}
