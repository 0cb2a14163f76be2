"""Recording decisions with the record of their moment, confirming them, and superseding them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from governance.audit.operations import lock_chain, record_event
from governance.boards.models import Board, Person
from governance.database import utcnow
from governance.decisions import quorum, rules, signals
from governance.decisions.models import (
    Decision,
    DecisionMethod,
    DecisionPaper,
    DecisionStatus,
    NamedVote,
    Relation,
    VoteCast,
)
from governance.errors import DomainError
from governance.extensions import db
from governance.interests.models import Declaration
from governance.meetings.models import AgendaItem, Meeting, Purpose
from governance.meetings.rules import local_date
from governance.papers import circulation
from governance.papers.models import Paper, PaperVersion

if TYPE_CHECKING:
    from governance.auth.models import User


def circulated_versions(item: AgendaItem) -> list[PaperVersion]:
    """The newest circulated version of every paper on the item, in paper order."""
    papers = db.session.execute(
        sa.select(Paper)
        .where(Paper.agenda_item_id == item.id)
        .options(selectinload(Paper.versions))
        .order_by(Paper.id)
    ).scalars()
    return [version for paper in papers if (version := paper.circulated) is not None]


def _check_papers(item: AgendaItem, versions: Iterable[PaperVersion]) -> list[PaperVersion]:
    """Circulated versions of this item's papers, each once, in the order given."""
    chosen: dict[int, PaperVersion] = {}
    for version in versions:
        if version.paper.agenda_item_id != item.id:
            raise DomainError("That paper belongs to another agenda item.", field="relied_on")
        if version.circulated_at is None:
            raise DomainError(
                f"“{version.paper.title}” version {version.number} was never circulated, so "
                "members cannot have relied on it.",
                field="relied_on",
            )
        chosen.setdefault(version.id, version)
    return list(chosen.values())


def _check_supersession(
    item: AgendaItem, old: Decision | None, relation: Relation | None
) -> Relation | None:
    if old is None:
        if relation is not None:
            raise DomainError(
                "Choose the decision this one corrects, varies or rescinds.", field="supersedes"
            )
        return None
    if relation is None:
        raise DomainError(
            "Say whether this corrects, varies or rescinds the earlier decision.", field="relation"
        )
    if old.board_id != item.meeting.board_id:
        raise DomainError(
            "A decision can only supersede an earlier decision of the same board.",
            field="supersedes",
        )
    if old.status is DecisionStatus.SUPERSEDED or old.superseded_by_id is not None:
        raise DomainError(
            f"Decision {old.number} has already been superseded; supersede the later one instead.",
            field="supersedes",
        )
    return Relation(relation)


def _quorum_refusal(result: rules.QuorumResult, may_recommend: bool) -> DomainError:
    message = "The board is not quorate for this item: " + " ".join(result.shortfalls)
    if may_recommend:
        message += " Tick “record as a recommendation” to put it to a later, quorate meeting."
        return DomainError(message, field="as_recommendation")
    return DomainError(message + " It cannot be recorded as a decision.")


def _vote_counts(
    method: DecisionMethod,
    draft: DecisionDraft,
    result: rules.QuorumResult,
) -> tuple[int | None, int | None, int | None]:
    """The for / against / abstain counts, checked against those counted for the item."""
    if method is DecisionMethod.CONSENSUS:
        return None, None, None
    if method is DecisionMethod.VOTE:
        raw: list[Any] = [draft.votes_for, draft.votes_against, draft.abstentions]
        if any(c is None for c in raw):
            raise DomainError("Enter the votes for, against and abstaining.", field="votes_for")
        votes_for, against, abstentions = (int(c) for c in raw)
        rules.check_votes(votes_for, against, abstentions, result.counted)
        return votes_for, against, abstentions
    named = list(draft.named_votes or [])
    counted, seen = set(result.counted_person_ids), set()
    for person_id, _vote in named:
        if person_id in seen:
            raise DomainError("Each member has one vote.", field="named_votes")
        if person_id not in counted:
            person = db.session.get(Person, person_id)
            who = person.full_name if person else f"Person {person_id}"
            raise DomainError(
                f"{who} was not counted as present and voting on this item.", field="named_votes"
            )
        seen.add(person_id)
    tally = {cast: sum(1 for _p, v in named if VoteCast(v) is cast) for cast in VoteCast}
    try:
        rules.check_votes(
            tally[VoteCast.FOR], tally[VoteCast.AGAINST], tally[VoteCast.ABSTAIN], result.counted
        )
    except DomainError as error:
        raise DomainError(error.message, field="named_votes") from error
    return tally[VoteCast.FOR], tally[VoteCast.AGAINST], tally[VoteCast.ABSTAIN]


