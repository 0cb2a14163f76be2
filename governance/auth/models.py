"""Login accounts."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship

from governance.boards.models import Person
from governance.database import UTCDateTime, utcnow
from governance.extensions import Model


class User(UserMixin, Model):
    """A login account for a person."""

    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(sa.ForeignKey("person.id"), unique=True)
    #: Login name; kept lower-case.
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    #: Administrators manage every board, organisation, person and account.
    is_admin: Mapped[bool] = mapped_column(default=False)
    #: Auditors may read everything, confidential items included, and change nothing.
    is_auditor: Mapped[bool] = mapped_column(default=False)
    #: A disabled account cannot log in.
    is_enabled: Mapped[bool] = mapped_column(default=True)
    #: Bumped on logout-everywhere and password change; sessions carrying an older one end.
    session_version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    person: Mapped[Person] = relationship(back_populates="user")

    @property
    def is_active(self) -> bool:  # type: ignore[override]
        return self.is_enabled

    def get_id(self) -> str:
        # The session version is part of the id, so bumping it logs every session out.
        return f"{self.id}:{self.session_version}"

    def __repr__(self) -> str:
        return f"<User {self.id}>"
