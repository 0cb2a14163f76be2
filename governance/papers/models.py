"""Papers, their immutable versions, and who has opened them."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from governance.database import UTCDateTime, enum_column, utcnow
from governance.extensions import Model

if TYPE_CHECKING:
    from governance.auth.models import User
    from governance.boards.models import Organisation, Person
    from governance.meetings.models import AgendaItem, Meeting


class Paper(Model):
    """A paper for an agenda item; its content lives in its versions."""

    __tablename__ = "paper"

    id: Mapped[int] = mapped_column(primary_key=True)
    agenda_item_id: Mapped[int] = mapped_column(sa.ForeignKey("agenda_item.id"), index=True)
    title: Mapped[str] = mapped_column(sa.String(300))
    #: The organisation that wrote the paper, for lateness figures by author.
    author_organisation_id: Mapped[int | None] = mapped_column(sa.ForeignKey("organisation.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    item: Mapped[AgendaItem] = relationship(back_populates="papers")
    author_organisation: Mapped[Organisation | None] = relationship()
    versions: Mapped[list[PaperVersion]] = relationship(
        back_populates="paper", order_by="PaperVersion.number"
    )

    @property
    def live_versions(self) -> list[PaperVersion]:
        """The versions not withdrawn, oldest first."""
        return [v for v in self.versions if not v.is_withdrawn]

    @property
    def latest(self) -> PaperVersion | None:
        """The newest version not withdrawn."""
        live = self.live_versions
        return live[-1] if live else None

    @property
    def circulated(self) -> PaperVersion | None:
        """The newest version members can see (circulated and not withdrawn)."""
        for version in reversed(self.live_versions):
            if version.circulated_at is not None:
                return version
        return None

    @property
    def was_circulated(self) -> bool:
        """Some version reached members, even if it has since been withdrawn."""
        return any(v.circulated_at is not None for v in self.versions)

    @property
    def last_withdrawn(self) -> PaperVersion | None:
        """The newest withdrawn version, for saying why a paper has nothing to show."""
        for version in reversed(self.versions):
            if version.is_withdrawn:
                return version
        return None


class PaperVersion(Model):
    """One uploaded file. Never edited, apart from being circulated once."""

    __tablename__ = "paper_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    paper_id: Mapped[int] = mapped_column(sa.ForeignKey("paper.id"), index=True)
    number: Mapped[int] = mapped_column()
    #: SHA-256 of the file; the file is stored under this name outside the web root.
    sha256: Mapped[str] = mapped_column(sa.String(64), index=True)
    size: Mapped[int] = mapped_column(sa.BigInteger)
    media_type: Mapped[str] = mapped_column(sa.String(100))
    filename: Mapped[str] = mapped_column(sa.String(255))
    #: Plain-language summary, so a parent representative sees what is being asked of them.
    summary: Mapped[str] = mapped_column(sa.Text, default="")
    uploaded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: When the version reached members; None until circulated.
    circulated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    circulated_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    #: Why it went out after the deadline (late circulation only).
    late_reason: Mapped[str | None] = mapped_column(sa.String(500))
    #: The chair who agreed to late circulation, and when.
    consent_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("person.id"))
    consent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: When the secretary withdrew the version (a wrong upload, a superseded file); None while
    #: it stands. Withdrawn versions are kept, with the reason, but never go out again.
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    withdrawn_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    #: Why it was withdrawn, shown beside it to everyone who could see it.
    withdrawn_reason: Mapped[str | None] = mapped_column(sa.String(500))
    #: The granted request under which it went out late: how and by whom consent was given.
    consent_request_id: Mapped[int | None] = mapped_column(sa.ForeignKey("consent_request.id"))

    paper: Mapped[Paper] = relationship(back_populates="versions")
    consent_by: Mapped[Person | None] = relationship()
    consent_request: Mapped[ConsentRequest | None] = relationship(foreign_keys=[consent_request_id])

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    __table_args__ = (sa.UniqueConstraint("paper_id", "number", name="one_number_per_paper"),)


class OpenKind(enum.StrEnum):
    VIEW = "view"
    DOWNLOAD = "download"


class PaperOpen(Model):
    """A member viewing or downloading a paper version."""

    __tablename__ = "paper_open"

    id: Mapped[int] = mapped_column(primary_key=True)
    paper_version_id: Mapped[int] = mapped_column(sa.ForeignKey("paper_version.id"), index=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"), index=True)
    kind: Mapped[OpenKind] = mapped_column(enum_column(OpenKind, "open_kind"))
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ConsentStatus(enum.StrEnum):
    PENDING = "pending"
    GRANTED = "granted"
    REFUSED = "refused"
    WITHDRAWN = "withdrawn"

    @property
    def label(self) -> str:
        return {
            "pending": "Waiting for the chair",
            "granted": "Granted",
            "refused": "Refused",
            "withdrawn": "Withdrawn",
        }[self.value]


class ConsentVia(enum.StrEnum):
    """How the chair's answer reached the record, so an auditor can tell them apart."""

    APP = "app"
    MAIL_LINK = "mail_link"
    SECRETARY = "secretary"

    @property
    def label(self) -> str:
        return {
            "app": "given by the chair in the app",
            "mail_link": "given by the chair from the link in a mail",
            "secretary": "recorded by the secretary on the chair's word",
        }[self.value]


#: The paper versions a consent request asks to circulate late.
consent_request_version = sa.Table(
    "consent_request_version",
    Model.metadata,
    sa.Column("consent_request_id", sa.ForeignKey("consent_request.id"), primary_key=True),
    sa.Column("paper_version_id", sa.ForeignKey("paper_version.id"), primary_key=True),
)


class ConsentRequest(Model):
    """The secretary asking the chair to agree to circulating papers after the deadline.

    Nothing circulates while it waits; the chair's grant sends the papers out, a refusal sends
    nothing. Never deleted: refused and withdrawn requests stay in the record.
    """

    __tablename__ = "consent_request"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(sa.ForeignKey("meeting.id"), index=True)
    #: Why the papers are late, as members will read it beside them.
    reason: Mapped[str] = mapped_column(sa.String(500))
    #: The agenda goes out with the papers.
    include_agenda: Mapped[bool] = mapped_column(default=False)
    status: Mapped[ConsentStatus] = mapped_column(
        enum_column(ConsentStatus, "consent_status"), default=ConsentStatus.PENDING, index=True
    )
    requested_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: The chair who granted or refused.
    answered_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("person.id"))
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: How the answer was given: in the app, from a mail link, or recorded by the secretary.
    answered_via: Mapped[ConsentVia | None] = mapped_column(enum_column(ConsentVia, "consent_via"))
    #: The account that entered the answer (the chair's own, or the secretary's on their word).
    recorded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    #: The chair's words with a refusal, or the secretary's note of a consent given by phone.
    note: Mapped[str] = mapped_column(sa.String(500), default="")

    meeting: Mapped[Meeting] = relationship()
    versions: Mapped[list[PaperVersion]] = relationship(
        secondary=consent_request_version, order_by="PaperVersion.id"
    )
    requested_by: Mapped[User | None] = relationship(foreign_keys=[requested_by_id])
    answered_by: Mapped[Person | None] = relationship(foreign_keys=[answered_by_id])
    recorded_by: Mapped[User | None] = relationship(foreign_keys=[recorded_by_id])

    @property
    def is_pending(self) -> bool:
        return self.status is ConsentStatus.PENDING

    @property
    def is_granted(self) -> bool:
        return self.status is ConsentStatus.GRANTED
