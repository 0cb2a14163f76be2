"""The demo board: built through the operations, showing the situations the demo is for."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from governance.audit.models import AuditEvent
from governance.audit.rules import verify_chain
from governance.auth.models import User
from governance.auth.passwords import verify_password
from governance.boards.models import Appointment, Board, Seat
from governance.boards.rules import composition_breaches
from governance.demo import DEMO_PASSWORD, seed_demo
from governance.errors import DomainError
from governance.extensions import db

TODAY = date(2026, 11, 23)
LOGIN_EMAILS = {
    "admin@demo.test",
    "secretary@demo.test",
    "chair@demo.test",
    "parent@demo.test",
    "auditor@demo.test",
}


def demo_board() -> Board:
    return db.session.execute(sa.select(Board).where(Board.code == "PB")).scalar_one()


def demo_users() -> dict[str, User]:
    users = db.session.execute(sa.select(User).where(User.email.in_(LOGIN_EMAILS))).scalars()
    return {user.email: user for user in users}


def test_demo_builds_the_partnership_board_with_sub_groups() -> None:
    counts = seed_demo(TODAY)

    board = demo_board()
    assert board.is_public
    assert board.parent_id is None
    assert {s.code for s in board.subgroups} == {"CCDG", "COMMS", "FIN"}
    assert all(not s.is_public for s in board.subgroups)
    assert len(board.seats) >= 18
    assert counts["boards"] == 4
    assert (
        counts["seats"]
        == db.session.execute(sa.select(sa.func.count()).select_from(Seat)).scalar_one()
    )

    users = demo_users()
    assert set(users) == LOGIN_EMAILS
    assert users["admin@demo.test"].is_admin
    assert users["auditor@demo.test"].is_auditor
    assert not users["auditor@demo.test"].is_admin
    for email in LOGIN_EMAILS - {"admin@demo.test", "auditor@demo.test"}:
        assert not users[email].is_admin and not users[email].is_auditor
    # The logins belong to the people the demo describes: the secretary and the chair hold office.
    roles = {(o.person.user.email, o.role.value) for o in board.officers if o.person.user}
    assert roles == {("secretary@demo.test", "secretary"), ("chair@demo.test", "chair")}


def test_demo_board_shows_expected_breaches() -> None:
    seed_demo(TODAY)
    board = demo_board()

    kinds = {breach.kind for breach in composition_breaches(board, board.seats, TODAY)}

    assert {"vacant_seat", "parent_minimum", "term_ending"} <= kinds
    assert "missing_agency" not in kinds
    assert "too_big" not in kinds


def test_demo_keeps_appointment_history() -> None:
    seed_demo(TODAY)

    ended = (
        db.session.execute(sa.select(Appointment).where(Appointment.end_reason.is_not(None)))
        .scalars()
        .all()
    )

    assert ended
    assert all(a.ends_on is not None and a.ends_on < TODAY for a in ended)
    # The newly appointed parent now holds a seat whose previous holder resigned.
    parent = demo_users()["parent@demo.test"].person
    assert any(a.seat_id == ended[0].seat_id for a in parent.appointments)


def test_demo_writes_a_verifiable_audit_chain() -> None:
    seed_demo(TODAY)

    count, broken = verify_chain(
        db.session.execute(sa.select(AuditEvent).order_by(AuditEvent.seq)).scalars()
    )

    assert broken is None
    assert count > 50
    actions = set(db.session.execute(sa.select(AuditEvent.action)).scalars())
    assert {"board.create", "seat.create", "appointment.end", "user.create"} <= actions


def test_demo_refuses_to_load_twice() -> None:
    seed_demo(TODAY)

    with pytest.raises(DomainError, match="already loaded"):
        seed_demo(TODAY)


def test_demo_passwords_are_hashed() -> None:
    seed_demo(TODAY)

    users = demo_users()
    assert len(users) == 5
    for user in users.values():
        assert DEMO_PASSWORD not in user.password_hash
        assert verify_password(user.password_hash, DEMO_PASSWORD)
        assert not verify_password(user.password_hash, DEMO_PASSWORD + "x")


def test_demo_has_a_year_of_meetings_with_late_and_tabled_papers() -> None:
    from governance.meetings import queries, rules
    from governance.meetings.models import Meeting, MeetingStatus

    seed_demo(TODAY)
    board = db.session.execute(sa.select(Board).where(Board.code == "PB")).scalar_one()
    meetings = (
        db.session.execute(
            sa.select(Meeting).where(Meeting.board_id == board.id).order_by(Meeting.starts_at)
        )
        .scalars()
        .all()
    )
    statuses = [m.status for m in meetings]
    held = (MeetingStatus.HELD, MeetingStatus.MINUTES_APPROVED)
    assert sum(1 for s in statuses if s in held) >= 5
    assert MeetingStatus.NOTICE_ISSUED in statuses and MeetingStatus.DRAFT in statuses
    figures = rules.compliance(queries.circulations(board))
    assert figures.papers > 30
    assert 0 < figures.late < figures.papers / 4
    assert figures.tabled == 1
    assert "Northbank Metropolitan Borough Council" in figures.late_by_author
