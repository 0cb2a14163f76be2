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
from governance.demo.seed import DEMO_PASSWORD, seed_demo
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
    assert {s.code for s in board.subgroups} == {"CCDG", "COMMS", "FIN", "PF"}
    assert all(not s.is_public for s in board.subgroups)
    assert len(board.seats) >= 18
    assert counts["boards"] == 5
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
    from governance.meetings import rules
    from governance.meetings.models import Meeting, MeetingStatus
    from governance.papers import queries

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


def test_demo_has_replies_to_the_next_meeting_with_support_to_arrange() -> None:
    from governance.attendance.models import AttendanceStatus
    from governance.boards.models import SeatCategory
    from governance.meetings.models import Meeting, MeetingStatus
    from governance.replies.models import NeedKind, NeedStatus, ReplyChoice, TravelMode
    from governance.replies.queries import summary

    seed_demo(TODAY)
    meeting = db.session.execute(
        sa.select(Meeting).where(
            Meeting.board_id == demo_board().id, Meeting.status == MeetingStatus.NOTICE_ISSUED
        )
    ).scalar_one()
    replies = summary(meeting)
    counts = replies.counts
    assert counts["attending"] + counts["apologies"] > counts["members"] * 2 / 3
    assert 2 <= counts["no_reply"] <= 4
    # The parent behind the demo login is coming, with two children for the crèche and a bus fare.
    parent = demo_users()["parent@demo.test"].person
    [mine] = [line for line in replies.lines if line.person == parent]
    assert mine.reply is not None and mine.reply.choice is ReplyChoice.ATTENDING
    needs = {n.kind: n for n in mine.reply.needs}
    assert needs[NeedKind.CHILDCARE].children == 2
    assert len(needs[NeedKind.CHILDCARE].children_ages) == 2
    assert needs[NeedKind.TRAVEL].travel_mode is TravelMode.BUS
    assert all(n.status is NeedStatus.TO_ARRANGE for n in needs.values())
    # A statutory member sends apologies and names a deputy from the same agency.
    [deputised] = [line for line in replies.apologies if line.reply and line.reply.deputy]
    assert deputised.seat.category is SeatCategory.STATUTORY
    assert deputised.reply.deputy.organisation_id == deputised.seat.organisation_id
    assert deputised.register is not None
    assert deputised.register.status is AttendanceStatus.APOLOGIES
    # The secretary has one arrangement made already, and more to make.
    statuses = [need.status for _line, need in replies.support]
    assert NeedStatus.ARRANGED in statuses and statuses.count(NeedStatus.TO_ARRANGE) >= 3


def test_demo_has_a_new_parent_half_way_through_induction_with_a_buddy() -> None:
    from governance.glossary.operations import all_terms
    from governance.induction import queries

    seed_demo(TODAY)
    board = demo_board()
    views, _departed = queries.overview(board)
    by_name = {v.record.person.full_name: v for v in views}
    new = by_name["Chloe Bennett"]
    assert new.record.person.user.email == "parent@demo.test"
    assert new.record.buddy is not None and new.record.buddy.full_name == "Joanne Price"
    assert 0 < new.progress.done < new.progress.total
    # One of them is hers to agree to herself, which the parent's browser journey does.
    assert {i.title for i in new.progress.overdue} == {
        "Confidentiality agreement",
        "Terms of reference read",
    }
    assert 0 < new.materials_read < len(new.materials)
    # The longer-serving parents finished theirs; nobody else is behind.
    assert by_name["Kelly Marshall"].progress.complete
    assert [v.record.person.full_name for v in views if v.progress.behind] == ["Chloe Bennett"]
    assert len(all_terms()) >= 25


def test_demo_sub_groups_have_approved_terms_and_show_what_a_board_must_act_on() -> None:
    from datetime import UTC, datetime

    from governance.decisions.models import Decision
    from governance.meetings.models import MeetingStatus
    from governance.subgroups import queries
    from governance.subgroups.models import AuthorityCheck, TermsStatus
    from governance.subgroups.rules import ReportingState, ReviewState

    seed_demo(TODAY)
    board = demo_board()
    rows = {
        r.board.code: r
        for r in queries.subgroup_rows(
            board, board.subgroups, datetime(2026, 11, 23, 12, tzinfo=UTC), True
        )
    }
    # Every sub-group has terms approved by a quorate decision of the main board.
    for row in rows.values():
        assert row.approved is not None and row.chair is not None and row.next_meeting
        decision = row.approved.approved_by
        assert decision is not None and decision.board_id == board.id and decision.quorate
        assert not decision.is_recommendation
    assert rows["CCDG"].review is ReviewState.PAST
    assert rows["FIN"].reporting.state is ReportingState.OVERDUE
    assert [r.board.code for r in rows.values() if r.reporting.state is ReportingState.OVERDUE] == [
        "FIN"
    ]
    assert rows["PF"].approved is not None and rows["PF"].approved.authorities == []
    # The Finance Sub-group's terms have a history: version 1 superseded by version 2.
    assert [t.status for t in queries.versions(rows["FIN"].board.id)] == [
        TermsStatus.APPROVED,
        TermsStatus.SUPERSEDED,
    ]
    # One decision within its authority; one over its limit, waiting on the board's next agenda.
    checks = db.session.execute(sa.select(AuthorityCheck)).scalars().all()
    assert sorted(c.within_authority for c in checks) == [False, True]
    (waiting,) = [c for c in checks if not c.within_authority]
    assert waiting.decision.is_recommendation and waiting.decision.quorate
    assert waiting.referred_item is not None
    assert waiting.referred_item.meeting.board_id == board.id
    assert waiting.referred_item.meeting.status is MeetingStatus.NOTICE_ISSUED
    assert waiting.decision.number.startswith("FIN/")
    assert db.session.get(Decision, waiting.decision_id) is not None


def test_demo_shows_consent_granted_in_the_app_on_the_chairs_word_and_one_waiting() -> None:
    from governance.papers.models import ConsentRequest, ConsentStatus, ConsentVia
    from governance.papers.queries import consent_requests_for_chair

    seed_demo(TODAY)
    requests = db.session.execute(sa.select(ConsentRequest)).scalars().all()
    vias = {r.answered_via for r in requests if r.status is ConsentStatus.GRANTED}
    assert {ConsentVia.APP, ConsentVia.SECRETARY} <= vias
    chair = demo_users()["chair@demo.test"].person
    [waiting] = consent_requests_for_chair(chair.id, pending_only=True)
    assert waiting.versions and all(v.circulated_at is None for v in waiting.versions)
