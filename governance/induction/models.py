"""Induction programmes and their steps, each new member's record, induction material, and the
plain-language glossary."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from governance.database import UTCDateTime, enum_column, utcnow
from governance.extensions import Model

if TYPE_CHECKING:
    from governance.auth.models import User
    from governance.boards.models import Board, Person


class StepKind(enum.StrEnum):
    #: Someone overseeing the induction (secretary, chair, buddy) signs it off.
    TASK = "task"
    #: The new member acknowledges it themselves (code of conduct, confidentiality).
    AGREEMENT = "agreement"
    #: Done when a buddy is assigned to the record.
    BUDDY = "buddy"

    @property
    def label(self) -> str:
        return STEP_KIND_LABELS[self]


STEP_KIND_LABELS = {
    StepKind.TASK: "Signed off by the secretary, chair or buddy",
    StepKind.AGREEMENT: "Agreed by the new member themselves",
    StepKind.BUDDY: "Done when a buddy is assigned",
}


class MaterialKind(enum.StrEnum):
    DOCUMENT = "document"
    PAGE = "page"


class InductionProgramme(Model):
    """A board's induction programme: the steps every new member it inducts works through."""

    __tablename__ = "induction_programme"

    id: Mapped[int] = mapped_column(primary_key=True)
    board_id: Mapped[int] = mapped_column(sa.ForeignKey("board.id"), unique=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    board: Mapped[Board] = relationship()
    steps: Mapped[list[InductionStep]] = relationship(
        back_populates="programme", order_by="(InductionStep.position, InductionStep.id)"
    )

    @property
    def active_steps(self) -> list[InductionStep]:
        return [s for s in self.steps if s.retired_on is None]


class InductionStep(Model):
    """One step of a programme, due a number of days after the appointment starts."""

    __tablename__ = "induction_step"

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(sa.ForeignKey("induction_programme.id"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    title: Mapped[str] = mapped_column(sa.String(200))
    #: What the step involves, in plain language, for the new member.
    description: Mapped[str] = mapped_column(sa.Text, default="")
    kind: Mapped[StepKind] = mapped_column(enum_column(StepKind, "induction_step_kind"))
    #: Days after the appointment starts by which the step should be done.
    due_offset_days: Mapped[int] = mapped_column()
    #: The day the step was taken out of the programme; records that did it keep it.
    retired_on: Mapped[date | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    programme: Mapped[InductionProgramme] = relationship(back_populates="steps")
    materials: Mapped[list[InductionMaterial]] = relationship(
        back_populates="step", order_by="InductionMaterial.id"
    )

    __table_args__ = (sa.CheckConstraint("due_offset_days >= 0", name="due_offset_not_negative"),)

    @property
    def active_materials(self) -> list[InductionMaterial]:
        return [m for m in self.materials if m.retired_at is None]


class InductionRecord(Model):
    """One person's induction onto one board, started by their appointment."""

    __tablename__ = "induction_record"

    id: Mapped[int] = mapped_column(primary_key=True)
    board_id: Mapped[int] = mapped_column(sa.ForeignKey("board.id"), index=True)
    person_id: Mapped[int] = mapped_column(sa.ForeignKey("person.id"), index=True)
    #: The appointment that started the induction (None when started by hand without one).
    appointment_id: Mapped[int | None] = mapped_column(sa.ForeignKey("appointment.id"))
    #: The first day of the appointment; due dates count from here.
    starts_on: Mapped[date] = mapped_column()
    #: An experienced member who helps the new member find their feet.
    buddy_id: Mapped[int | None] = mapped_column(sa.ForeignKey("person.id"))
    #: The day the last step was done; None while the induction is under way.
    completed_on: Mapped[date | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    board: Mapped[Board] = relationship()
    person: Mapped[Person] = relationship(foreign_keys=[person_id])
    buddy: Mapped[Person | None] = relationship(foreign_keys=[buddy_id])
    items: Mapped[list[InductionItem]] = relationship(
        back_populates="record", order_by="(InductionItem.due_on, InductionItem.id)"
    )

    __table_args__ = (
        sa.UniqueConstraint("board_id", "person_id", name="one_induction_per_board"),
        sa.CheckConstraint("buddy_id IS NULL OR buddy_id <> person_id", name="not_own_buddy"),
    )


class InductionItem(Model):
    """A step on one person's record. Title, kind and due date are copied from the step, so
    later edits to the programme leave done items exactly as they were signed off."""

    __tablename__ = "induction_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    record_id: Mapped[int] = mapped_column(sa.ForeignKey("induction_record.id"), index=True)
    step_id: Mapped[int] = mapped_column(sa.ForeignKey("induction_step.id"), index=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    kind: Mapped[StepKind] = mapped_column(enum_column(StepKind, "induction_item_kind"))
    due_on: Mapped[date] = mapped_column()
    #: The day the step was done, as given by whoever signed it off.
    done_on: Mapped[date | None] = mapped_column()
    #: Who signed it off (for an agreement: the new member's own account).
    done_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    note: Mapped[str] = mapped_column(sa.String(500), default="")

    record: Mapped[InductionRecord] = relationship(back_populates="items")
    step: Mapped[InductionStep] = relationship()
    done_by: Mapped[User | None] = relationship()

    __table_args__ = (sa.UniqueConstraint("record_id", "step_id", name="one_item_per_step"),)


class InductionMaterial(Model):
    """A document or a page of reading attached to a step."""

    __tablename__ = "induction_material"

    id: Mapped[int] = mapped_column(primary_key=True)
    step_id: Mapped[int] = mapped_column(sa.ForeignKey("induction_step.id"), index=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    kind: Mapped[MaterialKind] = mapped_column(enum_column(MaterialKind, "material_kind"))
    #: The text of a page (paragraphs separated by blank lines); empty for a document.
    body: Mapped[str] = mapped_column(sa.Text, default="")
    #: SHA-256 of a document's file, stored by that name in the paper store.
    sha256: Mapped[str | None] = mapped_column(sa.String(64))
    size: Mapped[int | None] = mapped_column(sa.BigInteger)
    media_type: Mapped[str | None] = mapped_column(sa.String(100))
    filename: Mapped[str | None] = mapped_column(sa.String(255))
    added_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: When the material was taken out of the programme; reads of it are kept.
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    step: Mapped[InductionStep] = relationship(back_populates="materials")


class MaterialRead(Model):
    """Someone opening a piece of induction material."""

    __tablename__ = "material_read"

    id: Mapped[int] = mapped_column(primary_key=True)
    material_id: Mapped[int] = mapped_column(sa.ForeignKey("induction_material.id"), index=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"), index=True)
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
