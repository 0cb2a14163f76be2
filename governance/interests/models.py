"""The register of interests and the declarations made on agenda items."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from governance.database import UTCDateTime, enum_column, utcnow
from governance.extensions import Model

if TYPE_CHECKING:
    from governance.boards.models import Person
    from governance.meetings.models import AgendaItem


class Interest(Model):
    """A standing entry in a person's register of interests."""

    __tablename__ = "interest"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(sa.ForeignKey("person.id"), index=True)
    #: E.g. "Trustee of Little Steps Family Groups".
    description: Mapped[str] = mapped_column(sa.String(500))
    #: financial, non-financial or personal.
    kind: Mapped[str] = mapped_column(sa.String(20), default="non-financial")
    #: The organisation the interest concerns, if any (offered when that body's business comes up).
    organisation_id: Mapped[int | None] = mapped_column(sa.ForeignKey("organisation.id"))
    starts_on: Mapped[date] = mapped_column()
    ends_on: Mapped[date | None] = mapped_column()
    #: Published entries appear on public pages; others are for the board only.
    published: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    person: Mapped[Person] = relationship()


class DeclarationAction(enum.StrEnum):
    WITHDREW = "withdrew"
    STAYED_NO_VOTE = "stayed_no_vote"
    DISPENSATION = "dispensation"

    @property
    def label(self) -> str:
        return {
            "withdrew": "Withdrew from the item",
            "stayed_no_vote": "Stayed but did not vote",
            "dispensation": "Took part under a dispensation",
        }[self.value]


class Declaration(Model):
    """An interest declared on an agenda item, and what the person then did."""

    __tablename__ = "declaration"

    id: Mapped[int] = mapped_column(primary_key=True)
    agenda_item_id: Mapped[int] = mapped_column(sa.ForeignKey("agenda_item.id"), index=True)
    person_id: Mapped[int] = mapped_column(sa.ForeignKey("person.id"), index=True)
    interest_id: Mapped[int | None] = mapped_column(sa.ForeignKey("interest.id"))
    #: What the interest is, in the words minuted.
    nature: Mapped[str] = mapped_column(sa.String(500))
    action: Mapped[DeclarationAction] = mapped_column(
        enum_column(DeclarationAction, "declaration_action")
    )
    #: For a dispensation: who granted it and why.
    dispensation_by: Mapped[str | None] = mapped_column(sa.String(200))
    dispensation_reason: Mapped[str | None] = mapped_column(sa.String(500))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    item: Mapped[AgendaItem] = relationship()
    person: Mapped[Person] = relationship()
    interest: Mapped[Interest | None] = relationship()


# Decisions ---------------------------------------------------------------------------------
