"""How the decisions area answers lower areas' signals. Connected by create_app.

- The attendance area asks what the register, as it stands, would count for each decision
  recorded at a meeting.
- Before a withdrawal, the meetings and papers areas ask whether the record relies on the item
  or version: the record keeps what a decision was taken on and relied on.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from governance.attendance import signals as attendance_signals
from governance.attendance.rules import Counted
from governance.decisions import quorum
from governance.decisions.models import Decision, DecisionPaper
from governance.errors import DomainError
from governance.extensions import db
from governance.meetings import signals as meeting_signals
from governance.meetings.models import AgendaItem, Meeting
from governance.papers import signals as paper_signals
from governance.papers.models import PaperVersion


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


@meeting_signals.item_withdrawal_asked.connect
def keep_decided_items(item: AgendaItem, **_kwargs: Any) -> None:
    """Refuse to withdraw an item with a recorded decision."""
    number = db.session.execute(
        sa.select(Decision.number).where(Decision.agenda_item_id == item.id).limit(1)
    ).scalar_one_or_none()
    if number is not None:
        raise DomainError(
            f"A decision has been recorded on this item ({number}), so it stays on the agenda; "
            "a mistaken decision is corrected by a later one that supersedes it."
        )


@paper_signals.version_withdrawal_asked.connect
def keep_relied_on_versions(version: PaperVersion, **_kwargs: Any) -> None:
    """Refuse to withdraw a version a decision relied on."""
    number = db.session.execute(
        sa.select(Decision.number)
        .join(DecisionPaper, DecisionPaper.decision_id == Decision.id)
        .where(DecisionPaper.paper_version_id == version.id)
        .limit(1)
    ).scalar_one_or_none()
    if number is not None:
        raise DomainError(
            f"Decision {number} relied on this version, so it stays in the record; "
            "upload a corrected version instead."
        )
