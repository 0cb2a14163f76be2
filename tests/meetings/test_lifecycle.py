"""The meeting answers questions about its own lifecycle, so nothing else compares statuses."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from governance.boards.models import Board
from governance.meetings.models import Meeting, MeetingStatus

S = MeetingStatus
#: status: (is_draft, is_called, is_held, is_announced, is_open, has_taken_place, is_closed,
#: can_be_cancelled)
ANSWERS = {
    S.DRAFT: (True, False, False, False, False, False, False, True),
    S.NOTICE_ISSUED: (False, True, False, True, True, False, False, True),
    S.HELD: (False, False, True, True, True, True, False, False),
    S.MINUTES_APPROVED: (False, False, False, True, False, True, True, False),
    S.CANCELLED: (False, False, False, True, False, False, True, False),
}


@pytest.mark.parametrize("status", list(S))
def test_a_meeting_answers_its_lifecycle_questions_for_each_status(status):
    meeting = Meeting(status=status)
    assert (
        meeting.is_draft,
        meeting.is_called,
        meeting.is_held,
        meeting.is_announced,
        meeting.is_open,
        meeting.has_taken_place,
        meeting.is_closed,
        meeting.can_be_cancelled,
    ) == ANSWERS[status]
    assert meeting.accepts_decisions is meeting.is_open
    assert meeting.is_cancelled is (status is S.CANCELLED)


def test_a_meetings_local_times_are_where_the_board_meets():
    meeting = Meeting(
        board=Board(name="Board", timezone="Europe/London"),
        starts_at=datetime(2027, 7, 1, 9, 0, tzinfo=UTC),
        ends_at=datetime(2027, 7, 1, 11, 0, tzinfo=UTC),
    )
    assert (meeting.local_start.hour, meeting.local_end.hour) == (10, 12)
