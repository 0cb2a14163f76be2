"""The current day in a board's timezone (one place, so tests can fix the date)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from governance.database import utcnow

DEFAULT_TIMEZONE = "Europe/London"


def today(timezone: str = DEFAULT_TIMEZONE) -> date:
    """Today's date where the board meets."""
    return local_now(timezone).date()


def local_now(timezone: str = DEFAULT_TIMEZONE) -> datetime:
    """The current time in `timezone`."""
    return utcnow().astimezone(ZoneInfo(timezone))


def now() -> datetime:
    """The current moment in UTC (sessions and one-time codes read the time here)."""
    return utcnow()
