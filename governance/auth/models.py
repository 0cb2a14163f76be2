"""Login accounts."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship

from governance.database import UTCDateTime, utcnow
from governance.extensions import Model

if TYPE_CHECKING:
    from governance.boards.models import Person


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
    #: The authenticator secret, AES-GCM encrypted with a key derived from SECRET_KEY.
    totp_secret: Mapped[str | None] = mapped_column(sa.String(255))
    #: When two-factor sign-in was confirmed; None while it is off.
    totp_enabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: The 30-second step of the last code accepted; that code and older ones are refused.
    totp_last_step: Mapped[int | None] = mapped_column()

    person: Mapped[Person] = relationship(back_populates="user")
    recovery_codes: Mapped[list[RecoveryCode]] = relationship(
        back_populates="user", cascade="all, delete-orphan"
    )

    @property
    def has_two_factor(self) -> bool:
        return self.totp_enabled_at is not None and self.totp_secret is not None

    @property
    def is_active(self) -> bool:  # type: ignore[override]
        return self.is_enabled

    def get_id(self) -> str:
        # The session version is part of the id, so bumping it logs every session out.
        return f"{self.id}:{self.session_version}"

    def __repr__(self) -> str:
        return f"<User {self.id}>"


class RecoveryCode(Model):
    """A single-use code that stands in for an authenticator code; only its hash is kept."""

    __tablename__ = "recovery_code"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"), index=True)
    #: "<salt hex>$<sha256 hex of salt + code>"; the code itself is shown once and not stored.
    code_hash: Mapped[str] = mapped_column(sa.String(120))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: Set when the code is spent; a used code never works again.
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(back_populates="recovery_codes")


class SecurityPolicy(Model):
    """Site-wide sign-in settings an administrator changes; a single row (id 1)."""

    __tablename__ = "security_policy"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Administrators and board secretaries must use two-factor sign-in.
    require_two_factor_for_officers: Mapped[bool] = mapped_column(default=False)
    changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    changed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
