"""Attendance figures for a board over a period: per member, organisation and seat category.

One query reads what every held meeting expected and what happened; the rest are pure
functions over its result.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from governance.attendance.models import Attendance, AttendanceStatus
from governance.boards.models import Appointment, Board, Organisation, Person, Seat, SeatCategory
from governance.extensions import db
from governance.meetings.models import TAKEN_PLACE, Meeting
from governance.meetings.rules import local_date

#: Members missing this many meetings in a row (unrepresented) are flagged.
DEFAULT_STREAK = 3
NO_ORGANISATION = "No organisation"

K = TypeVar("K")


class Outcome(enum.StrEnum):
    PRESENT = "present"
    #: Away, but a deputy sat in their seat.
    REPRESENTED = "represented"
    APOLOGIES = "apologies"
    #: Away without apologies, or nothing recorded.
    ABSENT = "absent"


@dataclass(frozen=True)
class Expected:
    """A member expected at a held meeting, and what happened."""

    meeting_id: int
    starts_at: datetime
    person_id: int
    name: str
    category: SeatCategory
    organisation: str
    outcome: Outcome


@dataclass(frozen=True)
class Tally:
    label: str
    expected: int = 0
    present: int = 0
    represented: int = 0
    apologies: int = 0
    absent: int = 0

    @property
    def rate(self) -> float | None:
        """Share of meetings attended in person or by a deputy."""
        return (self.present + self.represented) / self.expected if self.expected else None

    @property
    def in_person_rate(self) -> float | None:
        return self.present / self.expected if self.expected else None


@dataclass(frozen=True)
class MemberFigures:
    person_id: int
    category: SeatCategory
    organisation: str
    tally: Tally
    #: Meetings missed in a row, unrepresented, up to the latest in the period.
    streak: int
    flagged: bool


@dataclass(frozen=True)
class Figures:
    start: date
    end: date
    meetings: int
    overall: Tally
    members: list[MemberFigures]
    organisations: list[Tally]
    categories: list[Tally]

    @property
    def flagged(self) -> list[MemberFigures]:
        return [m for m in self.members if m.flagged]


# The query -----------------------------------------------------------------------------------


def expected_attendance(board: Board, start: date, end: date) -> list[Expected]:
    """Every member expected at each held meeting of the board in the period, in one statement."""
    zone = ZoneInfo(board.timezone)
    lo = datetime.combine(start, time(0), tzinfo=zone).astimezone(UTC)
    hi = datetime.combine(end + timedelta(days=1), time(0), tzinfo=zone).astimezone(UTC)
    seat_org, person_org = aliased(Organisation), aliased(Organisation)
    rows = db.session.execute(
        sa.select(
            Meeting.id.label("meeting_id"),
            Meeting.starts_at,
            Appointment.person_id,
            Appointment.starts_on,
            Appointment.ends_on,
            Seat.category,
            Seat.abolished_on,
            Person.full_name,
            seat_org.name.label("seat_org"),
            person_org.name.label("person_org"),
            Attendance.person_id.label("row_person_id"),
            Attendance.status,
        )
        .select_from(Meeting)
        .join(Seat, Seat.board_id == Meeting.board_id)
        .join(Appointment, Appointment.seat_id == Seat.id)
        .join(Person, Person.id == Appointment.person_id)
        .outerjoin(seat_org, seat_org.id == Seat.organisation_id)
        .outerjoin(person_org, person_org.id == Person.organisation_id)
        # The member's own line and any deputy's line for them, side by side.
        .outerjoin(
            Attendance,
            sa.and_(
                Attendance.meeting_id == Meeting.id,
                sa.or_(
                    Attendance.person_id == Appointment.person_id,
                    Attendance.deputy_for_id == Appointment.person_id,
                ),
            ),
        )
        .where(
            Meeting.board_id == board.id,
            Meeting.status.in_(TAKEN_PLACE),  # only meetings that took place count
            Meeting.starts_at >= lo,
            Meeting.starts_at < hi,
            Appointment.starts_on <= end,
            sa.or_(Appointment.ends_on.is_(None), Appointment.ends_on >= start),
        )
        .order_by(Meeting.starts_at, Meeting.id, Seat.position, Seat.id, Appointment.id)
    ).all()
    return _lines(rows, board.timezone)


@dataclass
class _Seen:
    row: Any
    own: AttendanceStatus | None = None
    deputised: bool = False


def _lines(rows: Iterable[Any], timezone: str) -> list[Expected]:
    """One line per member per meeting, from the rows of the query (a row per record)."""
    seen: dict[tuple[int, int], _Seen] = {}
    for r in rows:
        day = local_date(r.starts_at, timezone)
        current = r.starts_on <= day and (r.ends_on is None or r.ends_on >= day)
        if not current or (r.abolished_on is not None and r.abolished_on <= day):
            continue
        # Someone holding two seats is counted once, in the first.
        line = seen.setdefault((r.meeting_id, r.person_id), _Seen(r))
        if r.row_person_id == r.person_id:
            line.own = r.status
        elif r.status is AttendanceStatus.DEPUTY:
            line.deputised = True
    return [
        Expected(
            meeting_id=v.row.meeting_id,
            starts_at=v.row.starts_at,
            person_id=v.row.person_id,
            name=v.row.full_name,
            category=v.row.category,
            organisation=v.row.seat_org or v.row.person_org or NO_ORGANISATION,
            outcome=outcome(v.own, v.deputised),
        )
        for v in seen.values()
    ]


# Pure functions ------------------------------------------------------------------------------


def outcome(own: AttendanceStatus | None, deputised: bool) -> Outcome:
    """What a member's record comes to: present beats a deputy, a deputy beats apologies."""
    if own is AttendanceStatus.PRESENT:
        return Outcome.PRESENT
    if deputised:
        return Outcome.REPRESENTED
    if own is AttendanceStatus.APOLOGIES:
        return Outcome.APOLOGIES
    return Outcome.ABSENT


