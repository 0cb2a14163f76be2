"""How the decisions area answers what lower areas ask before a withdrawal. Connected by
create_app: the record keeps what a decision was taken on and relied on."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from governance.decisions.models import Decision, DecisionPaper
from governance.errors import DomainError
from governance.extensions import db
from governance.meetings import signals as meeting_signals
from governance.meetings.models import AgendaItem
from governance.papers import signals as paper_signals
from governance.papers.models import PaperVersion


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
