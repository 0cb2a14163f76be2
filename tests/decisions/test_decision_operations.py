"""Recording, superseding and confirming decisions, with a session and no client."""

from __future__ import annotations

import dataclasses
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa

from governance.attendance.models import Attendance, AttendanceStatus
from governance.audit.models import AuditEvent
from governance.boards import operations as board_ops
from governance.boards.models import Board
from governance.decisions import operations, rules
from governance.decisions.models import Decision, DecisionMethod, DecisionStatus, Relation, VoteCast
from governance.decisions.operations import DecisionDraft
from governance.errors import DomainError
from governance.extensions import db
from governance.interests.models import Declaration, DeclarationAction
from governance.meetings.models import AgendaItem, Meeting, MeetingStatus, Purpose
from tests.conftest import audit_count

#: Past, by the real clock: decisions are recorded only once their meeting has started.
STARTS = datetime(2026, 11, 12, 10, 0, tzinfo=UTC)
DURING = STARTS + timedelta(hours=1)
ON_TIME = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
#: Inside the five clear days before the meeting.
LATE = datetime(2026, 11, 10, 9, 0, tzinfo=UTC)
REASON = "The underspend pays for the outreach worker until March, so no new money is needed."


@dataclass
class Setting:
    board: Board
    meeting: Meeting
    item: AgendaItem
    information: AgendaItem
    secret: AgendaItem
    member: Any
    parent: Any
    secretary: Any


def meeting_on(board: Board, starts: datetime = STARTS) -> Meeting:
    meeting = Meeting(
        board=board,
        title="Board meeting",
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        status=MeetingStatus.NOTICE_ISSUED,
        uid=f"test-{uuid.uuid4()}",
    )
    AgendaItem(meeting=meeting, position=1, title="Budget 2027", purpose=Purpose.DECISION)
    AgendaItem(meeting=meeting, position=2, title="Outreach", purpose=Purpose.INFORMATION)
    AgendaItem(
        meeting=meeting, position=3, title="Tender", purpose=Purpose.DECISION, confidential=True
    )
    db.session.add(meeting)
    db.session.flush()
    return meeting


@pytest.fixture
def s(world) -> Setting:
    meeting = meeting_on(world.board)
    item, information, secret = meeting.items
    return Setting(
        world.board,
        meeting,
        item,
        information,
        secret,
        world.users["member"].person,
        world.users["parent"].person,
        world.users["secretary"],
    )


def attend(meeting: Meeting, person: Any, **overrides: Any) -> Attendance:
    row = Attendance(meeting=meeting, person_id=person.id, status=AttendanceStatus.PRESENT)
    for key, value in overrides.items():
        setattr(row, key, value)
    db.session.add(row)
    db.session.flush()
    return row


def both_present(s: Setting) -> None:
    attend(s.meeting, s.member)
    attend(s.meeting, s.parent)


def values(**overrides: Any) -> dict[str, Any]:
    v: dict[str, Any] = {
        "resolution": "Move the crèche underspend to the outreach budget.",
        "rationale": REASON,
        "alternatives": "Return the money to the council: the outreach post would end.",
        "method": DecisionMethod.CONSENSUS,
    }
    v.update(overrides)
    return v


def record(s: Setting, item: AgendaItem | None = None, **overrides: Any) -> Decision:
    moment = overrides.pop("moment", DURING)
    return operations.record_decision(
        s.secretary, item or s.item, DecisionDraft(**values(**overrides)), moment=moment
    )


def circulated(make_version: Any, item: AgendaItem, at: datetime | None, title: str = "Report"):
    version = make_version(item, title=title)
    version.circulated_at = at
    db.session.flush()
    return version


# Recording ---------------------------------------------------------------------------------


def test_a_decision_records_who_was_counted_at_its_moment(s):
    s.board.quorum_min_count = 2
    both_present(s)
    decision = record(s)
    assert decision.quorate and not decision.is_recommendation
    snap = decision.quorum_snapshot
    assert sorted(snap["counted_person_ids"]) == sorted([s.member.id, s.parent.id])
    assert snap["required"] == 2 and snap["filled_voting_seats"] == 2
    assert "names" not in str(snap) and s.member.full_name not in str(snap)
    assert decision.taken_at == DURING and decision.status is DecisionStatus.RECORDED
    assert decision.recorded_by_id == s.secretary.id and decision.published
    assert decision.rationale == REASON


