"""Reads of the decision record: the register (filtered, paged by key) and one decision's trail.

Each read runs a fixed number of statements however many decisions, papers or events there are.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.orm import aliased, joinedload, selectinload

from governance.attendance.models import Attendance, AttendanceCorrection, AttendanceStatus
from governance.audit.models import AuditEvent
from governance.auth.models import User
from governance.boards.models import Board, Person
from governance.boards.permissions import can_view_board
from governance.decisions import signals
from governance.decisions.models import Decision, DecisionPaper, DecisionStatus
from governance.extensions import db
from governance.fields import whole_number
from governance.interests.models import Declaration
from governance.meetings.models import AgendaItem, Meeting
from governance.meetings.permissions import can_see_confidential
from governance.papers.models import Paper, PaperVersion
from governance.viewer import signed_in

if TYPE_CHECKING:
    from governance.minutes.models import Minutes

#: A register position: the (taken_at, id) of the last decision shown.
Cursor = tuple[datetime, int]


@dataclass(frozen=True)
class Scope:
    """The decisions a viewer may see, worked out once from the same predicates as the pages."""

    all_boards: bool
    board_ids: frozenset[int] = frozenset()
    #: Boards whose confidential items the viewer may see.
    confidential_board_ids: frozenset[int] = frozenset()
    #: The public see published decisions only.
    published_only: bool = True


def scope_for(user: Any) -> Scope:
    """The viewer's scope: administrators and auditors everything, others board by board."""
    known = signed_in(user)
    if known and (user.is_admin or user.is_auditor):
        return Scope(all_boards=True, published_only=False)
    boards = db.session.execute(sa.select(Board)).scalars().all()
    visible = [b for b in boards if can_view_board(user, b)]
    return Scope(
        all_boards=False,
        board_ids=frozenset(b.id for b in visible),
        confidential_board_ids=frozenset(b.id for b in visible if can_see_confidential(user, b)),
        published_only=not known,
    )


@dataclass(frozen=True)
class Filters:
    """What the register is narrowed to; every field optional."""

    board_id: int | None = None
    taken_from: date | None = None
    taken_to: date | None = None
    text: str = ""
    status: DecisionStatus | None = None
    inquorate: bool = False
    late_papers: bool = False
    interests_declared: bool = False
    superseded: bool = False
    recommendation: bool = False


def format_cursor(decision: Decision) -> str:
    """'2026-12-10T11:00:00+00:00,42': where the next page starts."""
    return f"{decision.taken_at.isoformat()},{decision.id}"


def parse_cursor(text: str | None) -> Cursor | None:
    """The cursor from the URL, or None if it is missing or malformed."""
    if not text or "," not in text:
        return None
    when, _, ident = text.rpartition(",")
    try:
        at = datetime.fromisoformat(when)
    except ValueError:
        return None
    number = whole_number(ident, lowest=0)
    if number is None:
        return None
    return (at if at.tzinfo else at.replace(tzinfo=UTC)), number


def _sees(scope: Scope, decision: Any, item: Any, board: Any) -> sa.ColumnElement[bool]:
    """Whether the viewer may see a decision, given the decision, its item and its board (the
    models or aliases of them), as a condition on those rows."""
    if scope.all_boards:
        return sa.true()
    conditions = [
        decision.board_id.in_(scope.board_ids),
        sa.or_(
            item.confidential.is_(False),
            decision.board_id.in_(scope.confidential_board_ids),
        ),
    ]
    if scope.published_only:
        conditions += [decision.published.is_(True), board.is_public.is_(True)]
    return sa.and_(*conditions)


def _visible(query: sa.Select[Any], scope: Scope) -> sa.Select[Any]:
    if scope.all_boards:
        return query
    return query.where(_sees(scope, Decision, AgendaItem, Board))


def _neighbour_number(
    query: sa.Select[Any], scope: Scope, link: Any
) -> tuple[sa.Select[Any], sa.ColumnElement[Any]]:
    """Join the decision that `link` (a foreign key of Decision) points at, and give its number
    only where the viewer may see it: the register never names a decision it would not show."""
    other = aliased(Decision)
    item, board = aliased(AgendaItem), aliased(Board)
    query = (
        query.outerjoin(other, other.id == link)
        .outerjoin(item, item.id == other.agenda_item_id)
        .outerjoin(board, board.id == other.board_id)
    )
    return query, sa.case((_sees(scope, other, item, board), other.number), else_=None)


