"""Fixtures for the auth tests: low sign-in limits, a movable clock, enrolled users."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import flask
import pyotp
import pytest

from governance.auth.signin import throttle
from governance.auth.two_factor import operations as two_factor
from governance.auth.two_factor import rules as tf
from governance.extensions import db

#: The moment the suite's clock is pinned to (see fixed_today in tests/conftest.py).
NOON = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


@pytest.fixture
def low_limits(app: flask.Flask) -> Iterator[Callable[..., None]]:
    """Set low sign-in limits for one test, with the counts cleared before and after."""
    keys = ("LOGIN_LIMIT_ACCOUNT", "LOGIN_LIMIT_ADDRESS")
    saved = {key: app.config[key] for key in keys}

    def set_limits(account: str = "3 per 15 minutes", address: str = "50 per 15 minutes") -> None:
        app.config.update(LOGIN_LIMIT_ACCOUNT=account, LOGIN_LIMIT_ADDRESS=address)

    throttle.reset()
    set_limits()
    try:
        yield set_limits
    finally:
        app.config.update(saved)
        throttle.reset()


@pytest.fixture
def move_clock(monkeypatch: pytest.MonkeyPatch) -> Callable[..., datetime]:
    """Set the app's clock to noon plus the given timedelta arguments."""

    def move(**delta: float) -> datetime:
        moment = NOON + timedelta(**delta)
        monkeypatch.setattr("governance.clock.utcnow", lambda: moment)
        return moment

    return move


class Enrolled:
    """A user with two-factor sign-in on: their secret and their recovery codes."""

    def __init__(self, user: Any, secret: str, codes: list[str]) -> None:
        self.user, self.secret, self.codes = user, secret, codes

    def code_at(self, moment: datetime) -> str:
        return pyotp.TOTP(self.secret).at(moment)


@pytest.fixture
def enrol() -> Callable[[Any], Enrolled]:
    """Turn two-factor sign-in on for a user at the pinned noon."""

    def do(user: Any) -> Enrolled:
        secret = tf.new_secret()
        codes = two_factor.enable_two_factor(user, secret, pyotp.TOTP(secret).at(NOON))
        db.session.flush()
        return Enrolled(user, secret, codes)

    return do
