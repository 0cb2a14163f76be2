"""Pure rules of board membership: composition, appointments, structure.

No Flask and no database session: these take model objects or plain values
and either return a result or raise DomainError.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from governance.boards.models import (
    AGENCY_LABELS,
    AgencyType,
    Appointment,
    Board,
    Organisation,
    Seat,
    SeatCategory,
    Sector,
)
from governance.errors import DomainError

#: Terms ending within this many days are flagged on the board page.
TERM_WARNING_DAYS = 60
CODE_PATTERN = re.compile(r"^[A-Z][A-Z0-9]{0,11}$")


@dataclass(frozen=True)
class Breach:
    """One way in which a board's membership falls short of its rules."""

    kind: str
    message: str
    seat_id: int | None = None


def check_timezone(name: str) -> str:
    """Return `name` if it is an IANA timezone.

    Raises:
        DomainError: the name is not a known timezone.
    """
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise DomainError(
            f"“{name}” is not a timezone this system knows; use a name such as Europe/London.",
            field="timezone",
        ) from None
    if name not in available_timezones():
        raise DomainError(f"“{name}” is not a timezone name.", field="timezone")
    return name


def check_code(code: str) -> str:
    """Return the board code, upper-cased, if it fits decision numbers.

    Raises:
        DomainError: the code is not 1–12 letters and digits starting with a letter.
    """
    code = code.strip().upper()
    if not CODE_PATTERN.match(code):
        raise DomainError(
            "The code must be 1 to 12 letters or digits, starting with a letter (e.g. PB).",
            field="code",
        )
    return code


def parse_fraction(text: str) -> tuple[int, int] | None:
    """A quorum fraction such as "1/3", as (numerator, denominator); blank means none.

    Raises:
        DomainError: the text is not a fraction between 0 and 1.
    """
    text = text.strip()
    if not text:
        return None
    match = re.fullmatch(r"(\d{1,3})\s*/\s*(\d{1,3})", text)
    if not match or not 0 < int(match[1]) <= int(match[2]):
        raise DomainError(
            "Write the fraction like 1/3 or 1/2 (a part of the whole).", field="quorum_fraction"
        )
    return int(match[1]), int(match[2])


def describe_quorum(board: Board) -> str:
    """The board's quorum rule in words, e.g. "4 voting members or a third, whichever is more"."""
    parts = []
    if board.quorum_min_count:
        parts.append(f"{board.quorum_min_count} voting members")
    if board.quorum_fraction_numerator and board.quorum_fraction_denominator:
        parts.append(
            f"{board.quorum_fraction_numerator}/{board.quorum_fraction_denominator}"
            " of filled voting seats"
        )
    rule = " or ".join(parts) + (", whichever is more" if len(parts) == 2 else "")
    minimums = [
        f"{n} {category.replace('_', '-')}"
        for category, n in sorted((board.quorum_category_minimums or {}).items())
        if n
    ]
    if minimums:
        rule = (rule + "; " if rule else "") + "including at least " + " and ".join(minimums)
    return rule or "one voting member (no rule set)"


def check_parent(board: Board | None, parent: Board | None) -> None:
    """A board may not report to itself or to one of its own sub-groups.

    Raises:
        DomainError: the parent would make a loop.
    """
    if board is None or parent is None or board.id is None:
        return
    seen: set[int] = set()
    node: Board | None = parent
    while node is not None and node.id not in seen:
        if node.id == board.id:
            raise DomainError(
                "A board cannot report to itself or to one of its own sub-groups.",
                field="parent_id",
            )
        seen.add(node.id)
        node = node.parent


def check_organisation(sector: Sector, agency_type: AgencyType | None) -> None:
    """Statutory organisations have an agency type; others do not.

    Raises:
        DomainError: the agency type is missing or not applicable.
    """
    if sector is Sector.STATUTORY and agency_type is None:
        raise DomainError(
            "Choose the kind of statutory agency (health, local authority, ...).",
            field="agency_type",
        )
    if sector is not Sector.STATUTORY and agency_type is not None:
        raise DomainError(
            "Only statutory organisations have an agency type; leave it blank.",
            field="agency_type",
        )


