"""Pure rules for meetings: the clear-days deadline, lateness, series dates, compliance figures.

No Flask and no session. Times are timezone-aware; days are counted in the board's timezone.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from governance import bank_holidays
from governance.errors import DomainError

WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def is_working_day(day: date) -> bool:
    """Monday to Friday, and not a bank holiday in England and Wales: the one test every count
    of clear working days uses (deadlines, the days a paper gave, the schedule form's notes)."""
    return day.weekday() < 5 and bank_holidays.name_of(day) is None


def local_date(instant: datetime, timezone: str) -> date:
    """The calendar day of an instant where the board meets."""
    return instant.astimezone(ZoneInfo(timezone)).date()


def first_clear_day(meeting_day: date, clear_days: int, working_days: bool = False) -> date:
    """The earliest of the `clear_days` whole days that must lie between circulation and meeting.

    Counts back from the day before the meeting; with `working_days`, Saturdays, Sundays and
    bank holidays in England and Wales are not counted.
    """
    if clear_days < 0:
        raise DomainError("The notice period cannot be negative.", field="notice_clear_days")
    if clear_days == 0:
        return meeting_day
    day, counted = meeting_day, 0
    while counted < clear_days:
        day -= timedelta(days=1)
        if not working_days or is_working_day(day):
            counted += 1
    return day


def circulation_deadline(
    starts_at: datetime, timezone: str, clear_days: int, working_days: bool = False
) -> datetime:
    """The instant by which papers must be circulated, as an aware datetime in UTC.

    It is the start (local midnight) of the first clear day: anything circulated earlier leaves
    `clear_days` whole days, counting neither the day of circulation nor the day of the meeting.
    """
    zone = ZoneInfo(timezone)
    meeting_day = starts_at.astimezone(zone).date()
    day = first_clear_day(meeting_day, clear_days, working_days)
    return datetime.combine(day, time(0, 0), tzinfo=zone).astimezone(ZoneInfo("UTC"))


def clear_days_given(
    circulated_at: datetime, starts_at: datetime, timezone: str, working_days: bool = False
) -> int:
    """Whole days between the circulation day and the meeting day, counting neither.

    Papers circulated on the meeting day or later gave no notice: 0.
    """
    zone = ZoneInfo(timezone)
    sent, meeting = circulated_at.astimezone(zone).date(), starts_at.astimezone(zone).date()
    if sent >= meeting:
        return 0
    days = [sent + timedelta(days=n) for n in range(1, (meeting - sent).days)]
    return sum(1 for d in days if not working_days or is_working_day(d))


@dataclass(frozen=True)
class PaperDeadline:
    """Where a meeting date stands against its paper deadline, seen at a given moment."""

    deadline: datetime
    #: The last day on which papers can go out on time (the day before the deadline, locally).
    last_day: date
    clear_days: int
    working_days: bool
    #: The deadline is behind us: any paper from now on is late.
    passed: bool
    #: Today is the last day papers can go out on time.
    due_today: bool

    @property
    def notice_words(self) -> str:
        """'5 clear days' or '5 clear working days'."""
        return f"{self.clear_days} clear {'working ' if self.working_days else ''}days"

    def warning(self) -> str | None:
        """What the secretary must hear when scheduling for this date, or None."""
        last = f"{self.last_day:%A %-d %B}"
        if self.passed:
            return (
                f"The paper deadline for this date has already passed (the end of {last}), "
                f"so members cannot have {self.notice_words}’ notice of papers: any paper "
                "will be late and needs a reason and the chair’s consent."
            )
        if self.due_today:
            return (
                f"Papers for this date must go out by the end of today ({last}) to give "
                f"{self.notice_words}’ notice."
            )
        return None


def paper_deadline(
    starts_at: datetime, timezone: str, clear_days: int, working_days: bool, now: datetime
) -> PaperDeadline:
    """The paper deadline of a meeting starting at `starts_at`, and whether it is still ahead."""
    deadline = circulation_deadline(starts_at, timezone, clear_days, working_days)
    last_day = local_date(deadline, timezone) - timedelta(days=1)
    return PaperDeadline(
        deadline=deadline,
        last_day=last_day,
        clear_days=clear_days,
        working_days=working_days,
        passed=is_late(now, deadline),
        due_today=local_date(now, timezone) == last_day,
    )


def day_note(day: date) -> str | None:
    """Say so when a meeting date is a Saturday, a Sunday or a bank holiday, else None."""
    holiday = bank_holidays.name_of(day)
    if holiday is not None:
        return f"{day:%-d %B %Y} is a bank holiday in England and Wales ({holiday})."
    if day.weekday() >= 5:
        return f"{day:%-d %B %Y} is a {WEEKDAY_NAMES[day.weekday()]}."
    return None


def schedule_warnings(
    starts_at: datetime, timezone: str, clear_days: int, working_days: bool, now: datetime
) -> list[str]:
    """Everything worth saying about a proposed meeting time: in the past, at a weekend or on
    a bank holiday, a paper deadline passed or due today."""
    if starts_at <= now:
        return ["That time is in the past."]
    notes = [note] if (note := day_note(local_date(starts_at, timezone))) else []
    warning = paper_deadline(starts_at, timezone, clear_days, working_days, now).warning()
    return notes + ([warning] if warning else [])


def is_late(circulated_at: datetime, deadline: datetime) -> bool:
    """Circulated at or after the deadline."""
    return circulated_at >= deadline


def is_tabled(circulated_at: datetime, starts_at: datetime, timezone: str) -> bool:
    """Circulated on the day of the meeting (or later): in effect tabled at the meeting."""
    zone = ZoneInfo(timezone)
    return circulated_at.astimezone(zone).date() >= starts_at.astimezone(zone).date()


def check_late_circulation(late: bool, reason: str | None, consenting_chair_id: int | None) -> None:
    """Late circulation needs a stated reason and the chair's consent.

    Raises:
        DomainError: the paper is late and the reason or the chair's consent is missing.
    """
    if not late:
        return
    check_late_reason(reason)
    if consenting_chair_id is None:
        raise DomainError(
            "Late papers need the chair's consent: choose the chair who agreed.",
            field="consent_by_id",
        )


def check_late_reason(reason: str | None) -> str:
    """The reason for late circulation, trimmed: a sentence members will read.

    Raises:
        DomainError: the reason is missing or too short to say anything.
    """
    reason = (reason or "").strip()
    if len(reason) < 10:
        raise DomainError(
            "This is after the deadline: say why it is late (a sentence members will read).",
            field="late_reason",
        )
    return reason


def check_meeting_times(starts_at: datetime, ends_at: datetime) -> None:
    """A meeting ends after it starts and lasts no more than a day.

    Raises:
        DomainError: the end is not after the start, or the meeting runs over 24 hours.
    """
    if ends_at <= starts_at:
        raise DomainError("The meeting must end after it starts.", field="ends_time")
    if ends_at - starts_at > timedelta(hours=24):
        raise DomainError("A meeting cannot last more than a day.", field="ends_time")


def local_datetime(day: date, at: time, timezone: str) -> datetime:
    """A wall-clock time on a day in `timezone`, as an aware datetime in UTC.

    Raises:
        DomainError: the time does not exist that day (skipped by a clock change).
    """
    zone = ZoneInfo(timezone)
    local = datetime.combine(day, at, tzinfo=zone)
    # A time skipped when the clocks go forward does not survive a round trip through UTC.
    round_trip = local.astimezone(ZoneInfo("UTC")).astimezone(zone)
    if round_trip.replace(tzinfo=None) != local.replace(tzinfo=None):
        raise DomainError(
            f"{at:%H:%M} does not exist on {day:%d %B %Y} in {timezone}: the clocks change.",
            field="starts_time",
        )
    return local.astimezone(ZoneInfo("UTC"))


def nth_weekday(year: int, month: int, weekday: int, nth: int) -> date | None:
    """The nth (1–4, or -1 for last) given weekday of a month; None if it does not exist."""
    if nth == -1:
        next_month = date(year + (month == 12), month % 12 + 1, 1)
        day = next_month - timedelta(days=1)
        while day.weekday() != weekday:
            day -= timedelta(days=1)
        return day
    first = date(year, month, 1)
    offset = (weekday - first.weekday()) % 7
    day = first + timedelta(days=offset + 7 * (nth - 1))
    return day if day.month == month else None


def series_dates(start: date, weekday: int, nth: int, every_months: int, count: int) -> list[date]:
    """Dates of a series such as "first Tuesday of every other month", from `start` on.

    Raises:
        DomainError: the pattern is not one the system can schedule.
    """
    if not 1 <= count <= 60:
        raise DomainError("Schedule between 1 and 60 meetings at once.", field="count")
    if not 1 <= every_months <= 12:
        raise DomainError("Choose every 1 to 12 months.", field="every_months")
    if nth not in (1, 2, 3, 4, -1):
        raise DomainError("Choose first, second, third, fourth or last.", field="nth")
    dates: list[date] = []
    year, month = start.year, start.month
    while len(dates) < count:
        day = nth_weekday(year, month, weekday, nth)
        if day is not None and day >= start:
            dates.append(day)
            month += every_months
        elif day is not None:
            month += 1 if not dates else every_months
        else:
            month += every_months
        year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
    return dates


# Compliance -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Circulation:
    """One paper's first circulation, as the compliance figures see it."""

    meeting_id: int
    meeting_starts_at: datetime
    circulated_at: datetime
    deadline: datetime
    timezone: str
    author: str | None = None
    #: The board counts clear working days, so the days a paper gave are counted the same way.
    working_days: bool = False


@dataclass(frozen=True)
class Compliance:
    papers: int
    on_time: int
    late: int
    tabled: int
    median_clear_days: float | None
    late_by_author: dict[str, int]

    @property
    def on_time_share(self) -> float | None:
        return self.on_time / self.papers if self.papers else None


def compliance(circulations: Iterable[Circulation]) -> Compliance:
    """Share on time, late and tabled counts, median clear days, late papers by author."""
    rows = list(circulations)
    late = [c for c in rows if is_late(c.circulated_at, c.deadline)]
    tabled = [c for c in rows if is_tabled(c.circulated_at, c.meeting_starts_at, c.timezone)]
    days: Sequence[int] = [
        clear_days_given(c.circulated_at, c.meeting_starts_at, c.timezone, c.working_days)
        for c in rows
    ]
    by_author: dict[str, int] = {}
    for c in late:
        key = c.author or "Not recorded"
        by_author[key] = by_author.get(key, 0) + 1
    return Compliance(
        papers=len(rows),
        on_time=len(rows) - len(late),
        late=len(late),
        tabled=len(tabled),
        median_clear_days=statistics.median(days) if days else None,
        late_by_author=dict(sorted(by_author.items(), key=lambda kv: (-kv[1], kv[0]))),
    )


# Agenda ---------------------------------------------------------------------------------

#: The items most agendas open and close with: (title, purpose, goes at the end).
STANDARD_ITEMS: tuple[tuple[str, str, bool], ...] = (
    ("Apologies for absence", "information", False),
    ("Declarations of interest", "information", False),
    ("Minutes of the last meeting", "decision", False),
    ("Matters arising", "discussion", False),
    ("Any other business", "discussion", True),
)


def standard_items_to_add(titles: Iterable[str]) -> tuple[list[int], list[int]]:
    """Which of STANDARD_ITEMS an agenda with these titles lacks: (indexes to put first,
    indexes to put last); an item already there under the same title is not added again."""
    have = {t.strip().casefold() for t in titles}
    missing = [n for n, (title, _, _) in enumerate(STANDARD_ITEMS) if title.casefold() not in have]
    return (
        [n for n in missing if not STANDARD_ITEMS[n][2]],
        [n for n in missing if STANDARD_ITEMS[n][2]],
    )


#: Replies to a notice are due by the end of the day this many days before the meeting day.
REPLY_DAYS_BEFORE = 2


def reply_by_day(starts_at: datetime, timezone: str) -> date:
    """The last day on which a reply is in time, for telling members."""
    return local_date(starts_at, timezone) - timedelta(days=REPLY_DAYS_BEFORE)


#: Fewest characters a reason for withdrawing something may have: enough to say why.
MIN_WITHDRAWAL_REASON = 5


def check_withdrawal_reason(reason: str | None) -> str:
    """The reason for a withdrawal, trimmed.

    Raises:
        DomainError: when it is missing or too short to say why.
    """
    reason = (reason or "").strip()
    if len(reason) < MIN_WITHDRAWAL_REASON:
        raise DomainError(
            "Say why it is withdrawn: the reason is kept in the record.", field="reason"
        )
    if len(reason) > 500:
        raise DomainError("Keep the reason under 500 characters.", field="reason")
    return reason
