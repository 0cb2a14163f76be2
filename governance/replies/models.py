"""Members' replies to a meeting's notice, and the support they ask for."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from governance.database import UTCDateTime, enum_column, utcnow
from governance.extensions import Model

if TYPE_CHECKING:
    from governance.boards.models import Person
    from governance.meetings.models import Meeting


class ReplyChoice(enum.StrEnum):
    ATTENDING = "attending"
    APOLOGIES = "apologies"

    @property
    def label(self) -> str:
        return "Attending" if self is ReplyChoice.ATTENDING else "Apologies"


class NeedKind(enum.StrEnum):
    CHILDCARE = "childcare"
    TRAVEL = "travel"
    ACCESS = "access"
    INTERPRETER = "interpreter"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {
            "childcare": "Crèche or childcare",
            "travel": "Travel",
            "access": "Access",
            "interpreter": "Interpreter",
            "other": "Other support",
        }[self.value]


class TravelMode(enum.StrEnum):
    BUS = "bus"
    TAXI = "taxi"
    MILEAGE = "mileage"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {
            "bus": "Bus or train fare paid back",
            "taxi": "A taxi booked for me",
            "mileage": "Petrol or mileage paid back",
            "other": "Something else",
        }[self.value]


class NeedStatus(enum.StrEnum):
    #: Asked for; the secretary has still to arrange it.
    TO_ARRANGE = "to_arrange"
    ARRANGED = "arranged"
    #: Arranged, then no longer wanted: the secretary has an arrangement to cancel.
    TO_CANCEL = "to_cancel"

    @property
    def label(self) -> str:
        return {"to_arrange": "To arrange", "arranged": "Arranged", "to_cancel": "To cancel"}[
            self.value
        ]


class MeetingReply(Model):
    """A member's answer to a meeting notice: coming or not, and the support they need."""

    __tablename__ = "meeting_reply"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(sa.ForeignKey("meeting.id"), index=True)
    person_id: Mapped[int] = mapped_column(sa.ForeignKey("person.id"), index=True)
    choice: Mapped[ReplyChoice] = mapped_column(enum_column(ReplyChoice, "reply_choice"))
    #: With apologies: someone from the member's organisation they would like to send instead.
    deputy_id: Mapped[int | None] = mapped_column(sa.ForeignKey("person.id"))
    #: A note for the secretary.
    note: Mapped[str] = mapped_column(sa.String(300), default="")
    first_replied_at: Mapped[datetime] = mapped_column(UTCDateTime)
    #: When the reply was last sent or changed.
    replied_at: Mapped[datetime] = mapped_column(UTCDateTime)
    #: When it was last sent or changed after the reply-by time; None if always in time.
    late_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Set when a change to attending left apologies in a register the secretary had recorded.
    register_kept_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    meeting: Mapped[Meeting] = relationship()
    person: Mapped[Person] = relationship(foreign_keys=[person_id])
    deputy: Mapped[Person | None] = relationship(foreign_keys=[deputy_id])
    needs: Mapped[list[SupportNeed]] = relationship(
        back_populates="reply", order_by="SupportNeed.id", cascade="all, delete-orphan"
    )

    __table_args__ = (sa.UniqueConstraint("meeting_id", "person_id", name="one_reply_each"),)

    @property
    def wanted_needs(self) -> list[SupportNeed]:
        """The needs the member is still asking for (not those waiting to be cancelled)."""
        return [n for n in self.needs if n.status is not NeedStatus.TO_CANCEL]


class SupportNeed(Model):
    """One kind of support a member needs to attend a meeting, and whether it is arranged."""

    __tablename__ = "support_need"

    id: Mapped[int] = mapped_column(primary_key=True)
    reply_id: Mapped[int] = mapped_column(sa.ForeignKey("meeting_reply.id"), index=True)
    kind: Mapped[NeedKind] = mapped_column(enum_column(NeedKind, "need_kind"))
    status: Mapped[NeedStatus] = mapped_column(
        enum_column(NeedStatus, "need_status"), default=NeedStatus.TO_ARRANGE
    )
    #: Childcare: how many children come to the crèche.
    children: Mapped[int | None] = mapped_column()
    #: Childcare: each child's age in whole years (0 for a baby), in the order given.
    children_ages: Mapped[list[int]] = mapped_column(sa.JSON, default=list)
    #: Childcare: the ages in the member's own words ("18 months and 3"), shown back as typed.
    ages_text: Mapped[str] = mapped_column(sa.String(300), default="", server_default="")
    travel_mode: Mapped[TravelMode | None] = mapped_column(enum_column(TravelMode, "travel_mode"))
    #: The member's words: the journey, the access need, the language, or what else.
    details: Mapped[str] = mapped_column(sa.String(300), default="")
    arranged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    arranged_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    #: The secretary's note on what was arranged, e.g. "Two crèche places booked".
    arranged_note: Mapped[str] = mapped_column(sa.String(300), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    reply: Mapped[MeetingReply] = relationship(back_populates="needs")

    __table_args__ = (sa.UniqueConstraint("reply_id", "kind", name="one_need_of_each_kind"),)

    @property
    def summary(self) -> str:
        """The need in a few words, for lists."""
        parts: list[str] = []
        if self.kind is NeedKind.CHILDCARE and self.children:
            ages = self.ages_text or ", ".join(
                "under 1" if a == 0 else str(a) for a in self.children_ages
            )
            plural = "child" if self.children == 1 else "children"
            parts.append(f"{self.children} {plural}" + (f" (aged {ages})" if ages else ""))
        if self.travel_mode is not None:
            parts.append(self.travel_mode.label)
        if self.details:
            parts.append(self.details)
        return "; ".join(parts)
