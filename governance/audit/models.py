"""The append-only, hash-chained audit log."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from governance.database import UTCDateTime
from governance.extensions import Model


class AuditEvent(Model):
    """One change, chained to the one before it by a SHA-256 hash.

    People are referred to by id only (actor_id, target ids), never by name or
    email, so personal data can later be erased without breaking the chain.
    """

    __tablename__ = "audit_event"

    #: Position in the chain, assigned as previous + 1; the primary key makes a fork impossible.
    seq: Mapped[int] = mapped_column(sa.BigInteger, primary_key=True, autoincrement=False)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    #: The user account that made the change; None for the system (CLI, migrations).
    actor_id: Mapped[int | None] = mapped_column(sa.Integer)
    #: What was done, as "<area>.<verb>", e.g. "board.create".
    action: Mapped[str] = mapped_column(sa.String(64))
    target_type: Mapped[str] = mapped_column(sa.String(64))
    target_id: Mapped[int | None] = mapped_column(sa.Integer)
    summary: Mapped[str] = mapped_column(sa.String(500))
    #: Changed fields as {"field": [before, after]}; personal values are withheld.
    changes: Mapped[dict[str, Any]] = mapped_column(sa.JSON)
    #: Hash of the previous event, or 64 zeros for the first.
    prev_hash: Mapped[str] = mapped_column(sa.String(64))
    #: SHA-256 over the canonical JSON of this event's fields and prev_hash.
    hash: Mapped[str] = mapped_column(sa.String(64), unique=True)

    __table_args__ = (sa.Index("ix_audit_event_target", "target_type", "target_id"),)