def test_an_inquorate_board_is_refused_with_the_shortfall_named(s):
    s.board.quorum_min_count = 2
    s.board.inquorate_recommendations = False
    attend(s.meeting, s.member)
    with pytest.raises(DomainError) as refused:
        record(s, as_recommendation=True)
    assert "1 voting members present; 2 needed." in refused.value.message
    assert refused.value.field is None
    assert db.session.execute(sa.select(sa.func.count(Decision.id))).scalar_one() == 0


def test_an_inquorate_board_may_record_a_recommendation_when_its_rules_allow(s):
    s.board.quorum_min_count = 2
    attend(s.meeting, s.member)
    with pytest.raises(DomainError) as refused:
        record(s)
    assert refused.value.field == "as_recommendation"
    decision = record(s, as_recommendation=True)
    assert decision.is_recommendation and not decision.quorate
    assert decision.quorum_snapshot["shortfalls"] == ["1 voting members present; 2 needed."]


def test_a_member_who_withdrew_under_an_interest_is_not_counted(s):
    s.board.quorum_min_count = 2
    both_present(s)
    db.session.add(
        Declaration(
            item=s.item,
            person_id=s.parent.id,
            nature="Trustee of the charity bidding",
            action=DeclarationAction.WITHDREW,
        )
    )
    db.session.flush()
    with pytest.raises(DomainError, match="1 voting members present"):
        record(s)
    s.board.quorum_min_count = 1
    decision = record(s)
    assert decision.quorum_snapshot["counted_person_ids"] == [s.member.id]
    assert decision.quorum_snapshot["withdrawn_person_ids"] == [s.parent.id]
    (declared,) = decision.declarations_snapshot
    assert declared["person_id"] == s.parent.id and declared["action"] == "withdrew"
    assert declared["nature"] == "Trustee of the charity bidding"


def test_a_member_who_left_before_the_moment_is_not_counted(s):
    s.board.quorum_min_count = 2
    attend(s.meeting, s.member)
    attend(s.meeting, s.parent, departed_at=DURING - timedelta(minutes=5))
    with pytest.raises(DomainError, match="not quorate"):
        record(s)
    assert record(s, moment=DURING - timedelta(minutes=10)).quorate


def test_a_token_rationale_is_refused(s):
    both_present(s)
    with pytest.raises(DomainError) as refused:
        record(s, rationale="Agreed.")
    assert refused.value.field == "rationale"


def test_decision_items_need_alternatives_but_information_items_do_not(s):
    both_present(s)
    with pytest.raises(DomainError) as refused:
        record(s, alternatives="")
    assert refused.value.field == "alternatives"
    assert record(s, alternatives="", no_alternatives_reason="Only one lawful option.")
    assert record(s, item=s.information, alternatives="").alternatives == ""


def test_a_blank_resolution_is_refused(s):
    both_present(s)
    with pytest.raises(DomainError) as refused:
        record(s, resolution="   ")
    assert refused.value.field == "resolution"


def test_decisions_are_taken_only_at_called_or_held_meetings(s):
    both_present(s)
    s.meeting.status = MeetingStatus.DRAFT
    with pytest.raises(DomainError, match="draft"):
        record(s)
    s.meeting.status = MeetingStatus.HELD
    assert record(s).number


def test_no_decision_is_recorded_before_its_meeting_starts(s):
    """Issue 4: a called meeting that has not begun takes no decision; nothing is written."""
    ahead = meeting_on(s.board, datetime.now(UTC) + timedelta(minutes=5))
    attend(ahead, s.member)
    attend(ahead, s.parent)
    before = audit_count()
    with pytest.raises(DomainError, match="once the meeting has started"):
        operations.record_decision(None, ahead.items[0], DecisionDraft(**values()), moment=DURING)
    assert audit_count() == before
    mine = sa.select(Decision).where(Decision.board_id == s.board.id)
    assert not db.session.execute(mine).first()
    ahead.starts_at = datetime.now(UTC) - timedelta(minutes=1)
    ahead.ends_at = ahead.starts_at + timedelta(hours=2)
    assert operations.record_decision(None, ahead.items[0], DecisionDraft(**values())).number


