"""A decision recorded after the meeting needs the time it was taken."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from governance.attendance.models import Attendance, AttendanceStatus
from governance.decisions.models import Decision
from governance.extensions import db
from governance.meetings import operations as meeting_ops
from governance.meetings.models import Purpose

REASON = "The paper showed the shortfall, and members agreed the figures were sound."


def held_meeting(world, make_meeting):
    # Ten in the morning three days ago where the board meets, so the times stay on that day.
    zone = ZoneInfo(world.board.timezone)
    day = (datetime.now(zone) - timedelta(days=3)).date()
    starts = datetime.combine(day, time(10), tzinfo=zone).astimezone(UTC)
    meeting = make_meeting(world.board, starts_at=starts, items=("Grants",), notice=True)
    meeting.items[0].purpose = Purpose.DISCUSSION
    meeting_ops.mark_held(None, meeting)
    for role in ("member", "parent"):
        db.session.add(
            Attendance(
                meeting=meeting,
                person_id=world.users[role].person.id,
                status=AttendanceStatus.PRESENT,
            )
        )
    db.session.flush()
    return meeting


def test_after_the_meeting_the_time_is_asked_for_beside_its_field(
    client, login, world, make_meeting
):
    meeting = held_meeting(world, make_meeting)
    login(world.users["secretary"])
    data = {"resolution": "Fund the grants.", "rationale": REASON, "method": "consensus"}
    response = client.post(f"/items/{meeting.items[0].id}/decisions/new", data=data)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "give the time the board took this decision" in page
    assert "Fund the grants." in page  # the form comes back filled in
    count = sa.select(sa.func.count()).select_from(Decision)
    assert db.session.execute(count).scalar_one() == 0


def test_the_time_given_is_the_moment_recorded(client, login, world, make_meeting):
    meeting = held_meeting(world, make_meeting)
    local_start = meeting.starts_at.astimezone(ZoneInfo(world.board.timezone))
    taken = (local_start + timedelta(minutes=40)).strftime("%H:%M")
    login(world.users["secretary"])
    data = {
        "resolution": "Fund the grants.",
        "rationale": REASON,
        "method": "consensus",
        "taken_time": taken,
    }
    response = client.post(f"/items/{meeting.items[0].id}/decisions/new", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    decision = db.session.execute(sa.select(Decision)).scalar_one()
    assert decision.taken_at == meeting.starts_at + timedelta(minutes=40)
