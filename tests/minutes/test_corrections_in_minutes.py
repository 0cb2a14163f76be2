"""The minutes say, under attendance, that the register was corrected after decisions were
recorded: who, what changed, when, why, and that the decisions keep what they counted, without
naming a confidential decision to readers who may not see it."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from governance.attendance.models import AttendanceCorrection
from governance.extensions import db
from governance.minutes import operations as ops
from governance.minutes.rules import render_text
from tests.minutes.test_minutes import Record, build_record
from tests.pages.test_attendance_corrections import w  # noqa: F401  (the fixture)

REASON = "She sent apologies by phone; the register showed her present in error."
AT = datetime(2026, 11, 12, 9, 30, tzinfo=UTC)  # GMT: 09:30 in London too


def plain(value: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", value))


@pytest.fixture
def record(world, make_meeting, make_version, make_person) -> Record:
    record = build_record(world, make_meeting, make_version, make_person)
    parent = world.users["parent"].person
    budget, tender = record.decisions[0], record.decisions[1]
    db.session.add(
        AttendanceCorrection(
            meeting_id=record.meeting.id,
            reason=REASON,
            changes=[
                {
                    "person_id": parent.id,
                    "before": {
                        "status": "present",
                        "arrived_at": "2026-11-10T10:20:00+00:00",
                        "departed_at": None,
                    },
                    "after": {"status": "apologies", "arrived_at": None, "departed_at": None},
                }
            ],
            decisions=[
                {"decision_id": d.id, "number": d.number, "counted_before": [parent.id]}
                for d in (budget, tender)
            ],
            corrected_by_id=world.users["secretary"].id,
            corrected_at=AT,
        )
    )
    db.session.flush()
    return record


def test_the_full_minutes_state_the_correction_in_plain_words(world, record):
    text = plain(render_text(ops.assemble(record.meeting)))
    secretary = world.users["secretary"].person.full_name
    parent = world.users["parent"].person.full_name
    assert "The attendance register was corrected after decisions were recorded" in text
    assert f"12 November 2026, 09:30, by {secretary}" in text
    assert f"{parent}: from Present (arrived 10:20) to Apologies" in text
    assert f"Reason: {REASON}" in text
    budget, tender = record.decisions[0], record.decisions[1]
    assert f"Decisions {budget.number} and {tender.number} keep what they counted" in text


def test_the_public_minutes_state_it_without_naming_the_confidential_decision(world, record):
    text = plain(render_text(ops.assemble(record.meeting, public=True)))
    budget, tender = record.decisions[0], record.decisions[1]
    assert f"Reason: {REASON}" in text
    assert budget.number in text and tender.number not in text
    assert "and 1 decision on a confidential item keep what they counted" in text


def test_the_minutes_page_shows_the_correction_to_a_reader_of_the_public_version(
    client, login, world, record
):
    minutes = ops.minutes_for(record.meeting)
    ops.circulate_minutes(None, minutes)
    db.session.flush()
    login(world.users["observer"])
    page = plain(client.get(f"/meetings/{record.meeting.id}/minutes").get_data(as_text=True))
    assert "The attendance register was corrected after decisions were recorded" in page
    assert REASON in page and "keep what they counted" in page
    assert record.decisions[1].number not in page
    client.post("/logout")
    login(world.users["member"])
    page = plain(client.get(f"/meetings/{record.meeting.id}/minutes").get_data(as_text=True))
    assert f"and {record.decisions[1].number} keep what they counted" in page


def test_minutes_without_corrections_say_nothing_of_them(
    world, make_meeting, make_version, make_person
):
    record = build_record(world, make_meeting, make_version, make_person)
    assert "corrected" not in render_text(ops.assemble(record.meeting))


def test_a_correction_saved_after_circulation_reaches_members_as_a_change_to_the_minutes(
    client,
    login,
    w,  # noqa: F811  (the fixture imported above)
):
    from governance.mail.models import OutboxMessage
    from governance.meetings import operations as meeting_ops

    meeting_ops.mark_held(None, w.meeting)
    minutes = ops.minutes_for(w.meeting)
    ops.circulate_minutes(None, minutes)
    db.session.flush()
    login(w.users["secretary"])
    reason = "She sent apologies by phone; marked present in error."
    data = {
        f"status_{w.users['member'].person.id}": "present",
        f"status_{w.users['parent'].person.id}": "apologies",
        "correction_reason": reason,
    }
    response = client.post(f"/meetings/{w.meeting.id}/attendance", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)
    db.session.expire_all()
    assert minutes.is_changed_draft
    told = list(
        db.session.execute(
            sa.select(OutboxMessage.body).where(OutboxMessage.kind == "minutes.changed")
        ).scalars()
    )
    assert told and all("Corrections to the register" in body for body in told)
    assert all(reason in body for body in told)