def subgroup_meeting(world: Any, make_seat: Any, person: Any) -> Meeting:
    """A meeting of the finance sub-group, where `person` holds a voting seat."""
    seat = make_seat(world.subgroup, title="Finance member")
    board_ops.appoint(None, seat, person, date(2026, 1, 1), None)
    return meeting_on(world.subgroup)


def test_numbers_run_per_board_and_year(s, world, make_seat):
    both_present(s)
    assert [record(s).number, record(s).number] == ["PB/2026/001", "PB/2026/002"]
    sub = subgroup_meeting(world, make_seat, s.member)
    attend(sub, s.member)
    assert operations.record_decision(
        None, sub.items[0], DecisionDraft(**values()), moment=DURING
    ).number == ("FIN/2026/001")
    last_year = meeting_on(world.board, datetime(2025, 11, 13, 10, tzinfo=UTC))
    attend(last_year, s.member)
    earlier = operations.record_decision(
        None, last_year.items[0], DecisionDraft(**values()), moment=DURING
    )
    assert (earlier.number, earlier.year, earlier.sequence) == ("PB/2025/001", 2025, 1)
    assert record(s).number == "PB/2026/003"


def test_votes_are_checked_against_those_counted(s):
    both_present(s)
    with pytest.raises(DomainError, match="3 votes recorded but only 2"):
        record(s, method=DecisionMethod.VOTE, votes_for=2, votes_against=1, abstentions=0)
    with pytest.raises(DomainError) as refused:
        record(s, method=DecisionMethod.VOTE, votes_for=2)
    assert refused.value.field == "votes_for"
    d = record(s, method=DecisionMethod.VOTE, votes_for=1, votes_against=0, abstentions=1)
    assert (d.votes_for, d.votes_against, d.abstentions) == (1, 0, 1)


def test_named_votes_give_the_counts_and_only_counted_members_vote(s, world):
    both_present(s)
    observer = world.users["observer"].person
    attend(s.meeting, observer)
    named = DecisionMethod.NAMED_VOTE
    with pytest.raises(DomainError) as refused:
        record(s, method=named, named_votes=[(observer.id, VoteCast.FOR)])
    assert refused.value.field == "named_votes" and observer.full_name in refused.value.message
    with pytest.raises(DomainError, match="one vote"):
        record(s, method=named, named_votes=[(s.member.id, "for"), (s.member.id, "for")])
    with pytest.raises(DomainError, match="not carried") as refused:
        record(s, method=named, named_votes=[(s.member.id, "for"), (s.parent.id, "against")])
    assert refused.value.field == "named_votes"
    d = record(s, method=named, named_votes=[(s.member.id, "for"), (s.parent.id, "abstain")])
    assert (d.votes_for, d.votes_against, d.abstentions) == (1, 0, 1)
    assert {(v.person_id, v.vote) for v in d.votes} == {
        (s.member.id, VoteCast.FOR),
        (s.parent.id, VoteCast.ABSTAIN),
    }


def test_a_late_paper_relied_on_is_flagged(s, make_version):
    both_present(s)
    on_time = circulated(make_version, s.item, ON_TIME, "Budget report")
    late = circulated(make_version, s.item, LATE, "Revised figures")
    circulated(make_version, s.item, None, "Draft not sent")
    decision = record(s)
    assert [(p.version, p.late) for p in decision.papers] == [(on_time, False), (late, True)]
    assert decision.papers[1].circulated_at == LATE
    assert decision.relied_on_late_papers
    assert not record(s, relied_on=[on_time]).relied_on_late_papers
    assert record(s, relied_on=[]).papers == []


def test_only_circulated_papers_of_the_item_can_be_relied_on(s, make_version):
    both_present(s)
    draft = circulated(make_version, s.item, None)
    elsewhere = circulated(make_version, s.information, ON_TIME)
    for version in (draft, elsewhere):
        with pytest.raises(DomainError) as refused:
            record(s, relied_on=[version])
        assert refused.value.field == "relied_on"


def test_confidential_decisions_are_never_published(s):
    both_present(s)
    assert not record(s, item=s.secret).published


