"""Attendance operations with a session: the register, deputies, guests and apologies."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa

from governance.attendance import operations as attendance
from governance.attendance.models import Attendance, AttendanceStatus
from governance.attendance.queries import register_for
from governance.audit.models import AuditEvent
from governance.boards import operations as board_ops
from governance.boards.models import OfficerRole
from governance.errors import DomainError
from governance.extensions import db
from governance.mail.models import OutboxMessage
from governance.meetings.models import Meeting, MeetingStatus
from tests.conftest import audit_count, counting

START = datetime(2026, 12, 10, 10, 0, tzinfo=UTC)  # Thursday 10 December 2026, 10:00 GMT
P = AttendanceStatus


@pytest.fixture
def meeting(world, make_meeting):
    return make_meeting(world.board, starts_at=START, notice=True)


def person(world, role):
    return world.users[role].person


def rows(meeting) -> list[Attendance]:
    return list(
        db.session.execute(
            sa.select(Attendance).where(Attendance.meeting_id == meeting.id)
        ).scalars()
    )


def last_event() -> AuditEvent:
    return db.session.execute(
        sa.select(AuditEvent).order_by(AuditEvent.seq.desc()).limit(1)
    ).scalar_one()


def test_register_lists_every_member_in_seat_order_then_deputies_and_guests(world, meeting):
    attendance.record_attendance(None, meeting, person(world, "member"), P.APOLOGIES)
    attendance.record_attendance(
        None, meeting, person(world, "outsider"), P.DEPUTY, deputy_for=person(world, "member")
    )
    attendance.record_attendance(
        None, meeting, person(world, "secretary"), P.IN_ATTENDANCE, note="Board secretary"
    )
    register = register_for(meeting)
    assert [(r.person.id, r.is_member) for r in register] == [
        (person(world, "member").id, True),
        (person(world, "parent").id, True),
        (person(world, "observer").id, True),
        (person(world, "outsider").id, False),
        (person(world, "secretary").id, False),
    ]
    member_row = register[0]
    assert member_row.seat == world.statutory_seat and member_row.status is P.APOLOGIES
    assert [d.person_id for d in member_row.deputies] == [person(world, "outsider").id]
    assert register[1].attendance is None and register[1].seat == world.parent_seat


def test_register_reads_in_the_same_number_of_statements_however_many_members(
    world, meeting, make_seat, make_person
):
    def measure() -> int:
        # Start from an empty session, and read what the register page shows.
        meeting_id = meeting.id
        db.session.expunge_all()
        fresh = db.session.get(Meeting, meeting_id)
        with counting() as statements:
            for row in register_for(fresh):
                _shown = (row.person.full_name, row.seat and row.seat.title, row.status)
                _deputies = [d.person.full_name for d in row.deputies]
        return len(statements)

    small = measure()
    meeting = db.session.get(Meeting, meeting.id)
    for n in range(5):
        seat = make_seat(world.board, title=f"Extra {n}")
        member = make_person()
        board_ops.appoint(None, seat, member, date(2026, 1, 1), None)
        # Members with and without a line: the register must load both kinds up front.
        if n % 2:
            attendance.record_attendance(None, meeting, member, P.PRESENT)
    db.session.flush()
    assert measure() == small


def test_recording_again_updates_the_one_line_and_audits_only_changes(world, meeting):
    member = person(world, "member")
    before = audit_count()
    attendance.record_attendance(None, meeting, member, P.PRESENT)
    attendance.record_attendance(None, meeting, member, P.PRESENT)
    assert audit_count() == before + 1
    attendance.record_attendance(None, meeting, member, P.ABSENT)
    assert audit_count() == before + 2
    [row] = rows(meeting)
    assert row.status is P.ABSENT and row.seat_id == world.statutory_seat.id
    event = last_event()
    assert event.action == "attendance.record"
    assert event.changes["status"] == ["present", "absent"]
    assert str(member.id) in event.summary and member.full_name not in event.summary


@pytest.mark.parametrize("status", [MeetingStatus.DRAFT, MeetingStatus.CANCELLED])
def test_no_register_for_drafts_or_cancelled_meetings(world, meeting, status):
    meeting.status = status
    with pytest.raises(DomainError, match="notice issued or held"):
        attendance.record_attendance(None, meeting, person(world, "member"), P.PRESENT)
    assert rows(meeting) == []


def test_someone_whose_term_ended_before_the_meeting_is_not_a_member_that_day(world, meeting):
    board_ops.end_appointment(None, world.member_appointment, date(2026, 12, 9), "Resigned")
    with pytest.raises(DomainError, match="does not hold a seat"):
        attendance.record_attendance(None, meeting, person(world, "member"), P.PRESENT)
    guest = attendance.record_attendance(None, meeting, person(world, "member"), P.IN_ATTENDANCE)
    assert guest.seat_id is None


def test_a_deputy_takes_the_seat_of_the_member_they_stand_in_for(world, meeting):
    member = person(world, "member")
    attendance.record_attendance(None, meeting, member, P.APOLOGIES)
    row = attendance.record_attendance(
        None, meeting, person(world, "outsider"), P.DEPUTY, deputy_for=member
    )
    assert row.seat_id == world.statutory_seat.id and row.deputy_for_id == member.id


def test_a_deputy_must_name_a_member_who_is_not_there(world, meeting):
    outsider, member = person(world, "outsider"), person(world, "member")
    with pytest.raises(DomainError) as error:
        attendance.record_attendance(None, meeting, outsider, P.DEPUTY)
    assert error.value.field == "deputy_for_id"
    with pytest.raises(DomainError, match="holds no seat"):
        attendance.record_attendance(
            None, meeting, outsider, P.DEPUTY, deputy_for=person(world, "chair")
        )
    attendance.record_attendance(None, meeting, member, P.PRESENT)
    with pytest.raises(DomainError, match="recorded as present"):
        attendance.record_attendance(None, meeting, outsider, P.DEPUTY, deputy_for=member)


def test_a_member_cannot_be_marked_present_over_their_deputy_unless_they_took_turns(world, meeting):
    member, outsider = person(world, "member"), person(world, "outsider")
    attendance.record_attendance(
        None, meeting, outsider, P.DEPUTY, deputy_for=member, departed_at=START + timedelta(hours=1)
    )
    with pytest.raises(DomainError, match="deputy is recorded"):
        attendance.record_attendance(None, meeting, member, P.PRESENT)
    row = attendance.record_attendance(
        None, meeting, member, P.PRESENT, arrived_at=START + timedelta(hours=1)
    )
    assert row.arrived_at == START + timedelta(hours=1)


def test_members_are_not_in_attendance_and_guests_need_no_seat(world, meeting):
    with pytest.raises(DomainError, match="holds a seat"):
        attendance.record_attendance(None, meeting, person(world, "parent"), P.IN_ATTENDANCE)
    row = attendance.record_attendance(
        None, meeting, person(world, "secretary"), P.IN_ATTENDANCE, note="Finance officer"
    )
    assert row.seat_id is None and row.note == "Finance officer"


def test_times_must_fall_on_the_meeting_day_and_in_order(world, meeting):
    member = person(world, "member")
    with pytest.raises(DomainError) as error:
        attendance.record_attendance(
            None, meeting, member, P.PRESENT, arrived_at=START + timedelta(days=1)
        )
    assert error.value.field == "arrived_at"
    with pytest.raises(DomainError) as error:
        attendance.record_attendance(
            None, meeting, member, P.PRESENT, arrived_at=START, departed_at=START
        )
    assert error.value.field == "departed_at"


def test_the_register_form_points_a_refusal_at_the_members_line(world, meeting):
    outsider, member = person(world, "outsider"), person(world, "member")
    attendance.record_attendance(None, meeting, outsider, P.DEPUTY, deputy_for=member)
    entries = [
        attendance.RegisterEntry(person(world, "parent"), P.PRESENT),
        attendance.RegisterEntry(member, P.PRESENT),
    ]
    with pytest.raises(DomainError) as error:
        attendance.record_register(None, meeting, entries)
    assert error.value.field == f"status_{member.id}"


def test_the_register_form_records_each_line_and_counts_the_changes(world, meeting):
    entries = [
        attendance.RegisterEntry(person(world, "parent"), P.PRESENT),
        attendance.RegisterEntry(person(world, "member"), P.ABSENT),
    ]
    assert attendance.record_register(None, meeting, entries) == 2
    assert attendance.record_register(None, meeting, entries) == 0
    assert {r.person_id: r.status for r in rows(meeting)} == {
        person(world, "parent").id: P.PRESENT,
        person(world, "member").id: P.ABSENT,
    }


def test_apologies_are_recorded_and_the_secretary_is_told(world, meeting):
    user = world.users["parent"]
    now = START - timedelta(days=2)
    before = audit_count()
    row = attendance.send_apologies(user, meeting, "  Hospital appointment ", now=now)
    assert row.status is P.APOLOGIES and row.apologies_sent_at == now
    assert row.note == "Hospital appointment" and row.seat_id == world.parent_seat.id
    assert audit_count() == before + 1 and last_event().action == "attendance.apologies"
    assert user.person.full_name not in last_event().summary
    [mail] = db.session.execute(
        sa.select(OutboxMessage).where(OutboxMessage.kind == "attendance.apologies")
    ).scalars()
    assert mail.to_address == "secretary@example.org"
    assert mail.person_id == person(world, "secretary").id
    assert user.person.full_name in mail.body and "Hospital appointment" in mail.body


def test_apologies_cannot_be_sent_once_the_meeting_has_started(world, meeting):
    with pytest.raises(DomainError, match="has started"):
        attendance.send_apologies(world.users["member"], meeting, now=START)
    assert rows(meeting) == []


def test_only_members_send_apologies(world, meeting):
    with pytest.raises(DomainError, match="Only members"):
        attendance.send_apologies(world.users["chair"], meeting, now=START - timedelta(days=1))


def test_a_sub_group_without_a_secretary_tells_the_parent_boards(world, make_meeting, make_seat):
    seat = make_seat(world.subgroup, title="Finance lead")
    board_ops.appoint(None, seat, person(world, "parent"), date(2026, 1, 1), None)
    meeting = make_meeting(world.subgroup, starts_at=START, notice=True)
    attendance.send_apologies(world.users["parent"], meeting, now=START - timedelta(days=1))
    sent = db.session.execute(
        sa.select(OutboxMessage.to_address).where(OutboxMessage.kind == "attendance.apologies")
    ).scalars()
    assert list(sent) == ["secretary@example.org"]
    # Once the sub-group has a secretary of its own, the mail goes to them instead.
    board_ops.assign_officer(None, world.subgroup, person(world, "chair"), OfficerRole.SECRETARY)
    db.session.flush()
    attendance.send_apologies(world.users["parent"], meeting, now=START - timedelta(days=1))
    sent = db.session.execute(
        sa.select(OutboxMessage.to_address)
        .where(OutboxMessage.kind == "attendance.apologies")
        .order_by(OutboxMessage.id)
    ).scalars()
    assert list(sent) == ["secretary@example.org", "chair@example.org"]
