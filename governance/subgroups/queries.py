"""Reads of the sub-groups area, each page in a fixed number of statements."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from governance.boards.models import Board, BoardOfficer, OfficerRole, Person
from governance.boards.permissions import can_view_board
from governance.boards.rules import describe_quorum
from governance.database import utcnow
from governance.decisions.models import Decision, DecisionStatus
from governance.extensions import db
from governance.meetings.models import (
    BEFORE_THE_MEETING,
    OPEN,
    TAKEN_PLACE,
    AgendaItem,
    Meeting,
    MeetingStatus,
)
from governance.meetings.permissions import can_manage_meetings
from governance.meetings.rules import local_date
from governance.subgroups import rules
from governance.subgroups.models import (
    AuthorityCheck,
    SubgroupReport,
    TermsOfReference,
    TermsStatus,
)


def versions(board_id: int) -> list[TermsOfReference]:
    """Every version of a sub-group's terms, newest first, with entries and approving decision."""
    return list(
        db.session.execute(
            sa.select(TermsOfReference)
            .where(TermsOfReference.board_id == board_id)
            .options(
                selectinload(TermsOfReference.authorities),
                joinedload(TermsOfReference.approved_by),
            )
            .order_by(TermsOfReference.version.desc())
        ).scalars()
    )


def one_version(terms_id: int) -> TermsOfReference | None:
    """A version with its entries, approving decision and sub-group (and its parent)."""
    return db.session.execute(
        sa.select(TermsOfReference)
        .where(TermsOfReference.id == terms_id)
        .options(
            selectinload(TermsOfReference.authorities),
            joinedload(TermsOfReference.approved_by),
            joinedload(TermsOfReference.board).joinedload(Board.parent),
        )
    ).scalar_one_or_none()


def plain(terms: TermsOfReference) -> dict[str, Any]:
    """A version's content as plain values, for comparing two versions."""
    return {
        "purpose": terms.purpose,
        "membership": terms.membership,
        "chair": terms.chair,
        "quorum": terms.quorum,
        "quorum_rule": rules.describe_terms_quorum(
            terms.quorum_min_count, terms.quorum_category_minimums
        ),
        "meeting_frequency": terms.meeting_frequency,
        "reporting": rules.describe_duty(terms.reporting_every, terms.reporting_basis.value),
        "review_on": terms.review_on.strftime("%-d %b %Y"),
        "authorities": [rules.Authority(a.kind, a.spending_limit_pence) for a in terms.authorities],
    }


def approving_decisions(parent_id: int) -> list[Decision]:
    """Decisions of the parent board that could approve terms: standing, not recommendations."""
    return list(
        db.session.execute(
            sa.select(Decision)
            .where(
                Decision.board_id == parent_id,
                Decision.is_recommendation.is_(False),
                Decision.status != DecisionStatus.SUPERSEDED,
            )
            .order_by(Decision.taken_at.desc(), Decision.id.desc())
            .limit(200)
        ).scalars()
    )


def report_items(parent: Board) -> list[AgendaItem]:
    """Items of the parent's called or held meetings, newest first, to file reports under."""
    return list(
        db.session.execute(
            sa.select(AgendaItem)
            .join(Meeting, Meeting.id == AgendaItem.meeting_id)
            .where(
                Meeting.board_id == parent.id,
                Meeting.status.in_(OPEN),
            )
            .options(joinedload(AgendaItem.meeting))
            .order_by(Meeting.starts_at.desc(), AgendaItem.position)
        ).scalars()
    )


# The parent's view of its sub-groups -------------------------------------------------------


@dataclass(frozen=True)
class SubgroupRow:
    """What the parent board sees of one sub-group."""

    board: Board
    chair: Person | None
    next_meeting: Meeting | None
    approved: TermsOfReference | None
    draft: TermsOfReference | None
    reporting: rules.ReportingStatus
    review: rules.ReviewState


def _by_board(rows: Sequence[Any]) -> dict[int, list[Any]]:
    grouped: dict[int, list[Any]] = {}
    for board_id, value in rows:
        grouped.setdefault(board_id, []).append(value)
    return grouped


