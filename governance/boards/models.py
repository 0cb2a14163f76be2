"""Organisations, people, boards, seats, appointments and board officers."""

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


class Sector(enum.StrEnum):
    STATUTORY = "statutory"
    VOLUNTARY = "voluntary"
    COMMUNITY = "community"
    PRIVATE = "private"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class AgencyType(enum.StrEnum):
    HEALTH = "health"
    LOCAL_AUTHORITY = "local_authority"
    SOCIAL_CARE = "social_care"
    EDUCATION = "education"
    EMPLOYMENT = "employment"
    POLICE = "police"
    OTHER = "other"

    @property
    def label(self) -> str:
        return AGENCY_LABELS[self]


AGENCY_LABELS = {
    AgencyType.HEALTH: "Health",
    AgencyType.LOCAL_AUTHORITY: "Local authority",
    AgencyType.SOCIAL_CARE: "Social care",
    AgencyType.EDUCATION: "Education",
    AgencyType.EMPLOYMENT: "Employment (Jobcentre Plus)",
    AgencyType.POLICE: "Police",
    AgencyType.OTHER: "Other statutory",
}


class SeatCategory(enum.StrEnum):
    STATUTORY = "statutory"
    VOLUNTARY = "voluntary"
    COMMUNITY = "community"
    PARENT = "parent"
    CO_OPTED = "co_opted"
    OBSERVER = "observer"

    @property
    def label(self) -> str:
        return "Co-opted" if self is SeatCategory.CO_OPTED else self.value.capitalize()


class OfficerRole(enum.StrEnum):
    SECRETARY = "secretary"
    CHAIR = "chair"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class Organisation(Model):
    __tablename__ = "organisation"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200), unique=True)
    sector: Mapped[Sector] = mapped_column(enum_column(Sector, "sector"))
    #: Which kind of statutory agency; set only when the sector is statutory.
    agency_type: Mapped[AgencyType | None] = mapped_column(enum_column(AgencyType, "agency_type"))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    seats: Mapped[list[Seat]] = relationship(back_populates="organisation")
    people: Mapped[list[Person]] = relationship(back_populates="organisation")

    def __repr__(self) -> str:
        return f"<Organisation {self.id} {self.name!r}>"


class Person(Model):
    __tablename__ = "person"

    id: Mapped[int] = mapped_column(primary_key=True)
    full_name: Mapped[str] = mapped_column(sa.String(200))
    email: Mapped[str | None] = mapped_column(sa.String(254), unique=True)
    phone: Mapped[str] = mapped_column(sa.String(40), default="")
    #: The organisation the person works for or belongs to, if any.
    organisation_id: Mapped[int | None] = mapped_column(sa.ForeignKey("organisation.id"))
    job_title: Mapped[str] = mapped_column(sa.String(200), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    organisation: Mapped[Organisation | None] = relationship(back_populates="people")
    appointments: Mapped[list[Appointment]] = relationship(
        back_populates="person", order_by="Appointment.starts_on.desc()"
    )
    offices: Mapped[list[BoardOfficer]] = relationship(back_populates="person")
    user: Mapped[User | None] = relationship(back_populates="person")

    def __repr__(self) -> str:
        return f"<Person {self.id}>"


class Board(Model):
    __tablename__ = "board"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200), unique=True)
    #: Short code used in decision numbers, e.g. "PB" in PB/2026/014.
    code: Mapped[str] = mapped_column(sa.String(12), unique=True)
    description: Mapped[str] = mapped_column(sa.Text, default="")
    #: Set for a sub-group: the board it reports to.
    parent_id: Mapped[int | None] = mapped_column(sa.ForeignKey("board.id"))
    #: IANA timezone in which meeting days and circulation deadlines are counted.
    timezone: Mapped[str] = mapped_column(sa.String(64), default="Europe/London")
    #: Whole days between circulation and the meeting, counting neither day.
    notice_clear_days: Mapped[int] = mapped_column(default=5)
    #: Count only working days as clear days: Monday to Friday that are not bank holidays in
    #: England and Wales (weekends and bank holidays count unless this is set).
    notice_working_days: Mapped[bool] = mapped_column(default=False)
    #: Public boards publish their membership and decisions to anyone.
    is_public: Mapped[bool] = mapped_column(default=False)
    accountable_body_id: Mapped[int | None] = mapped_column(sa.ForeignKey("organisation.id"))
    lead_agency_id: Mapped[int | None] = mapped_column(sa.ForeignKey("organisation.id"))
    #: Statutory agency types (AgencyType values) that must each hold a filled seat.
    required_agency_types: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    #: Filled parent seats the board must have, at least.
    min_parent_seats: Mapped[int] = mapped_column(default=0)
    #: Filled voluntary and community seats together, at least.
    min_voluntary_community_seats: Mapped[int] = mapped_column(default=0)
    #: Most seats (filled or vacant) the board may have; None for no limit.
    max_size: Mapped[int | None] = mapped_column()
    #: Quorum: at least this many voting members present (None: no fixed count).
    quorum_min_count: Mapped[int | None] = mapped_column()
    #: Quorum: at least this fraction of filled voting seats present, e.g. 1/3 (None: no fraction).
    quorum_fraction_numerator: Mapped[int | None] = mapped_column()
    quorum_fraction_denominator: Mapped[int | None] = mapped_column()
    #: Quorum: at least this many voting members of a seat category present, e.g. {"parent": 1}.
    quorum_category_minimums: Mapped[dict[str, int]] = mapped_column(sa.JSON, default=dict)
    #: An inquorate board may still record a recommendation (for a later quorate meeting).
    inquorate_recommendations: Mapped[bool] = mapped_column(default=True)
    #: Seat categories (SeatCategory values) besides parent whose new holders start an induction.
    induction_categories: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    parent: Mapped[Board | None] = relationship(back_populates="subgroups", remote_side="Board.id")
    subgroups: Mapped[list[Board]] = relationship(back_populates="parent", order_by="Board.name")
    accountable_body: Mapped[Organisation | None] = relationship(foreign_keys=[accountable_body_id])
    lead_agency: Mapped[Organisation | None] = relationship(foreign_keys=[lead_agency_id])
    seats: Mapped[list[Seat]] = relationship(
        back_populates="board", order_by="(Seat.position, Seat.id)"
    )
    officers: Mapped[list[BoardOfficer]] = relationship(back_populates="board")

    __table_args__ = (
        sa.CheckConstraint("notice_clear_days >= 0", name="notice_clear_days_not_negative"),
        sa.CheckConstraint("parent_id IS NULL OR parent_id <> id", name="not_own_parent"),
    )

    @property
    def is_subgroup(self) -> bool:
        return self.parent_id is not None

    def __repr__(self) -> str:
        return f"<Board {self.id} {self.code}>"