# Supersession ------------------------------------------------------------------------------


def test_a_correction_marks_the_earlier_decision_superseded_and_points_at_it(s):
    both_present(s)
    first = record(s)
    before = {c: getattr(first, c) for c in ("number", "resolution", "rationale", "quorate")}
    second = record(
        s, supersedes=first, relation=Relation.CORRECTION, resolution="Move £4,000, not £40,000."
    )
    assert second.supersedes_id == first.id and second.relation is Relation.CORRECTION
    assert first.status is DecisionStatus.SUPERSEDED and first.superseded_by_id == second.id
    assert {c: getattr(first, c) for c in before} == before
    with pytest.raises(DomainError, match="already been superseded") as refused:
        record(s, supersedes=first, relation=Relation.RESCISSION)
    assert refused.value.field == "supersedes"


def test_superseding_needs_a_relation_and_a_decision_of_the_same_board(s, world, make_seat):
    both_present(s)
    first = record(s)
    with pytest.raises(DomainError) as refused:
        record(s, supersedes=first)
    assert refused.value.field == "relation"
    with pytest.raises(DomainError) as refused:
        record(s, relation=Relation.VARIATION)
    assert refused.value.field == "supersedes"
    sub = subgroup_meeting(world, make_seat, s.member)
    attend(sub, s.member)
    with pytest.raises(DomainError, match="same board"):
        operations.record_decision(
            None,
            sub.items[0],
            DecisionDraft(**values(supersedes=first, relation=Relation.VARIATION)),
            moment=DURING,
        )


def test_an_inquorate_recommendation_cannot_rescind_a_decision(s):
    s.board.quorum_min_count = 2
    both_present(s)
    first = record(s)
    s.board.quorum_min_count = 3
    with pytest.raises(DomainError, match="inquorate meeting cannot"):
        record(s, supersedes=first, relation=Relation.RESCISSION, as_recommendation=True)
    assert first.status is DecisionStatus.RECORDED


# Confirmation and immutability --------------------------------------------------------------


def test_approving_the_minutes_confirms_the_recorded_decisions_once(s):
    both_present(s)
    first, second = record(s), record(s)
    third = record(s, supersedes=second, relation=Relation.VARIATION)
    at = datetime(2027, 2, 1, 11, tzinfo=UTC)
    confirmed = operations.confirm_decisions(s.meeting, at, s.secretary)
    assert confirmed == [first, third]
    assert first.status is DecisionStatus.CONFIRMED and first.confirmed_at == at
    assert second.status is DecisionStatus.SUPERSEDED and second.confirmed_at is None
    assert operations.confirm_decisions(s.meeting, at) == []
    events = db.session.execute(
        sa.select(AuditEvent).where(AuditEvent.action == "decision.confirm")
    ).scalars()
    assert {e.target_id for e in events} == {first.id, third.id}


def test_only_a_decision_awaiting_its_minutes_is_mutable(s):
    both_present(s)
    decision = record(s)
    rules.check_mutable(decision.number, decision.status)
    operations.confirm_decisions(s.meeting, DURING)
    with pytest.raises(DomainError, match="confirmed"):
        rules.check_mutable(decision.number, decision.status)
    later = record(s, supersedes=decision, relation=Relation.CORRECTION)
    with pytest.raises(DomainError, match="superseded"):
        rules.check_mutable(decision.number, decision.status)
    rules.check_mutable(later.number, later.status)


def test_a_confirmed_decision_refuses_a_changed_resolution_at_flush(s):
    both_present(s)
    decision = record(s)
    decision.resolution = "Approved the budget, amended before confirmation."
    db.session.flush()
    operations.confirm_decisions(s.meeting, DURING)
    db.session.flush()
    with pytest.raises(DomainError, match="confirmed"), db.session.begin_nested():
        decision.resolution = "Approved a different budget."
        db.session.flush()


def test_a_confirmed_decision_refuses_deletion_at_flush(s):
    both_present(s)
    decision = record(s)
    operations.confirm_decisions(s.meeting, DURING)
    db.session.flush()
    with pytest.raises(DomainError, match="confirmed"), db.session.begin_nested():
        db.session.delete(decision)
        db.session.flush()