def _chairs(ids: list[int]) -> dict[int, Person]:
    """Each board's chair, by board id."""
    return {
        o.board_id: o.person
        for o in db.session.execute(
            sa.select(BoardOfficer)
            .where(BoardOfficer.board_id.in_(ids), BoardOfficer.role == OfficerRole.CHAIR)
            .options(joinedload(BoardOfficer.person))
            .order_by(BoardOfficer.id)
        ).scalars()
    }


def _next_meetings(ids: list[int], now: datetime, show_drafts: bool) -> dict[int, Meeting]:
    """Each board's next meeting (called; or still a draft, for those who see drafts)."""
    upcoming = BEFORE_THE_MEETING if show_drafts else (MeetingStatus.NOTICE_ISSUED,)
    nexts: dict[int, Meeting] = {}
    for meeting in db.session.execute(
        sa.select(Meeting)
        .where(
            Meeting.board_id.in_(ids),
            Meeting.status.in_(upcoming),
            Meeting.withdrawn_at.is_(None),
            Meeting.starts_at >= now,
        )
        .order_by(Meeting.starts_at)
    ).scalars():
        nexts.setdefault(meeting.board_id, meeting)
    return nexts


def _parent_days(parent: Board) -> list[date]:
    """The days of the parent board's meetings that were not cancelled, where it meets."""
    return [
        local_date(at, parent.timezone)
        for at in db.session.execute(
            sa.select(Meeting.starts_at).where(
                Meeting.board_id == parent.id, Meeting.status != MeetingStatus.CANCELLED
            )
        ).scalars()
    ]


def subgroup_rows(
    parent: Board, subgroups: Sequence[Board], now: datetime, show_drafts: bool
) -> list[SubgroupRow]:
    """Chair, next meeting, terms and reporting status of each sub-group, in six statements."""
    if not subgroups:
        return []
    ids = [s.id for s in subgroups]
    zone = parent.timezone
    today = local_date(now, zone)
    chairs, nexts = _chairs(ids), _next_meetings(ids, now, show_drafts)
    terms = _by_board(
        db.session.execute(
            sa.select(TermsOfReference.board_id, TermsOfReference).where(
                TermsOfReference.board_id.in_(ids)
            )
        ).all()
    )
    reports = _by_board(
        db.session.execute(
            sa.select(SubgroupReport.subgroup_id, Meeting.starts_at)
            .join(AgendaItem, AgendaItem.id == SubgroupReport.agenda_item_id)
            .join(Meeting, Meeting.id == AgendaItem.meeting_id)
            .where(SubgroupReport.subgroup_id.in_(ids), Meeting.status != MeetingStatus.CANCELLED)
        ).all()
    )
    held = _by_board(
        db.session.execute(
            sa.select(Meeting.board_id, Meeting.starts_at).where(
                Meeting.board_id.in_(ids), Meeting.status.in_(TAKEN_PLACE)
            )
        ).all()
    )
    parent_days = _parent_days(parent)
    rows = []
    for sub in subgroups:
        versions_ = terms.get(sub.id, [])
        approved = next((t for t in versions_ if t.status is TermsStatus.APPROVED), None)
        draft = next((t for t in versions_ if t.status is TermsStatus.DRAFT), None)
        rows.append(
            SubgroupRow(
                board=sub,
                chair=chairs.get(sub.id),
                next_meeting=nexts.get(sub.id),
                approved=approved,
                draft=draft,
                reporting=_reporting(approved, versions_, reports, held, parent_days, sub, today),
                review=rules.review_state(approved.review_on if approved else None, today),
            )
        )
    return rows


def _reporting(
    approved: TermsOfReference | None,
    versions_: list[TermsOfReference],
    reports: dict[int, list[datetime]],
    held: dict[int, list[datetime]],
    parent_days: list[date],
    sub: Board,
    today: date,
) -> rules.ReportingStatus:
    if approved is None:
        return rules.reporting_status(None, None, None, [], [], [], today)
    first = min(t.approved_at for t in versions_ if t.approved_at is not None)
    return rules.reporting_status(
        approved.reporting_every,
        approved.reporting_basis.value,
        local_date(first, sub.timezone),
        [local_date(at, sub.timezone) for at in reports.get(sub.id, [])],
        [local_date(at, sub.timezone) for at in held.get(sub.id, [])],
        parent_days,
        today,
    )


