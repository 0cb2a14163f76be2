"""How the minutes area answers what the decisions area asks. Connected by create_app."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from governance.decisions import signals
from governance.extensions import db
from governance.minutes.models import Minutes, MinutesStatus


@signals.approved_minutes_wanted.connect
def approved_minutes(meeting_id: int, **_kwargs: Any) -> Minutes | None:
    """A meeting's minutes once approved, for the trail of a decision taken at it."""
    return db.session.execute(
        sa.select(Minutes).where(
            Minutes.meeting_id == meeting_id, Minutes.status == MinutesStatus.APPROVED
        )
    ).scalar_one_or_none()