def _filtered(query: sa.Select[Any], f: Filters) -> sa.Select[Any]:
    if f.board_id is not None:
        query = query.where(Decision.board_id == f.board_id)
    # Days are UTC days: the register spans boards, which may keep different timezones.
    if f.taken_from is not None:
        query = query.where(Decision.taken_at >= datetime.combine(f.taken_from, time(), UTC))
    if f.taken_to is not None:
        end = datetime.combine(f.taken_to + timedelta(days=1), time(), UTC)
        query = query.where(Decision.taken_at < end)
    text = f.text.strip()
    if text:
        query = query.where(
            sa.or_(
                Decision.number.icontains(text, autoescape=True),
                Decision.resolution.icontains(text, autoescape=True),
                Decision.rationale.icontains(text, autoescape=True),
            )
        )
    if f.status is not None:
        query = query.where(Decision.status == f.status)
    if f.inquorate:
        query = query.where(Decision.quorate.is_(False))
    if f.late_papers:
        query = query.where(Decision.relied_on_late_papers.is_(True))
    if f.interests_declared:
        query = query.where(
            sa.exists().where(Declaration.agenda_item_id == Decision.agenda_item_id)
        )
    if f.superseded:
        query = query.where(Decision.status == DecisionStatus.SUPERSEDED)
    if f.recommendation:
        query = query.where(Decision.is_recommendation.is_(True))
    return query


@dataclass(frozen=True)
class RegisterRow:
    decision: Decision
    #: The number of the decision that superseded this one, if any and if the viewer may see it.
    superseded_by: str | None
    #: The number of the decision this one corrects, varies or rescinds, if the viewer may see it.
    supersedes: str | None = None


@dataclass(frozen=True)
class RegisterPage:
    rows: list[RegisterRow]
    #: Where the next (older) page starts; None on the last page.
    next_cursor: str | None


def register_page(
    scope: Scope, filters: Filters, before: Cursor | None = None, size: int = 50
) -> RegisterPage:
    """One page of the register, newest first, in one statement."""
    query = (
        sa.select(Decision)
        .join(AgendaItem, AgendaItem.id == Decision.agenda_item_id)
        .join(Board, Board.id == Decision.board_id)
    )
    query, later = _neighbour_number(query, scope, Decision.superseded_by_id)
    query, earlier = _neighbour_number(query, scope, Decision.supersedes_id)
    query = (
        query.add_columns(later, earlier)
        .options(
            joinedload(Decision.board),
            joinedload(Decision.item).joinedload(AgendaItem.meeting),
        )
        .order_by(Decision.taken_at.desc(), Decision.id.desc())
        .limit(size + 1)
    )
    query = _filtered(_visible(query, scope), filters)
    if before is not None:
        at, ident = before
        query = query.where(
            sa.or_(Decision.taken_at < at, sa.and_(Decision.taken_at == at, Decision.id < ident))
        )
    rows = [RegisterRow(d, later, earlier) for d, later, earlier in db.session.execute(query)]
    more = len(rows) > size
    rows = rows[:size]
    return RegisterPage(rows, format_cursor(rows[-1].decision) if more and rows else None)


@dataclass(frozen=True)
class Trail:
    """Everything the decision trail page shows, loaded together."""

    decision: Decision
    #: Names of the people the snapshots and votes name, by person id, resolved now.
    names: dict[int, str]
    recorded_by: str | None
    superseded_by: Decision | None
    #: The meeting's minutes, once approved (which is what confirms the decision).
    minutes: Minutes | None
    events: list[AuditEvent]
    #: Corrections to the meeting's register, made later, that change who it would count.
    corrections: list[AttendanceCorrection] = field(default_factory=list)
    #: Names of those who made the corrections, by user id.
    correctors: dict[int, str] = field(default_factory=dict)
    #: The minutes of an earlier meeting that this decision approved, if it approved any.
    approves: Minutes | None = None


def _person_ids(decision: Decision) -> set[int]:
    snap = decision.quorum_snapshot or {}
    ids = set(snap.get("counted_person_ids", [])) | set(snap.get("withdrawn_person_ids", []))
    ids |= {d["person_id"] for d in decision.declarations_snapshot or []}
    return ids | {v.person_id for v in decision.votes}


