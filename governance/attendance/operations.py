"""The writes of the attendance register: record who came, and let members send apologies."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar

from governance.attendance import rules, signals
from governance.attendance.models import Attendance, AttendanceCorrection, AttendanceStatus
from governance.attendance.queries import (
    attendance_rows,
    meeting_day,
    members_on,
    names_of,
    secretaries_of,
)
from governance.audit.changes import apply_changes
from governance.audit.operations import record_event
from governance.boards.models import Person, Seat
from governance.database import utcnow
from governance.errors import DomainError
from governance.extensions import db
from governance.links import app_link
from governance.mail.operations import queue_mail
from governance.meetings.models import Meeting

if TYPE_CHECKING:
    from governance.auth.models import User

T = TypeVar("T")


@dataclass(frozen=True)
class RegisterEntry:
    """One member's line of the register form, as entered."""

    person: Person
    status: AttendanceStatus
    arrived_at: datetime | None = None
    departed_at: datetime | None = None


def _presence(row: Attendance) -> rules.Presence:
    return rules.Presence(row.arrived_at, row.departed_at)


def _deputies_for(rows: Iterable[Attendance], holder_id: int, besides: int) -> list[Attendance]:
    return [
        r
        for r in rows
        if r.status is AttendanceStatus.DEPUTY
        and r.deputy_for_id == holder_id
        and r.person_id != besides
    ]


def _check_seat(given: Seat | None, expected: Seat | None) -> None:
    if given is not None and (expected is None or given.id != expected.id):
        raise DomainError("That is not the seat this person sits in that day.", field="seat_id")


@dataclass
class _Register:
    """The meeting's members and attendance rows, loaded once for a run of writes."""

    members: dict[int, Seat]
    rows: dict[int, Attendance]

    @classmethod
    def load(cls, meeting: Meeting) -> _Register:
        return cls(members_on(meeting), {r.person_id: r for r in attendance_rows(meeting)})


def _seat_for(
    meeting: Meeting,
    person: Person,
    status: AttendanceStatus,
    deputy_for: Person | None,
    here: rules.Presence,
    register: _Register,
) -> tuple[Seat | None, Person | None]:
    """Check the status against who holds which seat; the seat to record and whom they cover."""
    members, rows = register.members, register.rows
    span = (meeting.starts_at, meeting.ends_at)
    if status in rules.MEMBER_STATUSES:
        rules.check_member_status(status, person.id in members)
        if status is AttendanceStatus.PRESENT:
            deputies = _deputies_for(rows.values(), person.id, besides=person.id)
            rules.check_present_without_deputy(here, [_presence(r) for r in deputies], *span)
        return members[person.id], None
    if status is AttendanceStatus.IN_ATTENDANCE:
        rules.check_in_attendance(person.id in members)
        return None, None
    holder = rows.get(deputy_for.id) if deputy_for is not None else None
    others = _deputies_for(rows.values(), deputy_for.id, person.id) if deputy_for else []
    rules.check_deputy(
        deputy_is_member=person.id in members,
        holder_is_member=None if deputy_for is None else deputy_for.id in members,
        deputy=here,
        holder_present=_presence(holder)
        if holder is not None and holder.status is AttendanceStatus.PRESENT
        else None,
        other_deputies=[_presence(r) for r in others],
        starts_at=span[0],
        ends_at=span[1],
    )
    assert deputy_for is not None
    return members[deputy_for.id], deputy_for


