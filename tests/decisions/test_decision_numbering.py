"""Two decisions recorded at the same moment never share a number, and neither is lost."""

from __future__ import annotations

from datetime import timedelta

import pytest

from governance.attendance.models import Attendance, AttendanceStatus
from governance.decisions import operations
from governance.decisions.operations import DecisionDraft
from governance.errors import DomainError
from governance.extensions import db

REASON = "The paper showed the shortfall, and members agreed the figures were sound."
ALTERNATIVES = "Cutting outreach instead, rejected because families would lose the service."


@pytest.fixture
def w(started_world):
    for role in ("member", "parent"):
        db.session.add(
            Attendance(
                meeting=started_world.meeting,
                person_id=started_world.users[role].person.id,
                status=AttendanceStatus.PRESENT,
            )
        )
    db.session.flush()
    return started_world


def decide(w, minutes: int):
    return operations.record_decision(
        None,
        w.item,
        DecisionDraft(
            resolution=f"Resolution {minutes}.", rationale=REASON, alternatives=ALTERNATIVES
        ),
        moment=w.meeting.starts_at + timedelta(minutes=minutes),
    )


def test_a_number_taken_meanwhile_is_skipped_and_the_decision_saved(w, monkeypatch):
    first = decide(w, 5)
    real = operations._next_sequence
    calls = []

    def racing(board_id: int, year: int) -> int:
        # The first look sees the board as it was before `first` was saved elsewhere.
        calls.append(1)
        return first.sequence if len(calls) == 1 else real(board_id, year)

    monkeypatch.setattr(operations, "_next_sequence", racing)
    second = decide(w, 10)
    assert second.sequence == first.sequence + 1
    assert second.number.endswith(f"/{second.sequence:03d}")
    assert len(calls) == 2


def test_a_board_that_keeps_colliding_is_told_to_submit_again(w, monkeypatch):
    first = decide(w, 5)
    monkeypatch.setattr(operations, "_next_sequence", lambda board_id, year: first.sequence)
    with pytest.raises(DomainError, match="submit again"):
        decide(w, 10)