def _next_sequence(board_id: int, year: int) -> int:
    """max + 1 in SQL; two secretaries racing hit the unique constraint, not a duplicate."""
    return db.session.execute(
        sa.select(sa.func.coalesce(sa.func.max(Decision.sequence), 0) + 1).where(
            Decision.board_id == board_id, Decision.year == year
        )
    ).scalar_one()


#: Tries at a number when two secretaries record at the same moment on PostgreSQL.
NUMBER_ATTEMPTS = 5


def _insert_numbered(decision: Decision, board_id: int, year: int, code: str) -> None:
    """Insert the decision; if another took its number meanwhile, take the next one and retry.

    Raises:
        DomainError: every try collided (the board is recording faster than it can number).
    """
    for attempt in range(NUMBER_ATTEMPTS):
        if attempt:
            decision.sequence = _next_sequence(board_id, year)
            decision.number = rules.decision_number(code, year, decision.sequence)
        try:
            with db.session.begin_nested():
                db.session.add(decision)
                db.session.flush()
            return
        except sa.exc.IntegrityError:
            continue
    raise DomainError("Another decision took that number at the same moment; please submit again.")


def _declarations(item: AgendaItem) -> list[dict[str, Any]]:
    """The item's declarations as plain values, people by id only."""
    rows = db.session.execute(
        sa.select(Declaration).where(Declaration.agenda_item_id == item.id).order_by(Declaration.id)
    ).scalars()
    return [
        {
            "declaration_id": d.id,
            "person_id": d.person_id,
            "nature": d.nature,
            "action": d.action.value,
            "dispensation_by": d.dispensation_by,
            "dispensation_reason": d.dispensation_reason,
        }
        for d in rows
    ]


@dataclass(frozen=True)
class DecisionDraft:
    """What the secretary enters for a decision, typed; `record_decision` checks and records it."""

    resolution: str
    rationale: str
    #: Options considered and why they were rejected; or no_alternatives_reason.
    alternatives: str = ""
    no_alternatives_reason: str = ""
    method: DecisionMethod = DecisionMethod.CONSENSUS
    votes_for: int | None = None
    votes_against: int | None = None
    abstentions: int | None = None
    #: (person id, vote) for a named vote.
    named_votes: Sequence[tuple[int, VoteCast]] = ()
    dissent: str = ""
    #: Paper versions relied on; None means the newest circulated version of each paper.
    relied_on: Sequence[PaperVersion] | None = None
    #: The earlier decision this one corrects, varies or rescinds, and which of those it does.
    supersedes: Decision | None = None
    relation: Relation | None = None
    #: The secretary ticked "record as a recommendation" for an inquorate board.
    as_recommendation: bool = False
    #: A sub-group's answers: the kind of decision within its authority, and the money committed.
    authority_kind: str = ""
    amount_committed: int | None = None

    @property
    def authority_answers(self) -> dict[str, Any]:
        """The sub-group's answers as the authority check reads them."""
        return {"authority_kind": self.authority_kind, "amount_committed": self.amount_committed}


@dataclass(frozen=True)
class _Texts:
    resolution: str
    rationale: str
    alternatives: str
    no_alternatives: str