def trail_events(decision: Decision) -> list[AuditEvent]:
    """Events on the decision, its item, the item's papers, versions and declarations, and the
    meeting's attendance rows, in chain order, in one statement."""
    item = decision.item
    papers = sa.select(Paper.id).where(Paper.agenda_item_id == item.id)
    versions = sa.select(PaperVersion.id).join(Paper).where(Paper.agenda_item_id == item.id)
    declarations = sa.select(Declaration.id).where(Declaration.agenda_item_id == item.id)
    attendance = sa.select(Attendance.id).where(Attendance.meeting_id == item.meeting_id)
    corrections = sa.select(AttendanceCorrection.id).where(
        AttendanceCorrection.meeting_id == item.meeting_id
    )
    targets = [
        ("decision", AuditEvent.target_id == decision.id),
        ("agenda_item", AuditEvent.target_id == item.id),
        ("paper", AuditEvent.target_id.in_(papers)),
        ("paper_version", AuditEvent.target_id.in_(versions)),
        ("declaration", AuditEvent.target_id.in_(declarations)),
        ("attendance", AuditEvent.target_id.in_(attendance)),
        ("attendance_correction", AuditEvent.target_id.in_(corrections)),
    ]
    # One SELECT per kind of target, each an ix_audit_event_target lookup. As one OR of them,
    # PostgreSQL walked all the events (1.6 s at county scale). The kinds differ, so UNION ALL
    # returns each event once.
    union = sa.union_all(
        *(
            sa.select(AuditEvent).where(AuditEvent.target_type == kind, condition)
            for kind, condition in targets
        )
    ).subquery()
    event = aliased(AuditEvent, union)
    return list(db.session.execute(sa.select(event).order_by(event.seq)).scalars())


def decision_trail(decision_id: int, *, with_events: bool = True) -> Trail | None:
    """One decision with its board, meeting, papers, votes, the decisions either side of it,
    the minutes, the people it names and (if asked) its audit events."""
    decision = db.session.execute(
        sa.select(Decision)
        .where(Decision.id == decision_id)
        .options(
            joinedload(Decision.board),
            joinedload(Decision.item).joinedload(AgendaItem.meeting).joinedload(Meeting.board),
            joinedload(Decision.supersedes),
            selectinload(Decision.papers)
            .joinedload(DecisionPaper.version)
            .joinedload(PaperVersion.paper),
            selectinload(Decision.papers)
            .joinedload(DecisionPaper.version)
            .joinedload(PaperVersion.consent_by),
            selectinload(Decision.papers)
            .joinedload(DecisionPaper.version)
            .joinedload(PaperVersion.consent_request),
            selectinload(Decision.votes),
        )
    ).scalar_one_or_none()
    if decision is None:
        return None
    later = (
        db.session.execute(
            sa.select(Decision).where(Decision.supersedes_id == decision.id).order_by(Decision.id)
        )
        .scalars()
        .first()
    )
    corrections = [
        c
        for c in db.session.execute(
            sa.select(AttendanceCorrection)
            .where(AttendanceCorrection.meeting_id == decision.item.meeting_id)
            .order_by(AttendanceCorrection.corrected_at, AttendanceCorrection.id)
        ).scalars()
        if c.affects(decision.id)
    ]
    corrected_ids = {line["person_id"] for c in corrections for line in c.changes}
    for c in corrections:
        effect = c.affects(decision.id) or {}
        corrected_ids |= set(effect.get("counted_before", [])) | set(
            effect.get("counted_after", [])
        )
    names = names_of(_person_ids(decision) | corrected_ids)
    correctors = _user_names({c.corrected_by_id for c in corrections if c.corrected_by_id})
    recorded_by = db.session.execute(
        sa.select(Person.full_name)
        .join(User, User.person_id == Person.id)
        .where(User.id == decision.recorded_by_id)
    ).scalar_one_or_none()
    # The minutes area sits above decisions and answers (governance.minutes.listeners).
    minutes = signals.first_answer(signals.approved_minutes_wanted, decision.item.meeting_id)
    return Trail(
        decision=decision,
        names=names,
        recorded_by=recorded_by,
        superseded_by=later,
        minutes=minutes,
        events=trail_events(decision) if with_events else [],
        corrections=corrections,
        correctors=correctors,
        approves=signals.first_answer(signals.minutes_approved_by_wanted, decision.id),
    )


def _user_names(user_ids: set[int]) -> dict[int, str]:
    """People's names by the id of their login, in one statement (none when no ids)."""
    if not user_ids:
        return {}
    rows = db.session.execute(
        sa.select(User.id, Person.full_name)
        .join(Person, User.person_id == Person.id)
        .where(User.id.in_(user_ids))
    )
    return {user_id: name for user_id, name in rows}


