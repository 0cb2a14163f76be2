"""Secret addresses for personal calendar feeds: issue, revoke, look up. Only hashes are stored."""

from __future__ import annotations

import hashlib
import secrets

import sqlalchemy as sa

from governance.audit.operations import record_event
from governance.auth.models import User
from governance.calendar.models import CalendarToken
from governance.database import utcnow
from governance.extensions import db


def new_token() -> str:
    """A fresh unguessable token for a feed address (256 bits)."""
    return secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    """The SHA-256 hex digest stored in place of the token."""
    # A plain hash suffices: the token is random and long, so there is nothing to brute-force.
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _revoke_current(user: User) -> list[CalendarToken]:
    rows = list(
        db.session.execute(
            sa.select(CalendarToken).where(
                CalendarToken.user_id == user.id, CalendarToken.revoked_at.is_(None)
            )
        ).scalars()
    )
    now = utcnow()
    for row in rows:
        row.revoked_at = now
    return rows


def issue_calendar_token(user: User) -> str:
    """Replace the user's feed address with a new one; returns the raw token, shown once."""
    replaced = _revoke_current(user)
    token = new_token()
    row = CalendarToken(user_id=user.id, token_hash=hash_token(token))
    db.session.add(row)
    db.session.flush()
    # Row ids only: neither the token nor its hash goes in the log, since the hash alone would
    # confirm a leaked address.
    record_event(
        user,
        "calendar.token_issue",
        row,
        f"Calendar feed address issued for user {user.id}",
        {"calendar_token": [replaced[-1].id if replaced else None, row.id]},
    )
    return token


def revoke_calendar_tokens(user: User, actor: User | None = None) -> int:
    """Turn off the user's feed address (by `actor`, the user by default); returns how many."""
    rows = _revoke_current(user)
    if rows:
        record_event(
            actor or user,
            "calendar.token_revoke",
            rows[-1],
            f"Calendar feed address revoked for user {user.id}",
            {"calendar_token": [rows[-1].id, None]},
        )
    db.session.flush()
    return len(rows)


def current_token(user: User) -> CalendarToken | None:
    """The user's live feed address record (without the token itself), if any."""
    return db.session.execute(
        sa.select(CalendarToken)
        .where(CalendarToken.user_id == user.id, CalendarToken.revoked_at.is_(None))
        .order_by(CalendarToken.created_at.desc())
        .limit(1)
    ).scalar_one_or_none()


def user_for_token(token: str) -> User | None:
    """The enabled user whose live feed address carries this token, or None."""
    return db.session.execute(
        sa.select(User)
        .join(CalendarToken, CalendarToken.user_id == User.id)
        .where(
            CalendarToken.token_hash == hash_token(token),
            CalendarToken.revoked_at.is_(None),
            # A disabled account's feed stops with its login.
            User.is_enabled.is_(True),
        )
    ).scalar_one_or_none()