def _record(
    actor: User | None,
    meeting: Meeting,
    person: Person,
    status: AttendanceStatus,
    *,
    seat: Seat | None,
    deputy_for: Person | None,
    arrived_at: datetime | None,
    departed_at: datetime | None,
    note: str | None,
    register: _Register | None = None,
) -> tuple[Attendance, bool]:
    rules.check_recordable(meeting.status)
    rules.check_times(status, arrived_at, departed_at, meeting_day(meeting), meeting.board.timezone)
    register = register or _Register.load(meeting)
    here = rules.Presence(arrived_at, departed_at)
    expected, deputy_for = _seat_for(meeting, person, status, deputy_for, here, register)
    _check_seat(seat, expected)
    row = register.rows.get(person.id)
    creating = row is None
    if row is None:
        row = register.rows[person.id] = Attendance(meeting_id=meeting.id, person_id=person.id)
        db.session.add(row)
    values: dict[str, object] = {
        "status": status,
        "seat_id": expected.id if expected else None,
        "deputy_for_id": deputy_for.id if deputy_for else None,
        "arrived_at": arrived_at,
        "departed_at": departed_at,
    }
    if note is not None:
        values["note"] = note.strip()[:300]
    # A note can say why someone was away (an illness, a court date): the log records only
    # that it changed.
    changes = apply_changes(row, values, personal=("note",))
    # Keep the relationships in step with the ids just set, for pages rendered after this.
    row.seat, row.deputy_for, row.person = expected, deputy_for, person
    if creating or changes:
        record_event(
            actor,
            "attendance.record",
            row,
            f"Recorded person {person.id} as {status.value} at meeting {meeting.id}",
            changes,
        )
    return row, bool(creating or changes)


def _counts(meeting: Meeting) -> dict[int, rules.Counted]:
    """For each decision recorded at the meeting, who the register now would count for it.

    The decisions area answers (governance.decisions.listeners); no decisions, no answer.
    """
    found: dict[int, rules.Counted] = {}
    for _receiver, answer in signals.counts_wanted.send(meeting):
        for counted in answer or ():
            found[counted.decision_id] = counted
    return found


def _lines(meeting: Meeting) -> dict[int, dict[str, Any]]:
    """Each person's line of the register as plain values, to say what a correction changed."""

    def iso(value: datetime | None) -> str | None:
        return value.isoformat() if value is not None else None

    return {
        row.person_id: {
            "status": row.status.value,
            "arrived_at": iso(row.arrived_at),
            "departed_at": iso(row.departed_at),
            "deputy_for_id": row.deputy_for_id,
        }
        for row in attendance_rows(meeting)
    }


def _as_correction(actor: User | None, meeting: Meeting, reason: str, write: Callable[[], T]) -> T:
    """Run a write to the register; if it changes who a decision already recorded at the
    meeting would count for its quorum, it needs a reason and is kept as a correction.

    Raises:
        DomainError: the write changes such a count and no reason is given (nothing is saved:
            the caller rolls back).
    """
    before = _counts(meeting)
    if not before:
        return write()
    lines_before = _lines(meeting)
    result = write()
    db.session.flush()
    changes = rules.count_changes(before.values(), _counts(meeting).values())
    if not changes:
        return result
    ids = {pid for c in changes for pid in (*c.lost, *c.gained)}
    reason = rules.check_correction_reason(reason, changes, names_of(ids))
    lines_after = _lines(meeting)
    correction = AttendanceCorrection(
        meeting_id=meeting.id,
        reason=reason,
        changes=[
            {"person_id": pid, "before": lines_before.get(pid), "after": after}
            for pid, after in sorted(lines_after.items())
            if lines_before.get(pid) != after
        ],
        decisions=[
            {
                "decision_id": c.before.decision_id,
                "number": c.before.number,
                "counted_before": sorted(c.before.person_ids),
                "counted_after": sorted(c.after.person_ids),
                "quorate_before": c.before.quorate,
                "quorate_after": c.after.quorate,
            }
            for c in changes
        ],
        corrected_by_id=actor.id if actor is not None else None,
    )
    db.session.add(correction)
    numbers = [c.before.number for c in changes]
    record_event(
        actor,
        "attendance.correct",
        correction,
        f"Corrected the register of meeting {meeting.id} after decision"
        f"{'s' if len(numbers) != 1 else ''} {', '.join(numbers)} had been recorded",
        # The reason is kept with the correction, not in the log: it may be personal.
        {
            "decisions": [None, numbers],
            "people": [None, [line["person_id"] for line in correction.changes]],
        },
    )
    return result


