"""The demo partnership board: a fictional Sure Start programme board and its sub-groups.

Everything is made through the operations, so the demo data carries the same audit trail
as data entered through the app. Dates are relative to the `today` given, so the board
always shows the same situations (a vacancy, a term about to end, a new parent).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any, NamedTuple

import sqlalchemy as sa

from governance.audit.operations import in_time_order
from governance.auth.models import User
from governance.auth.operations import create_account
from governance.boards import operations as ops
from governance.boards.models import (
    AgencyType,
    Board,
    OfficerRole,
    Organisation,
    Person,
    SeatCategory,
    Sector,
)
from governance.demo.decisions import correct_circulated_minutes, seed_decisions
from governance.demo.induction import seed_induction
from governance.demo.meetings import seed_meetings, seed_pending_consent, seed_withdrawn_version
from governance.demo.replies import seed_replies
from governance.demo.subgroups import correct_finance_register, seed_subgroups
from governance.demo.timeline import morning, set_up, step
from governance.errors import DomainError
from governance.extensions import db

#: Every demo login uses this; it is printed by `flask seed-demo`, so it is no secret.
DEMO_PASSWORD = "demo-password-2026"  # noqa: S105
DEMO_CODE = "PB"

S, V, C = SeatCategory.STATUTORY, SeatCategory.VOLUNTARY, SeatCategory.COMMUNITY
P, CO, OB = SeatCategory.PARENT, SeatCategory.CO_OPTED, SeatCategory.OBSERVER

# key, name, sector, agency type, description
ORGANISATIONS: tuple[tuple[str, str, Sector, AgencyType | None, str], ...] = (
    ("pct", "Northbank Primary Care Trust", Sector.STATUTORY, AgencyType.HEALTH,
     "Health visiting, midwifery and speech and language therapy; the programme's lead agency."),
    ("council", "Northbank Metropolitan Borough Council", Sector.STATUTORY,
     AgencyType.LOCAL_AUTHORITY, "The Accountable Body: holds the programme's grant and accounts."),
    ("social", "Northbank Social Services", Sector.STATUTORY, AgencyType.SOCIAL_CARE,
     "Family support and children in need."),
    ("education", "Northbank Education Service (Early Years)", Sector.STATUTORY,
     AgencyType.EDUCATION, "Early Years and Foundation Stage advice; local primary schools."),
    ("jobcentre", "Jobcentre Plus Northbank", Sector.STATUTORY, AgencyType.EMPLOYMENT,
     "Lone parent advisers and help back into work."),
    ("family_groups", "Little Steps Family Groups", Sector.VOLUNTARY, None,
     "Children's charity running stay-and-play and family groups."),
    ("parenting", "Parents Together Northbank", Sector.VOLUNTARY, None,
     "Parenting courses, home visiting volunteers and a parents' helpline."),
    ("advice", "Citizens Advice Northbank", Sector.VOLUNTARY, None,
     "Benefits, debt and housing advice, with an outreach session at the centre."),
    ("church", "St Aidan's Church Community Centre", Sector.COMMUNITY, None,
     "Church hall that hosts the toddler group and the parents' forum."),
    # The programme is not an agency in its own right: its grant runs through the council and
    # its staff are public employees, so it is statutory ("other"). It holds no seat, so this
    # does not count towards the board's required agencies.
    ("programme", "Northbank Sure Start", Sector.STATUTORY, AgencyType.OTHER,
     "The local programme for families with children under four; the board's staff team."),
)  # fmt: skip

# key, full name, login email (others get a made-up address), organisation key, job title
PEOPLE: tuple[tuple[str, str, str | None, str | None, str], ...] = (
    ("admin", "Demo Administrator", "admin@demo.test", "programme", "System administrator"),
    ("secretary", "Sam Okafor", "secretary@demo.test", "programme", "Programme Support Officer"),
    ("manager", "Helen Marsh", None, "programme", "Programme Manager"),
    ("auditor", "Priya Natarajan", "auditor@demo.test", "council", "Senior Internal Auditor"),
    ("doyle", "Margaret Doyle", None, "pct", "Health Visitor Team Leader"),
    ("whitfield", "Tom Whitfield", None, "pct", "Speech and Language Therapist"),
    ("bury", "Janet Bury", None, "council", "Assistant Director, Children and Families"),
    ("rahman", "Aisha Rahman", None, "social", "Family Support Team Manager"),
    ("pearce", "Linda Pearce", None, "education", "Early Years and Foundation Stage Consultant"),
    ("kaye", "Robert Kaye", None, "education", "Head Teacher, Northbank Primary School"),
    ("fenwick", "Gary Fenwick", None, "jobcentre", "Lone Parent Adviser"),
    ("quinn", "Bernadette Quinn", "chair@demo.test", "family_groups", "Family Groups Coordinator"),
    ("hussain", "Nadia Hussain", None, "parenting", "Parenting Programmes Manager"),
    ("lowe", "Peter Lowe", None, "advice", "Advice Services Manager"),
    ("milne", "Andrew Milne", None, "church", "Community Centre Manager"),
    ("atkinson", "Doreen Atkinson", None, None, "Retired childminder"),
    ("malik", "Imran Malik", None, None, "Local shopkeeper"),
    ("marshall", "Kelly Marshall", None, None, "Parent"),
    ("price", "Joanne Price", None, None, "Parent"),
    ("cartwright", "Leanne Cartwright", None, None, "Parent"),
    ("bennett", "Chloe Bennett", "parent@demo.test", None, "Parent"),
    ("ellery", "Susan Ellery", None, None, "Local Programme Evaluator"),
    ("cole", "Martin Cole", None, None, "Regional Sure Start Adviser"),
)

# person key, login flags
LOGINS: tuple[tuple[str, dict[str, bool]], ...] = (
    ("admin", {"is_admin": True}),
    ("secretary", {}),
    ("quinn", {}),
    ("bennett", {}),
    ("auditor", {"is_auditor": True}),
)


class Previous(NamedTuple):
    """An earlier holder of a seat whose appointment ended early."""

    holder: str
    started_days_ago: int
    ended_days_ago: int
    reason: str


class SeatSpec(NamedTuple):
    """A seat and the person holding it now (None leaves it vacant)."""

    title: str
    category: SeatCategory
    organisation: str | None
    holder: str | None
    started_days_ago: int = 400
    term_years: int = 3
    voting: bool = True
    previous: Previous | None = None


MAIN_SEATS: tuple[SeatSpec, ...] = (
    SeatSpec("Primary Care Trust: health visiting", S, "pct", "doyle", 560),
    # Started 700 days ago on a two-year term: ends within the 60-day warning window.
    SeatSpec("Primary Care Trust: speech and language therapy", S, "pct", "whitfield", 700, 2),
    SeatSpec("Accountable Body (Borough Council)", S, "council", "bury", 560),
    SeatSpec("Social Services: family support", S, "social", "rahman", 480),
    SeatSpec("Education: Early Years consultant", S, "education", "pearce", 560),
    SeatSpec("Education: primary head teacher", S, "education", "kaye", 330, 2),
    SeatSpec("Jobcentre Plus", S, "jobcentre", "fenwick", 420),
    SeatSpec("Children's charity (family groups)", V, "family_groups", "quinn", 560),
    SeatSpec("Parenting support", V, "parenting", "hussain", 480),
    SeatSpec("Citizens Advice", V, "advice", "lowe", 365, 2),
    SeatSpec("Church community centre", C, "church", "milne", 420),
    SeatSpec("Community member", C, None, "atkinson", 560),
    SeatSpec("Community member", C, None, "malik", 300, 2),
    SeatSpec("Parent representative", P, None, "marshall", 560, 2),
    SeatSpec("Parent representative", P, None, "price", 450, 2),
    # The seat's first holder resigned; the newly appointed parent took it six weeks ago.
    SeatSpec("Parent representative", P, None, "bennett", 42, 2, previous=Previous(
        "cartwright", 500, 70, "Resigned: moved out of the programme area")),
    # Left vacant so the board shows both a vacancy and too few parents.
    SeatSpec("Parent representative", P, None, None),
    SeatSpec("Co-opted: local evaluation", CO, None, "ellery", 250, 2),
    SeatSpec("Government Office observer", OB, None, "cole", 400, voting=False),
)  # fmt: skip


class SubGroup(NamedTuple):
    """A sub-group of the main board, its composition rules, chair and seats."""

    name: str
    code: str
    description: str
    required_agency_types: tuple[AgencyType, ...]
    min_parent_seats: int
    min_voluntary_community_seats: int
    max_size: int
    chair: str
    seats: tuple[SeatSpec, ...]


SUBGROUPS: tuple[SubGroup, ...] = (
    SubGroup(
        "Children's Centre Development Group", "CCDG",
        "Plans the children's centre core offer and which services move into the new building.",
        (AgencyType.HEALTH, AgencyType.EDUCATION), 1, 1, 8, "pearce",
        (
            SeatSpec("Early Years", S, "education", "pearce", 300, 2),
            SeatSpec("Health visiting", S, "pct", "doyle", 300, 2),
            SeatSpec("Accountable Body", S, "council", "bury", 300, 2),
            SeatSpec("Voluntary sector", V, "family_groups", "quinn", 300, 2),
            SeatSpec("Parent", P, None, "marshall", 300, 2),
        ),
    ),
    # Set up after the local evaluation found communication the main barrier, so led by parents.
    SubGroup(
        "Communications Sub-group", "COMMS",
        "Newsletter, website and how the board explains its decisions to parents and staff.",
        (), 2, 1, 6, "price",
        (
            SeatSpec("Parent", P, None, "price", 200, 2),
            SeatSpec("Parent", P, None, "bennett", 28, 2),
            SeatSpec("Community centre", C, "church", "milne", 200, 2),
            SeatSpec("Community member", C, None, "malik", 200, 2),
            SeatSpec("Parenting support", V, "parenting", "hussain", 200, 2),
        ),
    ),
    SubGroup(
        "Finance Sub-group", "FIN",
        "Budget monitoring with the Accountable Body; recommends spending to the board.",
        (AgencyType.LOCAL_AUTHORITY, AgencyType.HEALTH), 1, 1, 6, "bury",
        (
            SeatSpec("Accountable Body", S, "council", "bury", 500, 2),
            SeatSpec("Lead agency", S, "pct", "doyle", 500, 2),
            SeatSpec("Voluntary sector", V, "advice", "lowe", 365, 2),
            SeatSpec("Parent", P, None, "marshall", 500, 2),
        ),
    ),
    # Consulted on plans but takes no decisions: its terms of reference delegate nothing.
    SubGroup(
        "Provider Forum", "PF",
        "The organisations that run services for families, consulted before the board decides.",
        (), 0, 2, 10, "lowe",
        (
            SeatSpec("Children's charity", V, "family_groups", "quinn", 400, 2),
            SeatSpec("Parenting support", V, "parenting", "hussain", 400, 2),
            SeatSpec("Advice services", V, "advice", "lowe", 400, 2),
            SeatSpec("Community centre", C, "church", "milne", 400, 2),
            SeatSpec("Speech and language therapy", S, "pct", "whitfield", 400, 2),
        ),
    ),
)  # fmt: skip


def _email(full_name: str) -> str:
    """A made-up address for a person who has no demo login."""
    return full_name.lower().replace(" ", ".") + "@northbank.demo.test"


def _years_after(start: date, years: int) -> date:
    """The same day `years` later (28 February for a 29 February start)."""
    try:
        return start.replace(year=start.year + years)
    except ValueError:
        return start.replace(year=start.year + years, day=28)


def _board_values(
    name: str,
    code: str,
    description: str,
    *,
    is_public: bool,
    required: tuple[AgencyType, ...],
    min_parents: int,
    min_voluntary: int,
    max_size: int,
    **extra: Any,
) -> dict[str, Any]:
    """The values save_board takes, with the demo's shared defaults."""
    return {
        "name": name, "code": code, "description": description, "timezone": "Europe/London",
        "notice_clear_days": 5, "is_public": is_public, "accountable_body_id": None,
        "lead_agency_id": None, "required_agency_types": list(required),
        "min_parent_seats": min_parents, "min_voluntary_community_seats": min_voluntary,
        "max_size": max_size, **extra,
    }  # fmt: skip