def test_a_confirmed_decision_changes_only_by_being_superseded(s):
    both_present(s)
    decision = record(s)
    operations.confirm_decisions(s.meeting, DURING)
    later = record(s, supersedes=decision, relation=Relation.CORRECTION)
    db.session.flush()
    assert decision.status is DecisionStatus.SUPERSEDED
    assert decision.superseded_by_id == later.id
    with pytest.raises(DomainError, match="superseded"), db.session.begin_nested():
        decision.status = DecisionStatus.CONFIRMED
        db.session.flush()


def test_being_superseded_carries_no_other_change_with_it(s):
    both_present(s)
    decision = record(s)
    operations.confirm_decisions(s.meeting, DURING)
    db.session.flush()
    with pytest.raises(DomainError, match="confirmed"), db.session.begin_nested():
        decision.status = DecisionStatus.SUPERSEDED
        decision.dissent = "Added after the minutes were approved."
        db.session.flush()


def test_a_bulk_update_cannot_reach_round_the_guard(s):
    both_present(s)
    record(s)
    with pytest.raises(DomainError, match="one at a time"):
        db.session.execute(sa.update(Decision).values(resolution="Changed in bulk."))


# Audit -------------------------------------------------------------------------------------


def test_recording_writes_its_audit_event_and_supersession_its_own(s):
    both_present(s)
    before = audit_count()
    first = record(s)
    assert audit_count() == before + 1
    event = db.session.execute(
        sa.select(AuditEvent).order_by(AuditEvent.seq.desc()).limit(1)
    ).scalar_one()
    assert (event.action, event.target_type, event.target_id) == (
        "decision.record",
        "decision",
        first.id,
    )
    assert event.actor_id == s.secretary.id
    assert event.changes == {
        "number": [None, "PB/2026/001"],
        "quorate": [None, True],
        "is_recommendation": [None, False],
        "supersedes": [None, None],
    }
    record(s, supersedes=first, relation=Relation.RESCISSION)
    actions = db.session.execute(
        sa.select(AuditEvent.action, AuditEvent.target_id).order_by(AuditEvent.seq.desc()).limit(2)
    ).all()
    assert ("decision.supersede", first.id) in actions
    assert audit_count() == before + 3


def test_a_refused_decision_writes_no_audit_event(s):
    before = audit_count()
    with pytest.raises(DomainError):
        record(s, rationale="ok")
    assert audit_count() == before


def test_a_decision_draft_is_a_frozen_value_that_refuses_unknown_fields():
    draft = DecisionDraft(resolution="Agree the budget.", rationale=REASON)
    with pytest.raises(dataclasses.FrozenInstanceError):
        draft.resolution = "Something else."  # type: ignore[misc]
    with pytest.raises(TypeError, match="rationle"):
        DecisionDraft(resolution="Agree the budget.", rationle=REASON)  # type: ignore[call-arg]


def _raw(statement: str, **params: Any) -> None:
    """SQL sent past the ORM, as a script or another client would."""
    with db.session.begin_nested():
        db.session.connection().execute(sa.text(statement), params)


def test_the_database_refuses_a_raw_change_to_a_confirmed_decision(s):
    both_present(s)
    decision = record(s)
    _raw("UPDATE decision SET dissent = 'Still recorded.' WHERE id = :id", id=decision.id)
    operations.confirm_decisions(s.meeting, DURING)
    db.session.flush()
    with pytest.raises(sa.exc.DBAPIError, match="never changes"):
        _raw("UPDATE decision SET resolution = 'Changed.' WHERE id = :id", id=decision.id)
    with pytest.raises(sa.exc.DBAPIError, match="never changes"):
        _raw("DELETE FROM decision WHERE id = :id", id=decision.id)


def test_the_database_lets_a_confirmed_decision_be_superseded_and_nothing_more(s):
    both_present(s)
    decision = record(s)
    operations.confirm_decisions(s.meeting, DURING)
    later = record(s, supersedes=decision, relation=Relation.CORRECTION)
    db.session.flush()
    assert decision.superseded_by_id == later.id
    with pytest.raises(sa.exc.DBAPIError, match="never changes"):
        _raw("UPDATE decision SET status = 'confirmed' WHERE id = :id", id=decision.id)