def check_seat(category: SeatCategory, organisation: Organisation | None) -> None:
    """A statutory seat represents a statutory organisation; a parent seat represents none.

    Raises:
        DomainError: the seat's category and organisation do not fit together.
    """
    if category is SeatCategory.STATUTORY:
        if organisation is None:
            raise DomainError(
                "A statutory seat must name the agency it represents.", field="organisation_id"
            )
        if organisation.sector is not Sector.STATUTORY:
            raise DomainError(
                f"{organisation.name} is not a statutory organisation.", field="organisation_id"
            )
    if category is SeatCategory.PARENT and organisation is not None:
        raise DomainError(
            "Parent seats are held by parents in their own right; leave the organisation blank.",
            field="organisation_id",
        )


def _overlaps(a_start: date, a_end: date | None, b_start: date, b_end: date | None) -> bool:
    return (b_end is None or a_start <= b_end) and (a_end is None or b_start <= a_end)


def check_appointment(
    seat: Seat,
    person_id: int,
    starts_on: date,
    ends_on: date | None,
    board_appointments: Iterable[Appointment],
    ignore_id: int | None = None,
) -> None:
    """One holder per seat at a time, and one seat per person per board at a time.

    `board_appointments` are all appointments to seats of the seat's board.

    Raises:
        DomainError: the dates are reversed, the seat is abolished, or the term overlaps.
    """
    if ends_on is not None and ends_on < starts_on:
        raise DomainError("The term cannot end before it starts.", field="ends_on")
    if seat.abolished_on is not None and (ends_on is None or ends_on >= seat.abolished_on):
        raise DomainError(
            f"This seat was abolished on {seat.abolished_on:%d %B %Y}.", field="starts_on"
        )
    for other in board_appointments:
        if other.id is not None and other.id == ignore_id:
            continue
        if not _overlaps(starts_on, ends_on, other.starts_on, other.ends_on):
            continue
        if other.seat_id == seat.id:
            raise DomainError(
                "The seat is already held for part of that term"
                f" (from {other.starts_on:%d %B %Y}"
                + (f" to {other.ends_on:%d %B %Y}" if other.ends_on else "")
                + "). End that appointment first.",
                field="starts_on",
            )
        if other.person_id == person_id:
            raise DomainError(
                "This person already holds another seat on this board for part of that term.",
                field="person_id",
            )


def check_end(appointment: Appointment, ends_on: date, reason: str) -> None:
    """An appointment ends on or after its start, with a stated reason.

    Raises:
        DomainError: the date is before the start, or no reason is given.
    """
    if ends_on < appointment.starts_on:
        raise DomainError(
            f"The appointment started on {appointment.starts_on:%d %B %Y}; it cannot end earlier.",
            field="ends_on",
        )
    if appointment.ends_on is not None and ends_on > appointment.ends_on:
        raise DomainError(
            f"The term already ends on {appointment.ends_on:%d %B %Y};"
            " change the term to extend it.",
            field="ends_on",
        )
    if not reason.strip():
        raise DomainError("Say why the appointment is ending.", field="reason")


def active_seats(seats: Iterable[Seat], on: date) -> list[Seat]:
    """Seats not abolished on the given day."""
    return [s for s in seats if s.is_active(on)]


def current_appointments(seats: Iterable[Seat], on: date) -> list[Appointment]:
    """The appointments that fill seats on the given day."""
    held = (seat.holder_on(on) for seat in active_seats(seats, on))
    return [a for a in held if a is not None]