def earlier_decisions(board_id: int) -> list[Decision]:
    """Decisions of a board that a new one could still supersede, newest first."""
    return list(
        db.session.execute(
            sa.select(Decision)
            .where(Decision.board_id == board_id, Decision.status != DecisionStatus.SUPERSEDED)
            .order_by(Decision.taken_at.desc(), Decision.id.desc())
        ).scalars()
    )


def names_of(person_ids: set[int] | list[int] | tuple[int, ...]) -> dict[int, str]:
    """Full names by person id, in one statement."""
    rows = db.session.execute(
        sa.select(Person.id, Person.full_name).where(Person.id.in_(list(person_ids)))
    )
    return {person_id: name for person_id, name in rows}


def circulated_on(item: AgendaItem) -> list[PaperVersion]:
    """Every circulated version of the item's papers (not withdrawn), newest first within each
    paper."""
    return list(
        db.session.execute(
            sa.select(PaperVersion)
            .join(Paper, Paper.id == PaperVersion.paper_id)
            .where(
                Paper.agenda_item_id == item.id,
                PaperVersion.circulated_at.is_not(None),
                PaperVersion.withdrawn_at.is_(None),
            )
            .options(joinedload(PaperVersion.paper))
            .order_by(Paper.id, PaperVersion.number.desc())
        ).scalars()
    )


def present_people(meeting: Meeting) -> list[tuple[int, str]]:
    """(person id, name) of everyone recorded present or deputising at the meeting, by name."""
    return [
        (pid, name)
        for pid, name in db.session.execute(
            sa.select(Person.id, Person.full_name)
            .join(Attendance, Attendance.person_id == Person.id)
            .where(
                Attendance.meeting_id == meeting.id,
                Attendance.status.in_([AttendanceStatus.PRESENT, AttendanceStatus.DEPUTY]),
            )
            .order_by(Person.full_name, Person.id)
        ).all()
    ]


def boards_in(scope: Scope) -> list[tuple[int, str]]:
    """The (id, name) of each board a viewer may filter the register by, by name."""
    query = sa.select(Board.id, Board.name).order_by(Board.name)
    if not scope.all_boards:
        query = query.where(Board.id.in_(scope.board_ids))
    return [(board_id, name) for board_id, name in db.session.execute(query)]


def decisions_by_item(item_ids: list[int]) -> dict[int, list[Decision]]:
    """The decisions taken on each of these agenda items, in the order they were taken."""
    out: dict[int, list[Decision]] = {i: [] for i in item_ids}
    if not item_ids:
        return out
    rows = db.session.execute(
        sa.select(Decision)
        .where(Decision.agenda_item_id.in_(item_ids))
        .order_by(Decision.taken_at, Decision.id)
    ).scalars()
    for decision in rows:
        out[decision.agenda_item_id].append(decision)
    return out


def decisions_at(meeting: Meeting) -> list[tuple[int, str]]:
    """The (id, number) of each decision recorded at a meeting, in the order taken."""
    return [
        (row.id, row.number)
        for row in db.session.execute(
            sa.select(Decision.id, Decision.number)
            .join(AgendaItem, AgendaItem.id == Decision.agenda_item_id)
            .where(AgendaItem.meeting_id == meeting.id)
            .order_by(Decision.taken_at, Decision.id)
        )
    ]


def late_papers_by_decision(decision_ids: list[int]) -> dict[int, list[DecisionPaper]]:
    """The late papers each decision relied on, with why and whose consent, in one statement."""
    out: dict[int, list[DecisionPaper]] = {i: [] for i in decision_ids}
    if not decision_ids:
        return out
    rows = db.session.execute(
        sa.select(DecisionPaper)
        .where(DecisionPaper.decision_id.in_(decision_ids), DecisionPaper.late.is_(True))
        .options(
            joinedload(DecisionPaper.version).joinedload(PaperVersion.paper),
            joinedload(DecisionPaper.version).joinedload(PaperVersion.consent_by),
            joinedload(DecisionPaper.version).joinedload(PaperVersion.consent_request),
        )
        .order_by(DecisionPaper.decision_id, DecisionPaper.id)
    ).scalars()
    for relied in rows:
        out[relied.decision_id].append(relied)
    return out
