"""The register of interests and declarations on agenda items: the writes, and their reads."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from governance.attendance.models import AttendanceStatus
from governance.attendance.queries import attendance_rows, meeting_day, members_on
from governance.audit.changes import apply_changes
from governance.audit.operations import record_event
from governance.boards.models import Appointment, Board, Organisation, Person, Seat
from governance.extensions import db
from governance.interests import rules
from governance.interests.models import Declaration, DeclarationAction, Interest
from governance.meetings.models import AgendaItem, Meeting

if TYPE_CHECKING:
    from governance.auth.models import User

#: The description can say more about a person than they wish logged forever: the audit log
#: notes that it changed; the register itself keeps the text.
PERSONAL_FIELDS = ("description",)
#: Those recorded as in the room and taking part, who may declare without holding a seat.
TAKING_PART = (AttendanceStatus.PRESENT, AttendanceStatus.DEPUTY)


# Writes --------------------------------------------------------------------------------------


def add_interest(actor: User | None, person: Person, values: dict[str, Any]) -> Interest:
    """Add an entry to a person's register of interests."""
    description = rules.check_entry(
        values.get("description") or "", values.get("kind") or "", values.get("starts_on")
    )
    interest = Interest(person_id=person.id)
    db.session.add(interest)
    changes = apply_changes(
        interest,
        {
            "description": description,
            "kind": values["kind"],
            "organisation_id": values.get("organisation_id"),
            "starts_on": values["starts_on"],
            "ends_on": None,
            "published": bool(values.get("published", True)),
        },
        personal=PERSONAL_FIELDS,
    )
    record_event(
        actor, "interest.create", interest, f"Added register entry for person {person.id}", changes
    )
    return interest


def end_interest(actor: User | None, interest: Interest, ends_on: date) -> Interest:
    """End a register entry on a day; the entry stays in the register as history."""
    rules.check_end(interest.starts_on, interest.ends_on, ends_on)
    changes = apply_changes(interest, {"ends_on": ends_on})
    record_event(
        actor,
        "interest.end",
        interest,
        f"Ended register entry {interest.id} of person {interest.person_id}",
        changes,
    )
    return interest


def record_declaration(
    actor: User | None,
    item: AgendaItem,
    person: Person,
    *,
    interest: Interest | None,
    nature: str,
    action: DeclarationAction,
    dispensation_by: str | None = None,
    dispensation_reason: str | None = None,
) -> Declaration:
    """Record an interest declared on an agenda item and what the person then did."""
    meeting = item.meeting
    rules.check_declarable(meeting.status)
    rules.check_declarant(person.id, declarant_ids(meeting))
    if interest is not None:
        rules.check_entry_for(
            interest.person_id,
            person.id,
            interest.starts_on,
            interest.ends_on,
            meeting_day(meeting),
        )
        # An entry chosen from the register speaks for itself when no words are given.
        nature = nature.strip() or interest.description
    values = rules.check_declaration(nature, action, dispensation_by, dispensation_reason)
    declaration = Declaration(agenda_item_id=item.id, person_id=person.id)
    db.session.add(declaration)
    changes = apply_changes(
        declaration,
        {
            "interest_id": interest.id if interest else None,
            "nature": values.nature,
            "action": values.action,
            "dispensation_by": values.dispensation_by,
            "dispensation_reason": values.dispensation_reason,
        },
    )
    record_event(
        actor,
        "declaration.create",
        declaration,
        f"Recorded a declaration by person {person.id} on agenda item {item.id}",
        changes,
    )
    return declaration


# Reads ---------------------------------------------------------------------------------------


def person_register(person: Person) -> list[Interest]:
    """Every entry in a person's register, current and ended, newest first."""
    return list(
        db.session.execute(
            sa.select(Interest)
            .where(Interest.person_id == person.id)
            .order_by(Interest.starts_on.desc(), Interest.id.desc())
        ).scalars()
    )


def organisation_names(entries: list[Interest]) -> dict[int, str]:
    """Names of the organisations the entries concern."""
    wanted = {e.organisation_id for e in entries if e.organisation_id is not None}
    if not wanted:
        return {}
    rows = db.session.execute(
        sa.select(Organisation.id, Organisation.name).where(Organisation.id.in_(wanted))
    )
    return {row.id: row.name for row in rows}


def board_organisation_ids(board: Board) -> set[int]:
    """Organisations with a seat on the board, and its accountable body and lead agency."""
    seated = db.session.execute(
        sa.select(Seat.organisation_id).where(Seat.board_id == board.id)
    ).scalars()
    ids = (*seated, board.accountable_body_id, board.lead_agency_id)
    return {i for i in ids if i is not None}


def declarant_ids(meeting: Meeting) -> set[int]:
    """Who may declare at the meeting: seat holders that day and those recorded taking part."""
    taking_part = {r.person_id for r in attendance_rows(meeting) if r.status in TAKING_PART}
    return set(members_on(meeting)) | taking_part


def declarants(meeting: Meeting) -> list[Person]:
    """The people who may declare at the meeting, by name."""
    return list(
        db.session.execute(
            sa.select(Person)
            .where(Person.id.in_(declarant_ids(meeting)))
            .order_by(Person.full_name, Person.id)
        ).scalars()
    )


def current_entries(person_ids: set[int], on: date, with_seats: bool = False) -> list[Interest]:
    """The register entries of these people current on a day.

    `with_seats` also loads each person's appointments, for pages that check who may see them.
    """
    if not person_ids:
        return []
    person = joinedload(Interest.person)
    if with_seats:
        person = person.selectinload(Person.appointments).joinedload(Appointment.seat)
    return list(
        db.session.execute(
            sa.select(Interest)
            .where(
                Interest.person_id.in_(person_ids),
                Interest.starts_on <= on,
                sa.or_(Interest.ends_on.is_(None), Interest.ends_on >= on),
            )
            .options(person)
            .order_by(Interest.person_id, Interest.starts_on.desc(), Interest.id)
        ).scalars()
    )


def relevant_interests(meeting: Meeting) -> dict[int, list[Interest]]:
    """Register entries of the board's members current on the meeting day, relevant ones first."""
    entries = current_entries(set(members_on(meeting)), meeting_day(meeting), with_seats=True)
    relevant = board_organisation_ids(meeting.board)
    by_person: dict[int, list[Interest]] = {}
    for entry in entries:
        by_person.setdefault(entry.person_id, []).append(entry)
    return {pid: rules.relevant_first(group, relevant) for pid, group in by_person.items()}


def item_declarations(item: AgendaItem) -> list[Declaration]:
    """The declarations already recorded on an item, with who made them."""
    return list(
        db.session.execute(
            sa.select(Declaration)
            .where(Declaration.agenda_item_id == item.id)
            .options(joinedload(Declaration.person))
            .order_by(Declaration.id)
        ).scalars()
    )
