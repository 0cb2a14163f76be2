"""Flask-Login's user loader: the session carries "<user id>:<session version>"."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from governance.auth.models import User
from governance.boards.models import Appointment, Person
from governance.extensions import db
from governance.fields import whole_number


def load_user(token: str) -> User | None:
    """The account for a session token, unless it is disabled or the session is stale."""
    user_id, _, version = token.partition(":")
    if whole_number(user_id, lowest=1) is None or whole_number(version, lowest=0) is None:
        return None
    # Permission checks read the person's offices and seats: load them with the user.
    user = db.session.execute(
        sa.select(User)
        .where(User.id == int(user_id))
        .options(
            selectinload(User.person).selectinload(Person.offices),
            selectinload(User.person)
            .selectinload(Person.appointments)
            .selectinload(Appointment.seat),
        )
    ).scalar_one_or_none()
    if user is None or not user.is_enabled or user.session_version != int(version):
        return None
    return user