def tally(label: str, lines: Iterable[Expected]) -> Tally:
    """Counts of each outcome over some members' expected attendances."""
    counts = {o: 0 for o in Outcome}
    total = 0
    for line in lines:
        counts[line.outcome] += 1
        total += 1
    return Tally(
        label,
        total,
        counts[Outcome.PRESENT],
        counts[Outcome.REPRESENTED],
        counts[Outcome.APOLOGIES],
        counts[Outcome.ABSENT],
    )


def absence_streak(lines: Iterable[Expected]) -> int:
    """Meetings missed in a row, unrepresented, counting back from the latest."""
    streak = 0
    for line in sorted(lines, key=lambda x: x.starts_at, reverse=True):
        if line.outcome not in (Outcome.APOLOGIES, Outcome.ABSENT):
            break
        streak += 1
    return streak


def _grouped(lines: list[Expected], key: Callable[[Expected], K]) -> dict[K, list[Expected]]:
    groups: dict[K, list[Expected]] = {}
    for line in lines:
        groups.setdefault(key(line), []).append(line)
    return groups


def figures(lines: list[Expected], start: date, end: date, streak: int = DEFAULT_STREAK) -> Figures:
    """Tallies per member, organisation and seat category, and members missing `streak` in a
    row."""
    members = []
    for person_id, group in _grouped(lines, lambda x: x.person_id).items():
        run = absence_streak(group)
        latest = max(group, key=lambda x: x.starts_at)
        members.append(
            MemberFigures(
                person_id=person_id,
                category=latest.category,
                organisation=latest.organisation,
                tally=tally(latest.name, group),
                streak=run,
                flagged=run >= streak,
            )
        )
    members.sort(key=lambda m: (-m.streak, m.tally.label))
    organisations = [
        tally(name, group) for name, group in _grouped(lines, lambda x: x.organisation).items()
    ]
    by_category = _grouped(lines, lambda x: x.category)
    return Figures(
        start=start,
        end=end,
        meetings=len({line.meeting_id for line in lines}),
        overall=tally("All members", lines),
        members=members,
        organisations=sorted(organisations, key=lambda t: t.label),
        categories=[tally(c.label, by_category[c]) for c in SeatCategory if c in by_category],
    )


def board_figures(board: Board, start: date, end: date, streak: int = DEFAULT_STREAK) -> Figures:
    """The board's attendance figures for the period."""
    return figures(expected_attendance(board, start, end), start, end, streak)


# The chart -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Bar:
    x: int
    middle: int
    height: int
    label: str
    caption: str


@dataclass(frozen=True)
class Chart:
    bars: list[Bar]
    width: int
    height: int
    bar_width: int


def rate_chart(tallies: list[Tally], *, height: int = 120, width: int = 64, gap: int = 16) -> Chart:
    """An SVG bar chart of the attended-or-represented rate of each tally."""
    bars = [
        Bar(
            x=n * (width + gap),
            middle=n * (width + gap) + width // 2,
            height=round((t.rate or 0.0) * height),
            label=f"{round((t.rate or 0.0) * 100)}%",
            caption=t.label,
        )
        for n, t in enumerate(tallies)
    ]
    return Chart(bars, max(len(bars) * (width + gap), width + gap), height, width)
