"""The action log: who does what by when, and its updates."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from governance.database import UTCDateTime, enum_column, utcnow
from governance.extensions import Model

if TYPE_CHECKING:
    from governance.boards.models import Board, Person


class ActionStatus(enum.StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    DROPPED = "dropped"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


class Action(Model):
    """Something someone must do, arising from a decision or an agenda item."""

    __tablename__ = "action"

    id: Mapped[int] = mapped_column(primary_key=True)
    board_id: Mapped[int] = mapped_column(sa.ForeignKey("board.id"), index=True)
    #: Indexed: the meeting page lists each item's actions (migration 0009).
    agenda_item_id: Mapped[int | None] = mapped_column(sa.ForeignKey("agenda_item.id"), index=True)
    decision_id: Mapped[int | None] = mapped_column(sa.ForeignKey("decision.id"))
    title: Mapped[str] = mapped_column(sa.String(300))
    owner_id: Mapped[int] = mapped_column(sa.ForeignKey("person.id"), index=True)
    due_on: Mapped[date | None] = mapped_column()
    status: Mapped[ActionStatus] = mapped_column(
        enum_column(ActionStatus, "action_status"), default=ActionStatus.OPEN
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    board: Mapped[Board] = relationship()
    owner: Mapped[Person] = relationship()
    updates: Mapped[list[ActionUpdate]] = relationship(
        back_populates="action", order_by="ActionUpdate.id"
    )


class ActionUpdate(Model):
    __tablename__ = "action_update"

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(sa.ForeignKey("action.id"), index=True)
    text: Mapped[str] = mapped_column(sa.Text)
    status: Mapped[ActionStatus] = mapped_column(enum_column(ActionStatus, "action_status"))
    by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    action: Mapped[Action] = relationship(back_populates="updates")
