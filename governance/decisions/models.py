"""Interests and declarations, decisions with their record, minutes and actions."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, ORMExecuteState, Session, mapped_column, relationship

from governance.database import UTCDateTime, enum_column, utcnow
from governance.decisions import rules
from governance.errors import DomainError
from governance.extensions import Model

if TYPE_CHECKING:
    from governance.boards.models import Board, Person
    from governance.meetings.models import AgendaItem
    from governance.papers.models import PaperVersion


class DecisionMethod(enum.StrEnum):
    CONSENSUS = "consensus"
    VOTE = "vote"
    NAMED_VOTE = "named_vote"

    @property
    def label(self) -> str:
        return {"consensus": "By consensus", "vote": "By vote", "named_vote": "By named vote"}[
            self.value
        ]


class DecisionStatus(enum.StrEnum):
    RECORDED = "recorded"
    CONFIRMED = "confirmed"
    SUPERSEDED = "superseded"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class Relation(enum.StrEnum):
    """How a later decision bears on the one it points at."""

    CORRECTION = "correction"
    VARIATION = "variation"
    RESCISSION = "rescission"


class Decision(Model):
    """A resolution with its reasons and the record of the moment it was taken.

    Once confirmed (its minutes approved) it never changes; later decisions point at it.
    """

    __tablename__ = "decision"

    id: Mapped[int] = mapped_column(primary_key=True)
    board_id: Mapped[int] = mapped_column(sa.ForeignKey("board.id"), index=True)
    agenda_item_id: Mapped[int] = mapped_column(sa.ForeignKey("agenda_item.id"), index=True)
    #: e.g. PB/2026/014: board code, year, sequence within the board's year.
    number: Mapped[str] = mapped_column(sa.String(40), unique=True)
    year: Mapped[int] = mapped_column()
    sequence: Mapped[int] = mapped_column()
    resolution: Mapped[str] = mapped_column(sa.Text)
    rationale: Mapped[str] = mapped_column(sa.Text)
    #: Options considered and why they were rejected; empty only with no_alternatives_reason.
    alternatives: Mapped[str] = mapped_column(sa.Text, default="")
    no_alternatives_reason: Mapped[str | None] = mapped_column(sa.String(500))
    method: Mapped[DecisionMethod] = mapped_column(enum_column(DecisionMethod, "decision_method"))
    votes_for: Mapped[int | None] = mapped_column()
    votes_against: Mapped[int | None] = mapped_column()
    abstentions: Mapped[int | None] = mapped_column()
    dissent: Mapped[str] = mapped_column(sa.Text, default="")
    #: Taken while inquorate, or outside a sub-group's authority: a recommendation only.
    is_recommendation: Mapped[bool] = mapped_column(default=False)
    status: Mapped[DecisionStatus] = mapped_column(
        enum_column(DecisionStatus, "decision_status"), default=DecisionStatus.RECORDED
    )
    #: The earlier decision this one corrects, varies or rescinds.
    supersedes_id: Mapped[int | None] = mapped_column(sa.ForeignKey("decision.id"), index=True)
    relation: Mapped[Relation | None] = mapped_column(enum_column(Relation, "relation"))
    #: Who was present and voting, the counts and whether the board was quorate, at that moment.
    quorum_snapshot: Mapped[dict[str, Any]] = mapped_column(sa.JSON)
    quorate: Mapped[bool] = mapped_column()
    #: Declarations on the item at the moment of decision.
    declarations_snapshot: Mapped[list[dict[str, Any]]] = mapped_column(sa.JSON, default=list)
    #: Any paper relied on reached members after the deadline.
    relied_on_late_papers: Mapped[bool] = mapped_column(default=False)
    taken_at: Mapped[datetime] = mapped_column(UTCDateTime)
    recorded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    #: When the minutes that contain it were approved.
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Set when a later decision supersedes this one.
    superseded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("decision.id"))
    #: Published to the public with its reasons (public boards; never confidential items).
    published: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    board: Mapped[Board] = relationship()
    item: Mapped[AgendaItem] = relationship()
    papers: Mapped[list[DecisionPaper]] = relationship(
        back_populates="decision", order_by="DecisionPaper.id"
    )
    votes: Mapped[list[NamedVote]] = relationship(back_populates="decision")
    supersedes: Mapped[Decision | None] = relationship(
        foreign_keys=[supersedes_id], remote_side="Decision.id"
    )

    __table_args__ = (
        sa.UniqueConstraint("board_id", "year", "sequence", name="one_number_per_board_year"),
        # The register and its exports page newest first by (taken_at, id).
        sa.Index("ix_decision_taken_at_id", "taken_at", "id"),
    )


# Confirmed decisions never change ------------------------------------------------------------
# The rule is held here, at the flush, so no operation, view or script can go round it.


def _status_before(decision: Decision) -> DecisionStatus:
    history = sa.inspect(decision).attrs.status.history
    return DecisionStatus(history.deleted[0]) if history.deleted else decision.status


@sa.event.listens_for(Decision, "before_update")
def _refuse_change_once_settled(_mapper: Any, _connection: Any, decision: Decision) -> None:
    """A confirmed decision changes only by being superseded; a superseded one not at all."""
    state = sa.inspect(decision)
    changed = [a.key for a in state.mapper.column_attrs if state.attrs[a.key].history.has_changes()]
    rules.check_change(decision.number, _status_before(decision), decision.status, changed)


@sa.event.listens_for(Decision, "before_delete")
def _refuse_deletion_once_settled(_mapper: Any, _connection: Any, decision: Decision) -> None:
    """The record of a confirmed or superseded decision is kept for ever."""
    rules.check_mutable(decision.number, _status_before(decision))


def _refuse_change_to_settled_parts(_mapper: Any, connection: Any, part: Any) -> None:
    """The papers relied on and the named votes are part of the decision's record."""
    number, status = connection.execute(
        sa.select(Decision.number, Decision.status).where(Decision.id == part.decision_id)
    ).one()
    rules.check_mutable(number, status)


