"""The attendance pages through the client: the register, deputies, guests and apologies."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa

from governance.attendance.models import Attendance, AttendanceStatus
from governance.boards import operations as board_ops
from governance.extensions import db
from governance.interests.operations import add_interest
from governance.mail.models import OutboxMessage
from governance.meetings.models import MeetingStatus
from tests.conftest import audit_count, counting

START = datetime(2026, 12, 10, 10, 0, tzinfo=UTC)  # 10:00 in London (GMT)


@pytest.fixture
def meeting(world, make_meeting):
    return make_meeting(world.board, starts_at=START, notice=True)


def text(response) -> str:
    return response.get_data(as_text=True)


def line_of(meeting, person) -> Attendance | None:
    db.session.expire_all()
    return db.session.execute(
        sa.select(Attendance).where(
            Attendance.meeting_id == meeting.id, Attendance.person_id == person.id
        )
    ).scalar_one_or_none()


def test_secretary_gets_a_register_form_and_members_a_read_only_register(
    client, world, login, meeting
):
    member = world.users["member"].person
    login(world.users["secretary"])
    page = text(client.get(f"/meetings/{meeting.id}/attendance"))
    assert f'name="status_{member.id}"' in page and f'name="arrived_at_{member.id}"' in page
    assert "Add a deputy" in page and "Add someone in attendance" in page
    assert not re.search(r"\sstyle=", page)
    client.post("/logout")
    login(world.users["parent"])
    page = text(client.get(f"/meetings/{meeting.id}/attendance"))
    assert member.full_name in page and "Not recorded" in page
    assert f'name="status_{member.id}"' not in page
    assert "Add a deputy" not in page


def test_secretary_records_a_late_arrival_in_local_time(client, world, login, meeting):
    member, parent = world.users["member"].person, world.users["parent"].person
    login(world.users["secretary"])
    response = client.post(
        f"/meetings/{meeting.id}/attendance",
        data={
            f"status_{member.id}": "present",
            f"arrived_at_{member.id}": "10:15",
            f"status_{parent.id}": "apologies",
        },
    )
    assert response.status_code == 302, text(response)
    line = line_of(meeting, member)
    assert line is not None and line.status is AttendanceStatus.PRESENT
    assert line.arrived_at == START + timedelta(minutes=15)
    assert line_of(meeting, parent).status is AttendanceStatus.APOLOGIES
    assert line_of(meeting, world.users["observer"].person) is None
    assert "2 lines changed" in text(client.get(response.headers["Location"]))


def test_leaving_before_arriving_comes_back_beside_that_members_field(
    client, world, login, meeting
):
    member = world.users["member"].person
    login(world.users["secretary"])
    before = audit_count()
    response = client.post(
        f"/meetings/{meeting.id}/attendance",
        data={
            f"status_{member.id}": "present",
            f"arrived_at_{member.id}": "11:00",
            f"departed_at_{member.id}": "10:30",
        },
    )
    assert response.status_code == 400
    assert re.search(
        rf'id="departed_at_{member.id}-error">[^<]*after the time they arrived', text(response)
    )
    assert line_of(meeting, member) is None and audit_count() == before


def test_a_deputy_is_added_for_a_member_and_refused_without_one(client, world, login, meeting):
    member, outsider = world.users["member"].person, world.users["outsider"].person
    login(world.users["secretary"])
    url = f"/meetings/{meeting.id}/attendance/deputy"
    response = client.post(url, data={"deputy-person_id": str(outsider.id)})
    assert response.status_code == 400
    assert re.search(r'id="deputy-deputy_for_id-error">[^<]*member this deputy', text(response))
    response = client.post(
        url,
        data={"deputy-person_id": str(outsider.id), "deputy-deputy_for_id": str(member.id)},
    )
    assert response.status_code == 302
    line = line_of(meeting, outsider)
    assert line.status is AttendanceStatus.DEPUTY and line.deputy_for_id == member.id
    assert f"for {member.full_name}" in text(client.get(f"/meetings/{meeting.id}/attendance"))


def test_a_member_cannot_be_added_as_a_guest(client, world, login, meeting):
    login(world.users["secretary"])
    url = f"/meetings/{meeting.id}/attendance/guest"
    member = world.users["member"].person
    response = client.post(url, data={"guest-person_id": str(member.id)})
    assert response.status_code == 400
    assert re.search(r'id="guest-person_id-error">', text(response))
    chair = world.users["chair"].person
    response = client.post(url, data={"guest-person_id": str(chair.id), "guest-note": "Chair"})
    assert response.status_code == 302
    assert line_of(meeting, chair).status is AttendanceStatus.IN_ATTENDANCE


def test_draft_meetings_have_no_register_to_write(client, world, login, make_meeting):
    draft = make_meeting(world.board, starts_at=START)
    login(world.users["secretary"])
    page = text(client.get(f"/meetings/{draft.id}/attendance"))
    assert "Add a deputy" not in page
    member = world.users["member"].person
    response = client.post(
        f"/meetings/{draft.id}/attendance", data={f"status_{member.id}": "present"}
    )
    assert response.status_code == 403


@pytest.mark.parametrize(("role", "code"), [("auditor", 403), ("chair", 403), ("member", 403)])
def test_only_the_secretary_and_admins_write_the_register(
    client, world, login, meeting, role, code
):
    login(world.users[role])
    assert client.get(f"/meetings/{meeting.id}/attendance").status_code == 200
    member = world.users["member"].person
    response = client.post(
        f"/meetings/{meeting.id}/attendance", data={f"status_{member.id}": "absent"}
    )
    assert response.status_code == code and line_of(meeting, member) is None


def test_a_member_sends_apologies_and_returns_to_the_meeting(client, world, login, meeting):
    login(world.users["parent"])
    page = text(client.get(f"/meetings/{meeting.id}/attendance"))
    assert "Send my apologies" in page
    response = client.post(f"/meetings/{meeting.id}/apologies", data={"note": "School run"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/meetings/{meeting.id}")
    line = line_of(meeting, world.users["parent"].person)
    assert line.status is AttendanceStatus.APOLOGIES and line.note == "School run"
    kinds = db.session.execute(sa.select(OutboxMessage.kind)).scalars().all()
    assert kinds.count("attendance.apologies") == 1


def test_apologies_after_the_start_are_refused_with_a_message(client, world, login, make_meeting):
    started = make_meeting(
        world.board, starts_at=datetime.now(UTC) - timedelta(minutes=30), notice=True
    )
    login(world.users["member"])
    response = client.post(f"/meetings/{started.id}/apologies", follow_redirects=True)
    assert "The meeting has started" in text(response)
    assert line_of(started, world.users["member"].person) is None


def test_non_members_cannot_send_apologies(client, world, login, meeting):
    for role in ("chair", "auditor", "outsider"):
        login(world.users[role])
        assert client.post(f"/meetings/{meeting.id}/apologies").status_code == 403
        client.post("/logout")
    assert client.post(f"/meetings/{meeting.id}/apologies").status_code == 401
    meeting.status = MeetingStatus.HELD
    db.session.flush()
    login(world.users["member"])
    assert client.post(f"/meetings/{meeting.id}/apologies").status_code == 403


def test_members_interests_are_offered_as_reminders_with_unpublished_ones_kept_back(
    client, world, login, meeting
):
    member = world.users["member"].person
    for description, published in (("Trustee of Little Steps", True), ("Spouse at PCT", False)):
        add_interest(
            None,
            member,
            {
                "description": description,
                "kind": "personal",
                "starts_on": date(2026, 1, 1),
                "published": published,
            },
        )
    db.session.flush()
    login(world.users["parent"])
    page = text(client.get(f"/meetings/{meeting.id}/attendance"))
    assert "Interests to remind members of" in page
    assert "Trustee of Little Steps" in page and "Spouse at PCT" not in page
    client.post("/logout")
    login(world.users["secretary"])
    page = text(client.get(f"/meetings/{meeting.id}/attendance"))
    assert "Spouse at PCT" in page and "Unpublished" in page


@pytest.mark.parametrize("role", ["secretary", "parent"])
def test_register_page_runs_the_same_statements_at_two_data_sizes(
    client, world, login, meeting, make_seat, make_person, role
):
    from governance.attendance import operations as attendance

    login(world.users[role])

    def grow(n: int, offset: int) -> None:
        for i in range(n):
            seat = make_seat(world.board, title=f"Seat {offset + i}")
            member = make_person()
            board_ops.appoint(None, seat, member, date(2026, 1, 1), None)
            board_ops.appoint(None, make_seat(world.board), make_person(), date(2026, 1, 1), None)
            attendance.record_attendance(None, meeting, member, AttendanceStatus.APOLOGIES)
            attendance.record_attendance(
                None, meeting, make_person(), AttendanceStatus.DEPUTY, deputy_for=member
            )
            add_interest(
                None,
                member,
                {"description": f"Trustee {i}", "kind": "personal", "starts_on": date(2026, 1, 1)},
            )
        db.session.flush()

    def measure() -> int:
        with counting() as statements:
            assert client.get(f"/meetings/{meeting.id}/attendance").status_code == 200
        return len(statements)

    grow(1, 0)
    small = measure()
    grow(6, 1)
    assert measure() == small
