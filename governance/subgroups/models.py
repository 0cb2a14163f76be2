"""Terms of reference of sub-groups, their delegated authority, and the record of its use.

A sub-group is a Board with a parent. Its terms of reference are versioned: a version is a
draft until a decision of the parent board approves it; approving supersedes the version
before, and approved versions never change.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from datetime import date, datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from governance.database import UTCDateTime, enum_column, utcnow
from governance.extensions import Model

if TYPE_CHECKING:
    from governance.boards.models import Board
    from governance.decisions.models import Decision
    from governance.meetings.models import AgendaItem


class TermsStatus(enum.StrEnum):
    DRAFT = "draft"
    APPROVED = "approved"
    SUPERSEDED = "superseded"

    @property
    def label(self) -> str:
        return {"draft": "Draft", "approved": "In force", "superseded": "Superseded"}[self.value]


class ReportingBasis(enum.StrEnum):
    """What the reporting duty counts: the sub-group's own meetings, or calendar months."""

    MEETINGS = "meetings"
    MONTHS = "months"


#: Seat categories whose voting members a quorum may require, with their names in words.
QUORUM_CATEGORIES = {
    "statutory": "statutory",
    "voluntary": "voluntary",
    "community": "community",
    "parent": "parent",
    "co_opted": "co-opted",
}


def describe_terms_quorum(count: int | None, minimums: Mapping[str, int] | None) -> str:
    """A quorum in numbers, in words: "2 voting members, including at least 1 parent member"."""
    if count is None:
        return "not given in numbers"
    text = f"{count} voting member{'s' if count != 1 else ''}"
    extra = [
        f"{n} {QUORUM_CATEGORIES.get(c, c)} member{'s' if n != 1 else ''}"
        for c, n in sorted((minimums or {}).items())
        if n
    ]
    return text + (", including at least " + " and ".join(extra) if extra else "")


class TermsOfReference(Model):
    """One version of a sub-group's terms of reference."""

    __tablename__ = "terms_of_reference"

    id: Mapped[int] = mapped_column(primary_key=True)
    board_id: Mapped[int] = mapped_column(sa.ForeignKey("board.id"), index=True)
    #: 1, 2, 3… within the sub-group.
    version: Mapped[int] = mapped_column()
    status: Mapped[TermsStatus] = mapped_column(
        enum_column(TermsStatus, "terms_status"), default=TermsStatus.DRAFT
    )
    purpose: Mapped[str] = mapped_column(sa.Text)
    #: Who sits on the sub-group and the rules of its composition, in words.
    membership: Mapped[str] = mapped_column(sa.Text)
    #: Who chairs it, or how the chair is chosen.
    chair: Mapped[str] = mapped_column(sa.String(500))
    #: The quorum in words, e.g. "Three members, including a parent".
    quorum: Mapped[str] = mapped_column(sa.String(500))
    #: The quorum in numbers: at least this many voting members present. None only on versions
    #: drafted before the quorum was asked for in numbers (their rule is flagged until replaced).
    quorum_min_count: Mapped[int | None] = mapped_column()
    #: And at least this many voting members of a seat category present, e.g. {"parent": 1}.
    quorum_category_minimums: Mapped[dict[str, int]] = mapped_column(sa.JSON, default=dict)
    #: How often it meets, in words, e.g. "Every six weeks".
    meeting_frequency: Mapped[str] = mapped_column(sa.String(200))
    #: The reporting duty: a report to the parent board every `reporting_every` meetings/months.
    reporting_every: Mapped[int] = mapped_column()
    reporting_basis: Mapped[ReportingBasis] = mapped_column(
        enum_column(ReportingBasis, "reporting_basis")
    )
    #: The day by which the parent board should review these terms.
    review_on: Mapped[date] = mapped_column()
    #: The decision of the parent board that approved this version (set on approval only).
    approved_by_decision_id: Mapped[int | None] = mapped_column(sa.ForeignKey("decision.id"))
    #: When that decision was taken: the version is in force from then.
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: When a later approved version replaced this one.
    superseded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    board: Mapped[Board] = relationship()
    approved_by: Mapped[Decision | None] = relationship()
    authorities: Mapped[list[DelegatedAuthority]] = relationship(
        back_populates="terms",
        order_by="DelegatedAuthority.position",
        cascade="all, delete-orphan",
    )

    __table_args__ = (
        sa.UniqueConstraint("board_id", "version", name="one_number_per_version"),
        sa.CheckConstraint("reporting_every >= 1", name="reporting_every_positive"),
    )

    @property
    def quorum_in_numbers(self) -> str:
        """The quorum these terms set, in words built from its numbers."""
        return describe_terms_quorum(self.quorum_min_count, self.quorum_category_minimums)

    @property
    def is_draft(self) -> bool:
        return self.status is TermsStatus.DRAFT

    def __repr__(self) -> str:
        return f"<TermsOfReference {self.id} board={self.board_id} v{self.version}>"


