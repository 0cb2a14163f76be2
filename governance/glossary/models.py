"""The plain-language glossary that explains board jargon wherever it appears."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from governance.database import UTCDateTime, utcnow
from governance.extensions import Model


class GlossaryTerm(Model):
    """A word or phrase met on the board, with its meaning in plain language."""

    __tablename__ = "glossary_term"

    id: Mapped[int] = mapped_column(primary_key=True)
    term: Mapped[str] = mapped_column(sa.String(80))
    #: Lower-case form of the term, unique, used for matching and the entry's anchor.
    key: Mapped[str] = mapped_column(sa.String(80), unique=True)
    meaning: Mapped[str] = mapped_column(sa.Text)
    #: Other forms marked as this term: plurals, abbreviations ("PCT"), verb forms.
    aliases: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
