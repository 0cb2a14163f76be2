"""Board operations with a session: they check rules, change rows, and audit, or change nothing."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from governance.audit.models import AuditEvent
from governance.boards import operations
from governance.boards.models import (
    AgencyType,
    Appointment,
    OfficerRole,
    SeatCategory,
    Sector,
)
from governance.errors import DomainError
from governance.extensions import db
from tests.conftest import BOARD_DEFAULTS, audit_count

ON = date(2026, 11, 23)


def last_event() -> AuditEvent:
    return db.session.execute(
        sa.select(AuditEvent).order_by(AuditEvent.seq.desc()).limit(1)
    ).scalar_one()


def test_updating_a_board_audits_only_the_fields_that_changed(make_board):
    board = make_board(name="Old name", notice_clear_days=5)
    values = {**BOARD_DEFAULTS, "name": "New name", "code": board.code, "notice_clear_days": 7}
    operations.save_board(None, board, values)
    event = last_event()
    assert event.action == "board.update"
    assert event.changes == {"name": ["Old name", "New name"], "notice_clear_days": [5, 7]}


def test_saving_a_board_unchanged_writes_no_event(make_board):
    board = make_board()
    before = audit_count()
    values = {
        k: getattr(board, k)
        for k in (
            "name",
            "code",
            "description",
            "timezone",
            "notice_clear_days",
            "is_public",
            "accountable_body_id",
            "lead_agency_id",
            "required_agency_types",
            "min_parent_seats",
            "min_voluntary_community_seats",
            "max_size",
        )
    }
    operations.save_board(None, board, values)
    assert audit_count() == before


def test_duplicate_board_code_is_refused_on_the_code_field(make_board):
    make_board(code="PB")
    with pytest.raises(DomainError) as caught:
        make_board(code="pb")
    assert caught.value.field == "code"


def test_sub_group_records_its_parent(make_board):
    parent = make_board()
    child = make_board(parent=parent)
    db.session.flush()
    db.session.refresh(parent)
    assert child.parent_id == parent.id
    assert parent.subgroups == [child]


def test_statutory_seat_for_a_voluntary_organisation_is_refused_and_nothing_is_saved(
    make_board, make_organisation, make_seat
):
    board = make_board()
    charity = make_organisation(sector=Sector.VOLUNTARY)
    before = audit_count()
    with pytest.raises(DomainError):
        make_seat(board, category=SeatCategory.STATUTORY, organisation=charity)
    assert audit_count() == before
    db.session.refresh(board)
    assert board.seats == []


def test_appointing_records_history_and_ending_keeps_it(make_board, make_seat, make_person):
    board = make_board()
    seat = make_seat(board, category=SeatCategory.PARENT)
    first, second = make_person(), make_person()
    a1 = operations.appoint(None, seat, first, ON - timedelta(days=300), None)
    operations.end_appointment(None, a1, ON - timedelta(days=10), "Resigned: moved away")
    assert last_event().changes["end_reason"] == [None, "Resigned: moved away"]
    a2 = operations.appoint(None, seat, second, ON - timedelta(days=9), ON + timedelta(days=700))
    db.session.flush()
    db.session.expire_all()
    history = (
        db.session.execute(
            sa.select(Appointment)
            .where(Appointment.seat_id == seat.id)
            .order_by(Appointment.starts_on)
        )
        .scalars()
        .all()
    )
    assert [a.id for a in history] == [a1.id, a2.id]
    assert seat.holder_on(ON).person_id == second.id


def test_overlapping_appointment_is_refused(make_board, make_seat, make_person):
    seat = make_seat(make_board())
    operations.appoint(None, seat, make_person(), ON - timedelta(days=30), None)
    with pytest.raises(DomainError, match="already held"):
        operations.appoint(None, seat, make_person(), ON, None)


def test_extending_a_term_is_audited(make_board, make_seat, make_person):
    seat = make_seat(make_board())
    a = operations.appoint(None, seat, make_person(), ON, ON + timedelta(days=30))
    operations.change_term(None, a, ON, ON + timedelta(days=400))
    assert last_event().action == "appointment.update"
    assert a.ends_on == ON + timedelta(days=400)


def test_seat_cannot_be_abolished_while_held(make_board, make_seat, make_person):
    board = make_board()
    seat = make_seat(board)
    operations.appoint(None, seat, make_person(), ON - timedelta(days=5), None)
    values = {
        "title": seat.title,
        "category": seat.category,
        "voting": True,
        "organisation": None,
        "position": 0,
        "abolished_on": ON,
    }
    with pytest.raises(DomainError) as caught:
        operations.save_seat(None, board, seat, values)
    assert caught.value.field == "abolished_on"


def test_person_email_must_be_unique_ignoring_case(make_person):
    make_person(email="jo@example.org")
    with pytest.raises(DomainError) as caught:
        make_person(email="JO@example.org ")
    assert caught.value.field == "email"


def test_statutory_organisation_without_agency_type_is_refused(make_organisation):
    with pytest.raises(DomainError):
        make_organisation(sector=Sector.STATUTORY, agency_type=None)
    org = make_organisation(sector=Sector.STATUTORY, agency_type=AgencyType.POLICE)
    assert org.agency_type is AgencyType.POLICE


def test_officer_roles_are_assigned_once(make_board, make_person):
    board, person = make_board(), make_person()
    operations.assign_officer(None, board, person, OfficerRole.SECRETARY)
    with pytest.raises(DomainError, match="already secretary"):
        operations.assign_officer(None, board, person, OfficerRole.SECRETARY)
    operations.assign_officer(None, board, person, OfficerRole.CHAIR)
    assert {o.role for o in person.offices} == {OfficerRole.SECRETARY, OfficerRole.CHAIR}