def _check_texts(item: AgendaItem, draft: DecisionDraft) -> _Texts:
    """The resolution and its reasons, tidied, or the reason they are refused."""
    resolution = " ".join(draft.resolution.split())
    if not resolution:
        raise DomainError("Write the resolution the board agreed.", field="resolution")
    rationale = rules.check_rationale(draft.rationale)
    alternatives = draft.alternatives.strip()
    no_alternatives = draft.no_alternatives_reason.strip()
    rules.check_alternatives(item.purpose is Purpose.DECISION, alternatives, no_alternatives)
    return _Texts(resolution, rationale, alternatives, no_alternatives)


def _check_recordable(meeting: Meeting) -> None:
    """Decisions are recorded at a called or held meeting that has started."""
    if not meeting.accepts_decisions:
        raise DomainError(
            f"Decisions are recorded for meetings that have been called or held; this one is "
            f"{meeting.status.label.lower()}."
        )
    rules.check_meeting_started(meeting.starts_at, utcnow(), meeting.board.timezone)


def _as_recommendation(
    board: Board, result: rules.QuorumResult, draft: DecisionDraft, old: Decision | None
) -> bool:
    """Whether an inquorate board records this as a recommendation; refused if it may not."""
    if result.quorate:
        return False
    if not (board.inquorate_recommendations and draft.as_recommendation is True):
        raise _quorum_refusal(result, board.inquorate_recommendations)
    if old is not None:
        raise DomainError(
            "An inquorate meeting cannot correct, vary or rescind a decision.", field="supersedes"
        )
    return True


def _snapshot(board: Board, result: rules.QuorumResult, moment: datetime) -> dict[str, Any]:
    """The quorum at the moment, with the rule it was judged by."""
    snapshot = result.as_snapshot()
    snapshot["taken_at"] = moment.isoformat()
    snapshot["rule"] = {
        "min_count": board.quorum_min_count,
        "fraction": [board.quorum_fraction_numerator, board.quorum_fraction_denominator],
        "category_minimums": dict(board.quorum_category_minimums or {}),
    }
    return snapshot


def _attach(
    decision: Decision,
    versions: list[PaperVersion],
    late: dict[int, bool],
    draft: DecisionDraft,
) -> None:
    """The papers relied on, with their circulation as it stood, and any named votes."""
    for version in versions:
        db.session.add(
            DecisionPaper(
                decision=decision,
                version=version,
                circulated_at=version.circulated_at,
                late=late[version.id],
            )
        )
    if decision.method is DecisionMethod.NAMED_VOTE:
        for person_id, vote in draft.named_votes:
            db.session.add(NamedVote(decision=decision, person_id=person_id, vote=VoteCast(vote)))


def _record_event(actor: User | None, decision: Decision, old: Decision | None, why: str) -> None:
    record_event(
        actor,
        "decision.record",
        decision,
        f"Recorded decision {decision.number}"
        + (f" as a recommendation ({why})" if decision.is_recommendation else ""),
        {
            "number": [None, decision.number],
            "quorate": [None, decision.quorate],
            "is_recommendation": [None, decision.is_recommendation],
            "supersedes": [None, old.number if old is not None else None],
        },
    )


def _papers_relied_on(
    item: AgendaItem, draft: DecisionDraft
) -> tuple[list[PaperVersion], dict[int, bool]]:
    """The versions relied on (by default the newest circulated of each paper), and which
    of them reached members late."""
    chosen = draft.relied_on
    versions = _check_papers(item, circulated_versions(item) if chosen is None else chosen)
    return versions, {v.id: circulation.is_version_late(item.meeting, v) for v in versions}


def _reserve_number(meeting: Meeting) -> tuple[int, int]:
    """The year and next sequence of the board's decision numbers."""
    year = local_date(meeting.starts_at, meeting.board.timezone).year
    # The audit lock, which recording the decision takes anyway, taken now: decisions recorded
    # at the same moment then number in turn rather than collide and run out of retries.
    lock_chain()
    return year, _next_sequence(meeting.board_id, year)