def _add_seats(
    board: Board,
    specs: tuple[SeatSpec, ...],
    organisations: dict[str, Organisation],
    people: dict[str, Person],
    today: date,
    admin: User | None = None,
) -> int:
    """Create the board's seats and appoint their holders, each on the day their term began;
    return the appointments made."""
    appointments = 0
    for position, spec in enumerate(specs, start=1):
        seat = ops.save_seat(None, board, None, {
            "title": spec.title, "category": spec.category, "voting": spec.voting,
            "organisation": organisations[spec.organisation] if spec.organisation else None,
            "position": position * 10, "abolished_on": None,
        })  # fmt: skip
        if spec.previous is not None:
            # Appointed for a full term, then ended early: history the seat page keeps.
            before = spec.previous
            starts_on = today - timedelta(days=before.started_days_ago)
            with step(morning(starts_on, 10), admin):
                ended = ops.appoint(
                    None, seat, people[before.holder], starts_on, _years_after(starts_on, 2)
                )
            ended_on = today - timedelta(days=before.ended_days_ago)
            with step(morning(ended_on, 10), admin):
                ops.end_appointment(None, ended, ended_on, before.reason)
            appointments += 1
        if spec.holder is not None:
            starts_on = today - timedelta(days=spec.started_days_ago)
            ends_on = _years_after(starts_on, spec.term_years) - timedelta(days=1)
            with step(morning(starts_on, 10), admin):
                ops.appoint(None, seat, people[spec.holder], starts_on, ends_on)
            appointments += 1
    return appointments