@sa.event.listens_for(Session, "do_orm_execute")
def _refuse_bulk_decision_writes(state: ORMExecuteState) -> None:
    """A bulk UPDATE or DELETE would go round the per-decision guard, so none is allowed."""
    if (state.is_update or state.is_delete) and any(
        m.class_ in (Decision, DecisionPaper, NamedVote) for m in state.all_mappers
    ):
        raise DomainError("Decisions are changed one at a time, through their operations.")


class DecisionPaper(Model):
    """A paper version the decision relied on, with its circulation as it stood then."""

    __tablename__ = "decision_paper"

    id: Mapped[int] = mapped_column(primary_key=True)
    decision_id: Mapped[int] = mapped_column(sa.ForeignKey("decision.id"), index=True)
    paper_version_id: Mapped[int] = mapped_column(sa.ForeignKey("paper_version.id"))
    circulated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    late: Mapped[bool] = mapped_column(default=False)

    decision: Mapped[Decision] = relationship(back_populates="papers")
    version: Mapped[PaperVersion] = relationship()


class VoteCast(enum.StrEnum):
    FOR = "for"
    AGAINST = "against"
    ABSTAIN = "abstain"


class NamedVote(Model):
    __tablename__ = "named_vote"

    id: Mapped[int] = mapped_column(primary_key=True)
    decision_id: Mapped[int] = mapped_column(sa.ForeignKey("decision.id"), index=True)
    person_id: Mapped[int] = mapped_column(sa.ForeignKey("person.id"))
    vote: Mapped[VoteCast] = mapped_column(enum_column(VoteCast, "vote_cast"))

    decision: Mapped[Decision] = relationship(back_populates="votes")
    person: Mapped[Person] = relationship()


for _part in (DecisionPaper, NamedVote):
    for _when in ("before_insert", "before_update", "before_delete"):
        sa.event.listen(_part, _when, _refuse_change_to_settled_parts)


# Minutes and actions -----------------------------------------------------------------------