def record_attendance(
    actor: User | None,
    meeting: Meeting,
    person: Person,
    status: AttendanceStatus,
    *,
    seat: Seat | None = None,
    deputy_for: Person | None = None,
    arrived_at: datetime | None = None,
    departed_at: datetime | None = None,
    note: str = "",
    correction_reason: str = "",
) -> Attendance:
    """Record one person's attendance at a meeting, creating or updating their line; after a
    decision that would count differently, only with a reason, as a correction."""

    def write() -> Attendance:
        row, _changed = _record(
            actor,
            meeting,
            person,
            status,
            seat=seat,
            deputy_for=deputy_for,
            arrived_at=arrived_at,
            departed_at=departed_at,
            note=note,
        )
        return row

    return _as_correction(actor, meeting, correction_reason, write)


def record_register(
    actor: User | None,
    meeting: Meeting,
    entries: list[RegisterEntry],
    correction_reason: str = "",
) -> int:
    """Record every member's line of the register at once; returns how many lines changed.
    After a decision that would count differently, only with a reason, as a correction."""
    return _as_correction(
        actor, meeting, correction_reason, lambda: _record_register(actor, meeting, entries)
    )


def _record_register(actor: User | None, meeting: Meeting, entries: list[RegisterEntry]) -> int:
    changed = 0
    register = _Register.load(meeting)
    for entry in entries:
        try:
            _row, did = _record(
                actor,
                meeting,
                entry.person,
                entry.status,
                seat=None,
                deputy_for=None,
                arrived_at=entry.arrived_at,
                departed_at=entry.departed_at,
                # The register form has no note; keep the one sent with apologies.
                note=None,
                register=register,
            )
        except DomainError as error:
            # Point the message at this member's line of the form.
            field = error.field if error.field in ("arrived_at", "departed_at") else "status"
            raise DomainError(error.message, field=f"{field}_{entry.person.id}") from error
        changed += did
    return changed


def send_apologies(
    user: User | None,
    meeting: Meeting,
    note: str = "",
    now: datetime | None = None,
    *,
    person: Person | None = None,
    deputy: Person | None = None,
) -> Attendance:
    """A member's apologies go into the register and the board's secretaries are told.

    Members send apologies by replying to the notice (see `replies.send_reply`), which calls
    this with the person replying and any deputy they name.
    """
    now = now or utcnow()
    if person is None:
        assert user is not None
        person = user.person
    members = members_on(meeting)
    rules.check_apologies_in_time(meeting.status, meeting.starts_at, now, person.id in members)
    row = next((r for r in attendance_rows(meeting) if r.person_id == person.id), None)
    if row is None:
        row = Attendance(meeting_id=meeting.id, person_id=person.id)
        db.session.add(row)
    note = note.strip()[:300]
    changes = apply_changes(
        row,
        {
            "status": AttendanceStatus.APOLOGIES,
            "seat_id": members[person.id].id,
            "deputy_for_id": None,
            "arrived_at": None,
            "departed_at": None,
            "note": note,
            "apologies_sent_at": now,
        },
        # The note is the member's words to the secretary; auditors read the log.
        personal=("note",),
    )
    record_event(
        user,
        "attendance.apologies",
        row,
        f"Person {person.id} sent apologies for meeting {meeting.id}",
        changes,
    )
    _tell_secretaries(meeting, person, note, deputy)
    return row


def _tell_secretaries(
    meeting: Meeting, person: Person, note: str, deputy: Person | None = None
) -> int:

    board = meeting.board
    link = app_link("pages.attendance_register", meeting_id=meeting.id)
    when = f"{meeting.local_start:%A %-d %B %Y, %H:%M}"
    body = (
        f"{person.full_name} sends apologies for {board.name}: {meeting.title} ({when}).\n"
        + (f"\nTheir note: {note}\n" if note else "")
        + (f"\nThey would like to send a deputy: {deputy.full_name}.\n" if deputy else "")
        + f"\nThe register: {link}\n"
    )
    count = 0
    for secretary in secretaries_of(meeting):
        assert secretary.email is not None
        queue_mail(
            secretary.email,
            f"Apologies for {board.name}, {when}",
            body,
            kind="attendance.apologies",
            person_id=secretary.id,
        )
        count += 1
    return count