def _first_days_ago() -> dict[str, int]:
    """How many days before today each person's first appointment began."""
    first: dict[str, int] = {}
    for spec in MAIN_SEATS + tuple(s for group in SUBGROUPS for s in group.seats):
        for holder, days in (
            (spec.holder, spec.started_days_ago),
            (spec.previous.holder, spec.previous.started_days_ago) if spec.previous else (None, 0),
        ):
            if holder is not None:
                first[holder] = max(first.get(holder, 0), days)
    return first


def _joined(key: str, today: date, first: dict[str, int]) -> datetime:
    """When a person was entered: with the board's set-up, or a week before a later first term."""
    begins = set_up(today)
    if key == "admin":
        return begins
    if key in first and today - timedelta(days=first[key] + 7) > begins.date():
        return morning(today - timedelta(days=first[key] + 7))
    return begins + timedelta(hours=1)


def people_user(person: Person) -> User | None:
    """The login of a demo person, if they have one."""
    return db.session.execute(
        sa.select(User).where(User.person_id == person.id)
    ).scalar_one_or_none()


def seed_demo(today: date) -> dict[str, int]:
    """Build the demo partnership board through the operations; return counts of what it made.

    Its audit chain reads in the order things happened (see `demo.timeline`)."""
    if db.session.execute(sa.select(Board.id).where(Board.code == DEMO_CODE)).first() is not None:
        raise DomainError("The demo board is already loaded.")
    with in_time_order():
        return _seed(today)


