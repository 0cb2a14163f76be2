"""The demo shows the three follow-ups of the minutes' versions: the approving decision's trail
names the version it approved, the home page asks for the next version of changed minutes, and
the minutes state the Finance Sub-group's corrected register."""

from __future__ import annotations

from datetime import UTC, datetime, time

import sqlalchemy as sa

from governance.attendance.models import AttendanceCorrection
from governance.decisions import queries
from governance.decisions.record import record_dict
from governance.extensions import db
from governance.meetings.models import Meeting
from governance.minutes import operations as ops
from governance.minutes.models import Minutes, MinutesStatus
from governance.minutes.rules import render_text
from governance.pages.dashboard import todo


def test_the_demo_shows_the_approved_version_the_changed_minutes_and_the_correction():
    from governance.demo.seed import seed_demo
    from tests.test_demo import TODAY

    seed_demo(TODAY)
    approved = list(
        db.session.execute(
            sa.select(Minutes).where(Minutes.status == MinutesStatus.APPROVED)
        ).scalars()
    )
    assert approved
    for minutes in approved:
        assert minutes.approved_by_decision_id is not None
        trail = queries.decision_trail(minutes.approved_by_decision_id, with_events=False)
        assert trail is not None
        shown = record_dict(trail)["approves_minutes"]
        assert shown["version"] == minutes.approved_version
        assert shown["meeting"]["id"] == minutes.meeting_id

    changed = next(
        m for m in db.session.execute(sa.select(Minutes)).scalars() if m.is_changed_draft
    )
    now = datetime.combine(TODAY, time(12), tzinfo=UTC)
    needs = todo({changed.meeting.board_id}, TODAY, now)
    assert needs.changed_since[changed.meeting_id] == changed.latest_version.number

    (correction,) = db.session.execute(sa.select(AttendanceCorrection)).scalars()
    meeting = db.session.get(Meeting, correction.meeting_id)
    text = render_text(ops.assemble(meeting))
    assert "The attendance register was corrected after decisions were recorded." in text
    assert correction.reason.splitlines()[0] in text