def record_decision(
    actor: User | None,
    item: AgendaItem,
    draft: DecisionDraft,
    *,
    moment: datetime | None = None,
) -> Decision:
    """Record a decision on an agenda item with its reasons and the record of the moment."""
    meeting: Meeting = item.meeting
    board = meeting.board
    _check_recordable(meeting)
    texts = _check_texts(item, draft)
    old = draft.supersedes
    relation = _check_supersession(item, old, draft.relation)

    moment = moment or utcnow()
    result = quorum.quorum_for(item, moment)
    recommend = _as_recommendation(board, result, draft, old)
    # A sub-group decides only within its delegated authority; beyond it, it recommends. The
    # sub-groups area answers (governance.subgroups.listeners); a board's own decision gets None.
    check = signals.first_answer(
        signals.authority_asked, board, values=draft.authority_answers, superseding=old is not None
    )
    outside = check is not None and not check.ruling.within
    method = DecisionMethod(draft.method or DecisionMethod.CONSENSUS)
    votes_for, against, abstentions = _vote_counts(method, draft, result)
    versions, late = _papers_relied_on(item, draft)
    year, sequence = _reserve_number(meeting)
    decision = Decision(
        board_id=board.id,
        item=item,
        number=rules.decision_number(board.code, year, sequence),
        year=year,
        sequence=sequence,
        resolution=texts.resolution,
        rationale=texts.rationale,
        alternatives=texts.alternatives,
        no_alternatives_reason=texts.no_alternatives or None,
        method=method,
        votes_for=votes_for,
        votes_against=against,
        abstentions=abstentions,
        dissent=draft.dissent.strip(),
        is_recommendation=recommend or outside,
        status=DecisionStatus.RECORDED,
        supersedes_id=old.id if old is not None else None,
        relation=relation,
        quorum_snapshot=_snapshot(board, result, moment),
        quorate=result.quorate,
        declarations_snapshot=_declarations(item),
        relied_on_late_papers=any(late.values()),
        taken_at=moment,
        recorded_by_id=actor.id if actor is not None else None,
        # Confidential business is never published, whatever the board.
        published=not item.confidential,
    )
    _insert_numbered(decision, board.id, year, board.code)
    _attach(decision, versions, late, draft)
    if old is not None:
        _supersede(actor, old, decision)
    _record_event(actor, decision, old, "inquorate" if recommend else "outside delegated authority")
    signals.decision_recorded.send(decision, actor=actor, moment=moment, ruling=check)
    return decision


def _supersede(actor: User | None, old: Decision, new: Decision) -> None:
    """Mark the earlier decision superseded at once; nothing else of it changes."""
    before = old.status
    old.status = DecisionStatus.SUPERSEDED
    old.superseded_by_id = new.id
    assert new.relation is not None
    record_event(
        actor,
        "decision.supersede",
        old,
        f"Decision {old.number} superseded by {new.number} ({new.relation.value})",
        {"status": [before.value, old.status.value], "superseded_by": [None, new.number]},
    )


def confirm_decisions(meeting: Meeting, at: datetime, actor: User | None = None) -> list[Decision]:
    """Confirm the meeting's recorded decisions when its minutes are approved; they then stay."""
    decisions = list(
        db.session.execute(
            sa.select(Decision)
            .join(AgendaItem, AgendaItem.id == Decision.agenda_item_id)
            .where(AgendaItem.meeting_id == meeting.id, Decision.status == DecisionStatus.RECORDED)
            .order_by(Decision.sequence)
        ).scalars()
    )
    for decision in decisions:
        decision.status = DecisionStatus.CONFIRMED
        decision.confirmed_at = at
        record_event(
            actor,
            "decision.confirm",
            decision,
            f"Confirmed decision {decision.number} with the minutes of meeting {meeting.id}",
            {"status": ["recorded", "confirmed"], "confirmed_at": [None, at.isoformat()]},
        )
    return decisions