def _seed(today: date) -> dict[str, int]:
    begins, first = set_up(today), _first_days_ago()
    logins = dict(LOGINS)
    accounts: dict[str, User] = {}
    organisations: dict[str, Organisation] = {}
    # The first administrator was made from the command line, and entered the organisations.
    with step(begins, None):
        for key, name, sector, agency, description in ORGANISATIONS:
            organisations[key] = ops.save_organisation(None, None, {
                "name": name, "sector": sector, "agency_type": agency,
                "description": description,
            })  # fmt: skip
    people: dict[str, Person] = {}
    for key, name, email, org, job in PEOPLE:
        joined = _joined(key, today, first)
        with step(joined, accounts.get("admin")):
            people[key] = ops.save_person(None, None, {
                "full_name": name, "email": email or _email(name), "phone": "",
                "organisation_id": organisations[org].id if org else None, "job_title": job,
            })  # fmt: skip
        if key in logins:
            with step(joined + timedelta(minutes=30), accounts.get("admin")):
                accounts[key] = create_account(
                    None, people[key], people[key].email or "", DEMO_PASSWORD, **logins[key]
                )
    admin = accounts["admin"]

    with step(begins + timedelta(hours=2), admin):
        board = ops.save_board(None, None, _board_values(
            "Northbank Sure Start Partnership Board", DEMO_CODE,
            "Oversees the Northbank Sure Start local programme for families with children "
            "under four.",
            is_public=True, min_parents=4, min_voluntary=3, max_size=22,
            required=(AgencyType.HEALTH, AgencyType.LOCAL_AUTHORITY, AgencyType.SOCIAL_CARE,
                      AgencyType.EDUCATION, AgencyType.EMPLOYMENT),
            accountable_body_id=organisations["council"].id, lead_agency_id=organisations["pct"].id,
            # A third of filled voting seats, with a parent and a statutory member in the room.
            quorum_min_count=5, quorum_fraction="1/3",
            quorum_category_minimums={"parent": 1, "statutory": 1},
        ))  # fmt: skip
        seats = len(MAIN_SEATS)
        appointments = _add_seats(board, MAIN_SEATS, organisations, people, today, admin)
        ops.assign_officer(None, board, people["secretary"], OfficerRole.SECRETARY)
        ops.assign_officer(None, board, people["quinn"], OfficerRole.CHAIR)

    for group in SUBGROUPS:
        # Each sub-group was set up a fortnight before its longest-serving member joined it.
        formed = today - timedelta(days=max(s.started_days_ago for s in group.seats) + 14)
        with step(morning(formed, 11), admin):
            # Sub-groups are private: their working papers are for the main board first.
            subgroup = ops.save_board(None, None, _board_values(
                group.name, group.code, group.description, is_public=False,
                required=group.required_agency_types, min_parents=group.min_parent_seats,
                min_voluntary=group.min_voluntary_community_seats, max_size=group.max_size,
                parent=board,
            ))  # fmt: skip
            seats += len(group.seats)
            appointments += _add_seats(subgroup, group.seats, organisations, people, today, admin)
            # A direct role (not only inheritance) so the sub-group page names its secretary.
            ops.assign_officer(None, subgroup, people["secretary"], OfficerRole.SECRETARY)
            ops.assign_officer(None, subgroup, people[group.chair], OfficerRole.CHAIR)

    meetings = seed_meetings(board, today)
    # Yesterday afternoon the secretary put an old draft on a paper by mistake and withdrew it.
    with step(morning(today - timedelta(days=1), 15), people_user(people["secretary"])):
        seed_withdrawn_version(board, today)
    seed_subgroups(board, today)
    # A week ago the secretary heard that a Finance member had in fact sent apologies.
    with step(morning(today - timedelta(days=7), 11), people_user(people["secretary"])):
        correct_finance_register(board, people["secretary"])
    seed_induction(board, today)
    seed_replies(board, today)
    record = seed_decisions(board, today)
    correct_circulated_minutes(board, today)
    # This morning the secretary asked the chairs' consent to a late paper; it is waiting.
    with step(morning(today, 8), people_user(people["secretary"])):
        seed_pending_consent(board, today)

    return {
        "meetings": meetings,
        **record,
        "organisations": len(organisations),
        "people": len(people),
        "boards": 1 + len(SUBGROUPS),
        "seats": seats,
        "appointments": appointments,
        "users": len(LOGINS),
    }