class DelegatedAuthority(Model):
    """A kind of decision a sub-group may take on its own, with the most it may commit."""

    __tablename__ = "delegated_authority"

    id: Mapped[int] = mapped_column(primary_key=True)
    terms_id: Mapped[int] = mapped_column(sa.ForeignKey("terms_of_reference.id"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    #: The kind or category of decision, e.g. "Spending from the communications budget".
    kind: Mapped[str] = mapped_column(sa.String(200))
    #: The most a decision of this kind may commit, in pence; None: it may commit no money.
    spending_limit_pence: Mapped[int | None] = mapped_column()

    terms: Mapped[TermsOfReference] = relationship(back_populates="authorities")

    __table_args__ = (
        sa.CheckConstraint(
            "spending_limit_pence IS NULL OR spending_limit_pence >= 0", name="limit_not_negative"
        ),
    )


class AuthorityCheck(Model):
    """The delegated-authority check made when a sub-group recorded a decision.

    Outside its authority the decision is a recommendation to the parent board, and
    `referred_item` is the item that puts it on the parent board's agenda.
    """

    __tablename__ = "authority_check"

    id: Mapped[int] = mapped_column(primary_key=True)
    decision_id: Mapped[int] = mapped_column(sa.ForeignKey("decision.id"), unique=True)
    #: The terms of reference in force at the time; None when none had been approved.
    terms_id: Mapped[int | None] = mapped_column(sa.ForeignKey("terms_of_reference.id"))
    #: The kind of decision given on the form; empty for "something else".
    kind: Mapped[str] = mapped_column(sa.String(200), default="")
    #: Money the decision commits, in pence; None when it commits none.
    amount_pence: Mapped[int | None] = mapped_column()
    within_authority: Mapped[bool] = mapped_column()
    #: Why it is inside or outside the authority, in words.
    reason: Mapped[str] = mapped_column(sa.String(500))
    #: The agenda item of the parent board's meeting that takes the recommendation.
    referred_item_id: Mapped[int | None] = mapped_column(sa.ForeignKey("agenda_item.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    decision: Mapped[Decision] = relationship()
    terms: Mapped[TermsOfReference | None] = relationship()
    referred_item: Mapped[AgendaItem | None] = relationship()


class SubgroupReport(Model):
    """A sub-group's report, received by the parent board under an item of one of its meetings.

    The report is dated by the meeting that received it.
    """

    __tablename__ = "subgroup_report"

    id: Mapped[int] = mapped_column(primary_key=True)
    subgroup_id: Mapped[int] = mapped_column(sa.ForeignKey("board.id"), index=True)
    #: The parent board's agenda item under which the report was received.
    agenda_item_id: Mapped[int] = mapped_column(sa.ForeignKey("agenda_item.id"), index=True)
    summary: Mapped[str] = mapped_column(sa.Text, default="")
    recorded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    subgroup: Mapped[Board] = relationship()
    item: Mapped[AgendaItem] = relationship()

    __table_args__ = (sa.UniqueConstraint("subgroup_id", "agenda_item_id", name="once_per_item"),)
