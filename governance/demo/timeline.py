"""Loading the demo's past: each step at the moment it stands for, by the person who took it.

The demo is written in one go, step by step through the operations. Each step runs inside
`step(moment, user)`: the clock reads `moment` (so every timestamp the step writes is that
moment) and its audit events name `user` when the operation was given no actor. `seed_demo`
wraps the whole load in `audit.operations.in_time_order`, which chains the events sorted by
their moments, so the audit log reads as the year happened, whatever order the code ran in.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, time, timedelta

import sqlalchemy as sa

from governance.audit.operations import acting_as
from governance.auth.models import User
from governance.boards.models import Person
from governance.database import clock_set_to
from governance.extensions import db

#: How long before the demo's today the board was set up in the app.
SET_UP_DAYS = 730


@contextmanager
def step(moment: datetime, user: User | None) -> Iterator[datetime]:
    """Run the block as `user` at `moment`."""
    with clock_set_to(moment), acting_as(user):
        yield moment


def morning(day: date, hour: int = 9) -> datetime:
    """`hour` o'clock (UTC) on `day`."""
    return datetime.combine(day, time(hour), tzinfo=UTC)


def demo_now(today: date) -> datetime:
    """The demo's present: nine o'clock on its today."""
    return morning(today)


def set_up(today: date) -> datetime:
    """When the board was set up in the app."""
    return morning(today - timedelta(days=SET_UP_DAYS))


def no_later_than(
    moment: datetime, today: date, margin: timedelta = timedelta(hours=1)
) -> datetime:
    """`moment`, or a little before the demo's present if it would be later."""
    return min(moment, demo_now(today) - margin)


def user_of(full_name: str) -> User | None:
    """The login of the person with this name, if they have one."""
    return db.session.execute(
        sa.select(User)
        .join(Person, User.person_id == Person.id)
        .where(Person.full_name == full_name)
    ).scalar_one_or_none()


def secretary() -> User | None:
    """The programme support officer, the board's secretary, who keeps the record."""
    return user_of("Sam Okafor")


def chair() -> User | None:
    """The board's chair."""
    return user_of("Bernadette Quinn")


def administrator() -> User | None:
    """The demo's administrator, who set the boards up."""
    return user_of("Demo Administrator")
