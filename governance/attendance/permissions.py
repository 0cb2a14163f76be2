"""Who may keep a meeting's attendance register."""

from __future__ import annotations

from typing import Any

from governance.meetings.models import Meeting
from governance.meetings.permissions import can_manage_meetings


def can_record_attendance(user: Any, meeting: Meeting) -> bool:
    """The board's secretary and administrators keep the register of a called or held meeting."""
    return can_manage_meetings(user, meeting.board) and meeting.is_open
