"""How the decisions area answers the attendance area's signals: what the register, as it
stands, would count for each decision recorded at a meeting. Connected by create_app."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from governance.attendance import signals as attendance_signals
from governance.attendance.rules import Counted
from governance.decisions import quorum
from governance.decisions.models import Decision
from governance.extensions import db
from governance.meetings.models import AgendaItem, Meeting


@attendance_signals.counts_wanted.connect
def counts_at_meeting(meeting: Meeting, **_kwargs: Any) -> list[Counted]:
    """For each decision recorded at the meeting, who the register would now count, at the
    moment the decision was taken."""
    decisions = db.session.execute(
        sa.select(Decision)
        .join(AgendaItem, AgendaItem.id == Decision.agenda_item_id)
        .where(AgendaItem.meeting_id == meeting.id)
        .options(joinedload(Decision.item))
        .order_by(Decision.taken_at, Decision.id)
    ).scalars()
    counted = []
    for decision in decisions:
        result = quorum.quorum_for(decision.item, decision.taken_at)
        counted.append(
            Counted(
                decision.id,
                decision.number,
                frozenset(result.counted_person_ids),
                result.quorate,
            )
        )
    return counted
