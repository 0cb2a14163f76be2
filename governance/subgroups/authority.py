"""Delegated authority in use: checking a sub-group's decision, and referring recommendations.

`record_decision` calls `rule_for_decision` before it records and `file_check` after; a
decision outside the authority becomes a recommendation and goes on the agenda of the parent
board's next meeting (a draft, or one with notice issued) as an item for decision.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from governance.audit.operations import record_event
from governance.boards.models import Board
from governance.database import utcnow
from governance.decisions.models import Decision
from governance.errors import DomainError
from governance.extensions import db
from governance.meetings import operations as meeting_ops
from governance.meetings.models import (
    BEFORE_THE_MEETING,
    AgendaItem,
    Meeting,
    Purpose,
)
from governance.subgroups import rules
from governance.subgroups.models import AuthorityCheck, TermsOfReference, TermsStatus

if TYPE_CHECKING:
    from governance.auth.models import User


@dataclass(frozen=True)
class Check:
    """A ruling on a sub-group's decision, with what it was based on."""

    ruling: rules.Ruling
    terms: TermsOfReference | None
    kind: str
    amount_pence: int | None


def approved_terms(board_id: int) -> TermsOfReference | None:
    """The terms of reference in force for a sub-group, with their authority entries."""
    return db.session.execute(
        sa.select(TermsOfReference).where(
            TermsOfReference.board_id == board_id,
            TermsOfReference.status == TermsStatus.APPROVED,
        )
    ).scalar_one_or_none()


def authorities_of(terms: TermsOfReference | None) -> list[rules.Authority]:
    """The entries of delegated authority as plain values (none without approved terms)."""
    if terms is None:
        return []
    return [rules.Authority(a.kind, a.spending_limit_pence) for a in terms.authorities]


def rule_for_decision(
    board: Board, values: Mapping[str, Any], *, superseding: bool
) -> Check | None:
    """For a sub-group, whether the decision about to be recorded is inside its authority.

    Boards with no parent get None: they decide everything themselves.
    """
    if board.parent_id is None:
        return None
    terms = approved_terms(board.id)
    kind = str(values.get("authority_kind") or "").strip()
    amount = values.get("amount_committed")
    ruling = rules.authority_ruling(authorities_of(terms), kind, amount)
    if not ruling.within and superseding:
        raise DomainError(
            "Outside its delegated authority the sub-group can only recommend, and a "
            "recommendation cannot correct, vary or rescind a decision.",
            field="supersedes",
        )
    return Check(ruling, terms, kind, amount)


def next_open_meeting(board_id: int, after: datetime) -> Meeting | None:
    """The board's first meeting after `after` whose agenda is still open."""
    return db.session.execute(
        sa.select(Meeting)
        .where(
            Meeting.board_id == board_id,
            Meeting.status.in_(BEFORE_THE_MEETING),
            Meeting.withdrawn_at.is_(None),
            Meeting.starts_at > after,
        )
        .order_by(Meeting.starts_at, Meeting.id)
        .limit(1)
    ).scalar_one_or_none()


def _place(actor: User | None, check: AuthorityCheck, meeting: Meeting) -> AgendaItem:
    """Add the recommendation to the meeting's agenda as an item for decision."""
    decision = check.decision
    subgroup = decision.board
    item = meeting_ops.save_item(
        actor,
        meeting,
        None,
        {
            "title": f"Recommendation from the {subgroup.name}: {decision.resolution}"[:300],
            "purpose": Purpose.DECISION,
            "presenter": f"Chair of the {subgroup.name}",
            "description": (
                f"Recommendation {decision.number} of the {subgroup.name}: "
                f"{decision.resolution} It comes to the board because it is outside the "
                f"sub-group's delegated authority: {check.reason}"
            ),
            "minutes_allotted": 10,
            "confidential": decision.item.confidential,
        },
    )
    check.referred_item = item
    db.session.flush()
    return item


def file_check(
    actor: User | None, decision: Decision, check: Check, moment: datetime
) -> AuthorityCheck:
    """Keep the ruling with the decision; put a recommendation on the parent's next agenda.

    Only a quorate sub-group's recommendation goes up: an inquorate one waits for the
    sub-group's own next quorate meeting first.
    """
    row = AuthorityCheck(
        decision=decision,
        terms=check.terms,
        kind=check.kind,
        amount_pence=check.amount_pence,
        within_authority=check.ruling.within,
        reason=check.ruling.reason[:500],
    )
    db.session.add(row)
    record_event(
        actor,
        "authority_check.create",
        row,
        f"Decision {decision.number} is "
        + ("within" if check.ruling.within else "outside")
        + " the sub-group's delegated authority",
        {"within_authority": [None, check.ruling.within], "reason": [None, row.reason]},
    )
    parent_id = decision.board.parent_id
    if not check.ruling.within and decision.quorate and parent_id is not None:
        meeting = next_open_meeting(parent_id, moment)
        if meeting is not None:
            _place(actor, row, meeting)
    return row


def is_waiting(check: AuthorityCheck) -> bool:
    """A quorate recommendation with no place on an agenda that will still happen."""
    if check.within_authority or not check.decision.quorate:
        return False
    item = check.referred_item
    return item is None or item.meeting.is_cancelled


def refer_recommendation(actor: User | None, check: AuthorityCheck) -> AgendaItem:
    """Put a waiting recommendation on the agenda of the parent board's next meeting."""
    if not is_waiting(check):
        raise DomainError("That recommendation is already on an agenda, or is not one to refer.")
    parent_id = check.decision.board.parent_id
    assert parent_id is not None
    meeting = next_open_meeting(parent_id, utcnow())
    if meeting is None:
        raise DomainError(
            "The board has no meeting in its diary that can take it; schedule one first."
        )
    return _place(actor, check, meeting)


def check_for(decision_id: int) -> AuthorityCheck | None:
    """The authority check kept with a sub-group's decision, with where it was referred."""
    return db.session.execute(
        sa.select(AuthorityCheck)
        .where(AuthorityCheck.decision_id == decision_id)
        .options(
            joinedload(AuthorityCheck.terms),
            joinedload(AuthorityCheck.referred_item).joinedload(AgendaItem.meeting),
        )
    ).scalar_one_or_none()
