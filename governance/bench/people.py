"""Organisations, people, boards and sub-groups, seats, appointments, officers and accounts."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, cast

import sqlalchemy as sa

from governance.auth.models import User
from governance.auth.passwords import hash_password
from governance.bench.loader import Loader, Row
from governance.bench.plan import BENCH_MEMBER_BOARDS, SUBGROUPS_PER_BOARD, Targets, spread
from governance.boards.models import (
    AgencyType,
    Appointment,
    Board,
    BoardOfficer,
    Organisation,
    Person,
    Seat,
    SeatCategory,
    Sector,
)
from governance.calendar.models import CalendarToken
from governance.calendar.tokens import hash_token

#: Every bench account signs in with this password.
BENCH_PASSWORD = "bench-password-2026"  # noqa: S105
#: The bench member's personal calendar feed token (a fixed one, so the benchmark can use it).
BENCH_CALENDAR_TOKEN = "bench-calendar-feed-token-for-the-five-board-member"  # noqa: S105
#: The bench accounts, by role; person ids 1 to 4 in this order.
ACCOUNTS = ["member", "secretary", "admin", "auditor"]

FIRST = "Amira Ben Chloe David Erin Femi Grace Hassan Imogen Jack Kiran Leah Mo Nia Owen Priya"
LAST = "Ahmed Brown Campbell Davies Evans Fraser Green Hughes Iqbal Jones Khan Lewis Patel Smith"
PLACES = "Northbank Eastfield Millbrook Ashgrove Riverside Hillcrest Oakley Stanmoor Kingsway"
SUBGROUPS = ["Children's Centre Development", "Communications", "Finance", "Provider Forum"]
MAIN_SEATS = (
    [SeatCategory.STATUTORY] * 6
    + [SeatCategory.VOLUNTARY] * 3
    + [
        SeatCategory.COMMUNITY,
        SeatCategory.PARENT,
        SeatCategory.PARENT,
        SeatCategory.PARENT,
        SeatCategory.OBSERVER,
    ]
)
SUB_SEATS = [SeatCategory.STATUTORY] * 2 + [SeatCategory.VOLUNTARY] * 2 + [SeatCategory.PARENT] * 2
AGENCIES = [t for t in AgencyType if t is not AgencyType.OTHER]


def table(model: Any) -> sa.Table:
    return cast(sa.Table, model.__table__)


def at(day: date, hour: int = 9) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=UTC)


@dataclass
class Term:
    person_id: int
    seat_id: int
    category: SeatCategory
    voting: bool
    starts_on: date
    ends_on: date | None


@dataclass
class BoardInfo:
    id: int
    code: str
    name: str
    parent_id: int | None
    chair_id: int
    secretary_id: int
    terms: list[Term] = field(default_factory=list)


@dataclass
class People:
    """What later stages need to know about who sits where."""

    start: date
    end: date
    person_ids: list[int]
    organisation_ids: list[int]
    boards: list[BoardInfo]
    users: dict[str, int]


def build_people(load: Loader, rng: random.Random, targets: Targets, today: date) -> People:
    """Insert organisations, people, boards, seats, appointments, officers, accounts, feed token."""
    start, end = today - timedelta(days=round(9.5 * 365)), today + timedelta(days=182)
    orgs = _organisations(load, rng, max(12, targets.people // 60), start)
    people = _people(load, rng, targets.people, orgs, start)
    boards = _boards(load, rng, targets.boards, len(people), orgs, start)
    _seats_and_terms(load, rng, targets.appointments, boards, orgs, people, start, end)
    _officers(load, boards, start)
    users = _accounts(load, start)
    return People(start, end, people, [o[0] for o in orgs], boards, users)


def _organisations(load: Loader, rng: random.Random, n: int, start: date) -> list[tuple]:
    places = PLACES.split()
    kinds = [
        (Sector.STATUTORY, "Primary Care Trust"),
        (Sector.STATUTORY, "Borough Council"),
        (Sector.VOLUNTARY, "Family Groups"),
        (Sector.COMMUNITY, "Community Centre"),
        (Sector.VOLUNTARY, "Citizens Advice"),
        (Sector.PRIVATE, "Day Nursery"),
    ]
    rows, orgs = [], []
    for i in range(1, n + 1):
        sector, kind = kinds[i % len(kinds)]
        agency = AGENCIES[i % len(AGENCIES)] if sector is Sector.STATUTORY else None
        name = f"{places[i % len(places)]} {kind} {i}"
        rows.append(
            {
                "id": i,
                "name": name,
                "sector": sector,
                "agency_type": agency,
                "description": "",
                "created_at": at(start),
            }
        )
        orgs.append((i, sector, agency))
        load.event(at(start), "organisation.create", "organisation", i, f"Added {name}")
    load.insert(table(Organisation), rows)
    return orgs


def _people(load: Loader, rng: random.Random, n: int, orgs: list[tuple], start: date) -> list[int]:
    first, last = FIRST.split(), LAST.split()
    rows = []
    for i in range(1, n + 1):
        email = f"{ACCOUNTS[i - 1]}@bench.test" if i <= len(ACCOUNTS) else f"person{i}@bench.test"
        created = at(start + timedelta(days=rng.randrange(0, 3000)))
        rows.append(
            {
                "id": i,
                "full_name": f"{rng.choice(first)} {rng.choice(last)}",
                "email": email,
                "phone": "",
                "organisation_id": rng.choice(orgs)[0],
                "job_title": "",
                "created_at": created,
            }
        )
        load.event(created, "person.create", "person", i, "Added a person")
    load.insert(table(Person), rows)
    return list(range(1, n + 1))


def _boards(
    load: Loader, rng: random.Random, n: int, n_people: int, orgs: list[tuple], start: date
) -> list[BoardInfo]:
    places = PLACES.split()
    rows, boards = [], []
    family = SUBGROUPS_PER_BOARD + 1
    for i in range(1, n + 1):
        main = (i - 1) % family == 0
        parent = None if main else i - (i - 1) % family
        place = f"{places[(i - 1) // family % len(places)]} {(i - 1) // family + 1}"
        name = (
            f"{place} Partnership Board"
            if main
            else f"{place} {SUBGROUPS[((i - 1) % family - 1) % len(SUBGROUPS)]} Group"
        )
        code = f"B{(i - 1) // family + 1:03d}" + ("" if main else f"S{(i - 1) % family}")
        statutory = [o for o in orgs if o[1] is Sector.STATUTORY]
        rows.append(
            {
                "id": i,
                "name": name,
                "code": code,
                "description": "",
                "parent_id": parent,
                "timezone": "Europe/London",
                "notice_clear_days": 5,
                "notice_working_days": False,
                "is_public": main,
                "accountable_body_id": statutory[i % len(statutory)][0] if statutory else None,
                "lead_agency_id": None,
                "required_agency_types": ["health", "local_authority"] if main else [],
                "min_parent_seats": 2 if main else 0,
                "min_voluntary_community_seats": 2 if main else 0,
                "max_size": 22 if main else None,
                "quorum_min_count": 4 if main else 2,
                "quorum_fraction_numerator": 1,
                "quorum_fraction_denominator": 3,
                "quorum_category_minimums": {"parent": 1} if main else {},
                "inquorate_recommendations": True,
                "induction_categories": [],
                "created_at": at(start),
            }
        )
        # People 1-4 are the bench accounts; the secretary runs the first family of boards.
        secretary = 2 if i <= family else rng.randint(5, n_people)
        boards.append(BoardInfo(i, code, name, parent, rng.randint(5, n_people), secretary))
        load.event(at(start), "board.create", "board", i, f"Created {name}")
    load.insert(table(Board), rows)
    return boards


def _seats_and_terms(
    load: Loader,
    rng: random.Random,
    n_terms: int,
    boards: list[BoardInfo],
    orgs: list[tuple],
    people: list[int],
    start: date,
    end: date,
) -> None:
    seats: list[tuple[BoardInfo, int, SeatCategory]] = []
    rows = []
    for board in boards:
        layout = SUB_SEATS if board.parent_id else MAIN_SEATS
        for position, category in enumerate(layout):
            seat_id = len(seats) + 1
            org = _org_for(rng, category, orgs)
            rows.append(
                {
                    "id": seat_id,
                    "board_id": board.id,
                    "title": f"{category.label} member {position + 1}",
                    "category": category,
                    "voting": category is not SeatCategory.OBSERVER,
                    "organisation_id": org,
                    "position": position,
                    "abolished_on": None,
                    "created_at": at(start),
                }
            )
            seats.append((board, seat_id, category))
            load.event(at(start), "seat.create", "seat", seat_id, f"Added a seat to {board.code}")
    load.insert(table(Seat), rows)

    # The bench member holds the first seat of each of the first five boards for the whole span.
    reserved = [next(s for s in seats if s[0].id == b) for b in range(1, BENCH_MEMBER_BOARDS + 1)]
    reserved_ids = {s[1] for s in reserved}
    others = [s for s in seats if s[1] not in reserved_ids]
    plan = [(s, 1) for s in reserved] + list(
        zip(others, spread(n_terms - len(reserved), len(others)), strict=True)
    )
    terms = []
    for (board, seat_id, category), count in plan:
        days = (end - start).days
        cuts = sorted(rng.sample(range(30, days - 30), count - 1)) if count > 1 else []
        bounds = [0, *cuts, days]
        for k in range(count):
            person = 1 if seat_id in reserved_ids else rng.choice(people[4:])
            s = start + timedelta(days=bounds[k])
            e = None if k == count - 1 else start + timedelta(days=bounds[k + 1] - 1)
            term = Term(person, seat_id, category, category is not SeatCategory.OBSERVER, s, e)
            board.terms.append(term)
            terms.append(term)
    rows = []
    for i, term in enumerate(terms, start=1):
        rows.append(
            {
                "id": i,
                "seat_id": term.seat_id,
                "person_id": term.person_id,
                "starts_on": term.starts_on,
                "ends_on": term.ends_on,
                "end_reason": "Term ended" if term.ends_on else None,
                "created_at": at(term.starts_on),
            }
        )
        load.event(at(term.starts_on), "appointment.create", "appointment", i, "Appointed")
    load.insert(table(Appointment), rows)


def _org_for(rng: random.Random, category: SeatCategory, orgs: list[tuple]) -> int | None:
    wanted = {SeatCategory.STATUTORY: Sector.STATUTORY, SeatCategory.VOLUNTARY: Sector.VOLUNTARY}
    if category not in wanted:
        return None
    fitting = [o[0] for o in orgs if o[1] is wanted[category]]
    return rng.choice(fitting) if fitting else None


def _officers(load: Loader, boards: list[BoardInfo], start: date) -> None:
    rows: list[Row] = []
    for board in boards:
        for role, person in (("secretary", board.secretary_id), ("chair", board.chair_id)):
            rows.append(
                {
                    "id": len(rows) + 1,
                    "board_id": board.id,
                    "person_id": person,
                    "role": role,
                    "created_at": at(start),
                }
            )
            load.event(at(start), "officer.add", "board_officer", len(rows), f"{role} added")
    load.insert(table(BoardOfficer), rows)


def _accounts(load: Loader, start: date) -> dict[str, int]:
    password = hash_password(BENCH_PASSWORD)
    rows = []
    for i, role in enumerate(ACCOUNTS, start=1):
        rows.append(
            {
                "id": i,
                "person_id": i,
                "email": f"{role}@bench.test",
                "password_hash": password,
                "is_admin": role == "admin",
                "is_auditor": role == "auditor",
                "is_enabled": True,
                "session_version": 1,
                "created_at": at(start),
            }
        )
        load.event(at(start), "user.create", "user_account", i, "Created a login")
    load.insert(table(User), rows)
    load.insert(
        table(CalendarToken),
        [
            {
                "id": 1,
                "user_id": 1,
                "token_hash": hash_token(BENCH_CALENDAR_TOKEN),
                "created_at": at(start),
                "revoked_at": None,
            }
        ],
    )
    return {role: i for i, role in enumerate(ACCOUNTS, start=1)}