@dataclass(frozen=True)
class SeatGroup:
    """The active seats of one category, each with its holder on the day (or None)."""

    category: SeatCategory
    heading: str
    rows: list[tuple[Seat, Appointment | None]]

    @property
    def filled(self) -> int:
        return sum(1 for _, holder in self.rows if holder is not None)


CATEGORY_HEADINGS = {
    SeatCategory.STATUTORY: "Statutory agencies",
    SeatCategory.VOLUNTARY: "Voluntary organisations",
    SeatCategory.COMMUNITY: "Community",
    SeatCategory.PARENT: "Parent representatives",
    SeatCategory.CO_OPTED: "Co-opted",
    SeatCategory.OBSERVER: "Observers",
}


def seats_by_category(seats: Iterable[Seat], on: date) -> list[SeatGroup]:
    """Active seats grouped by category in a fixed order, empty categories left out."""
    active = active_seats(seats, on)
    groups = []
    for category, heading in CATEGORY_HEADINGS.items():
        rows = [(s, s.holder_on(on)) for s in active if s.category is category]
        if rows:
            groups.append(SeatGroup(category, heading, rows))
    return groups


def _missing_agencies(board: Board, filled_seats: list[Seat]) -> list[Breach]:
    represented = {
        s.organisation.agency_type
        for s in filled_seats
        if s.organisation is not None and s.organisation.agency_type is not None
    }
    return [
        Breach("missing_agency", f"No {AGENCY_LABELS[agency].lower()} representative.")
        for agency in (AgencyType(value) for value in board.required_agency_types or [])
        if agency not in represented
    ]


def _below_minimums(board: Board, filled_seats: list[Seat]) -> list[Breach]:
    breaches = []
    parents = sum(1 for s in filled_seats if s.category is SeatCategory.PARENT)
    if parents < board.min_parent_seats:
        breaches.append(
            Breach(
                "parent_minimum",
                f"{parents} parent representative{'s' if parents != 1 else ''};"
                f" the board needs at least {board.min_parent_seats}.",
            )
        )
    vol = sum(
        1 for s in filled_seats if s.category in (SeatCategory.VOLUNTARY, SeatCategory.COMMUNITY)
    )
    if vol < board.min_voluntary_community_seats:
        breaches.append(
            Breach(
                "voluntary_minimum",
                f"{vol} voluntary and community member{'s' if vol != 1 else ''};"
                f" the board needs at least {board.min_voluntary_community_seats}.",
            )
        )
    return breaches


def _terms_ending(
    filled: dict[int, Appointment | None], seats: list[Seat], on: date
) -> list[Breach]:
    breaches = []
    horizon = on + timedelta(days=TERM_WARNING_DAYS)
    for seat in seats:
        appointment = filled[seat.id]
        assert appointment is not None
        if appointment.ends_on is not None and appointment.ends_on <= horizon:
            days = (appointment.ends_on - on).days
            when = "today" if days == 0 else f"in {days} day{'s' if days != 1 else ''}"
            breaches.append(
                Breach(
                    "term_ending",
                    f"Term in seat “{seat.title}” ends {when} ({appointment.ends_on:%d %B %Y}).",
                    seat.id,
                )
            )
    return breaches


def composition_breaches(board: Board, seats: Sequence[Seat], on: date) -> list[Breach]:
    """Every way the board's membership on `on` breaks its composition rules."""
    active = active_seats(seats, on)
    filled = {s.id: s.holder_on(on) for s in active}
    filled_seats = [s for s in active if filled[s.id] is not None]
    breaches = _missing_agencies(board, filled_seats)
    breaches += [
        Breach("vacant_seat", f"Vacant seat: {seat.title}.", seat.id)
        for seat in active
        if filled[seat.id] is None
    ]
    breaches += _below_minimums(board, filled_seats)
    if board.max_size is not None and len(active) > board.max_size:
        breaches.append(
            Breach("too_big", f"{len(active)} seats; the board's maximum is {board.max_size}.")
        )
    return breaches + _terms_ending(filled, filled_seats, on)