def recommendations(parent: Board) -> list[AuthorityCheck]:
    """Recommendations of the parent's sub-groups made outside their authority, newest first."""
    return list(
        db.session.execute(
            sa.select(AuthorityCheck)
            .join(Decision, Decision.id == AuthorityCheck.decision_id)
            .join(Board, Board.id == Decision.board_id)
            .where(
                Board.parent_id == parent.id,
                AuthorityCheck.within_authority.is_(False),
                Decision.quorate.is_(True),
            )
            .options(
                joinedload(AuthorityCheck.decision).joinedload(Decision.board),
                joinedload(AuthorityCheck.decision)
                .joinedload(Decision.item)
                .joinedload(AgendaItem.meeting),
                joinedload(AuthorityCheck.referred_item).joinedload(AgendaItem.meeting),
            )
            .order_by(Decision.taken_at.desc(), Decision.id.desc())
        ).scalars()
    )


def decisions_on(item_ids: list[int]) -> dict[int, Decision]:
    """The parent's decision (if any) on each referred item, with its item and meeting (for the
    viewer's permission to open it)."""
    if not item_ids:
        return {}
    rows = db.session.execute(
        sa.select(Decision)
        .where(Decision.agenda_item_id.in_(item_ids))
        .options(joinedload(Decision.item).joinedload(AgendaItem.meeting))
        .order_by(Decision.taken_at, Decision.id)
    ).scalars()
    return {d.agenda_item_id: d for d in rows}


def reports_received(parent: Board, limit: int = 30) -> list[SubgroupReport]:
    """The latest reports the parent has received from its sub-groups."""
    return list(
        db.session.execute(
            sa.select(SubgroupReport)
            .join(AgendaItem, AgendaItem.id == SubgroupReport.agenda_item_id)
            .join(Meeting, Meeting.id == AgendaItem.meeting_id)
            .where(Meeting.board_id == parent.id)
            .options(
                joinedload(SubgroupReport.subgroup),
                joinedload(SubgroupReport.item).joinedload(AgendaItem.meeting),
            )
            .order_by(Meeting.starts_at.desc(), SubgroupReport.id.desc())
            .limit(limit)
        ).scalars()
    )


def board_panel(board: Board, user: Any) -> dict[str, Any]:
    """What the board page shows of sub-groups: the sub-group's own terms and reporting, or
    the parent's list of its sub-groups. A fixed number of statements either way."""
    if board.parent is not None:
        rows = subgroup_rows(board.parent, [board], utcnow(), can_manage_meetings(user, board))
        return {"own": rows[0], "rows": []}
    visible = [b for b in board.subgroups if can_view_board(user, b)]
    return {
        "own": None,
        "rows": subgroup_rows(board, visible, utcnow(), can_manage_meetings(user, board)),
    }


def quorum_caveat(board: Board) -> str | None:
    """Why a sub-group's quorum rule does not follow its approved terms, or None if it does
    (or it is no sub-group, or has no approved terms)."""
    if board.parent_id is None:
        return None
    terms = db.session.execute(
        sa.select(TermsOfReference).where(
            TermsOfReference.board_id == board.id,
            TermsOfReference.status == TermsStatus.APPROVED,
        )
    ).scalar_one_or_none()
    if terms is None:
        return None
    fraction = None
    if board.quorum_fraction_numerator and board.quorum_fraction_denominator:
        fraction = (board.quorum_fraction_numerator, board.quorum_fraction_denominator)
    rule = rules.BoardQuorum(
        board.quorum_min_count,
        fraction,
        dict(board.quorum_category_minimums or {}),
        describe_quorum(board),
    )
    return rules.quorum_mismatch(
        board.name,
        rule,
        terms.version,
        terms.quorum_min_count,
        terms.quorum_category_minimums,
        terms.quorum,
    )