class Seat(Model):
    __tablename__ = "seat"

    id: Mapped[int] = mapped_column(primary_key=True)
    board_id: Mapped[int] = mapped_column(sa.ForeignKey("board.id"), index=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    category: Mapped[SeatCategory] = mapped_column(enum_column(SeatCategory, "seat_category"))
    voting: Mapped[bool] = mapped_column(default=True)
    #: The organisation the seat represents (statutory and voluntary seats).
    organisation_id: Mapped[int | None] = mapped_column(sa.ForeignKey("organisation.id"))
    position: Mapped[int] = mapped_column(default=0)
    #: The day the seat was abolished; abolished seats stay for history.
    abolished_on: Mapped[date | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    board: Mapped[Board] = relationship(back_populates="seats")
    organisation: Mapped[Organisation | None] = relationship(back_populates="seats")
    appointments: Mapped[list[Appointment]] = relationship(
        back_populates="seat", order_by="Appointment.starts_on.desc()"
    )

    def is_active(self, on: date) -> bool:
        return self.abolished_on is None or self.abolished_on > on

    def holder_on(self, on: date) -> Appointment | None:
        """The appointment that fills this seat on a given day, if any."""
        for appointment in self.appointments:
            if appointment.is_current(on):
                return appointment
        return None

    def __repr__(self) -> str:
        return f"<Seat {self.id} {self.category}>"


class Appointment(Model):
    __tablename__ = "appointment"

    id: Mapped[int] = mapped_column(primary_key=True)
    seat_id: Mapped[int] = mapped_column(sa.ForeignKey("seat.id"), index=True)
    person_id: Mapped[int] = mapped_column(sa.ForeignKey("person.id"), index=True)
    starts_on: Mapped[date] = mapped_column()
    #: Last day of the term (inclusive); None for an open-ended appointment.
    ends_on: Mapped[date | None] = mapped_column()
    #: Why the appointment ended early (resigned, replaced, ...); None while it runs its term.
    end_reason: Mapped[str | None] = mapped_column(sa.String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    seat: Mapped[Seat] = relationship(back_populates="appointments")
    person: Mapped[Person] = relationship(back_populates="appointments")

    __table_args__ = (
        sa.CheckConstraint("ends_on IS NULL OR ends_on >= starts_on", name="ends_after_start"),
    )

    def is_current(self, on: date) -> bool:
        return self.starts_on <= on and (self.ends_on is None or self.ends_on >= on)

    def __repr__(self) -> str:
        return f"<Appointment {self.id} seat={self.seat_id} person={self.person_id}>"


class BoardOfficer(Model):
    """A person who acts as a board's secretary or chair."""

    __tablename__ = "board_officer"

    id: Mapped[int] = mapped_column(primary_key=True)
    board_id: Mapped[int] = mapped_column(sa.ForeignKey("board.id"), index=True)
    person_id: Mapped[int] = mapped_column(sa.ForeignKey("person.id"), index=True)
    role: Mapped[OfficerRole] = mapped_column(enum_column(OfficerRole, "officer_role"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    board: Mapped[Board] = relationship(back_populates="officers")
    person: Mapped[Person] = relationship(back_populates="offices")

    __table_args__ = (sa.UniqueConstraint("board_id", "person_id", "role", name="one_role_each"),)
