"""Minutes with a session: assembled from the record, noted, circulated, approved and locked."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa

from governance.actions.models import ActionStatus
from governance.actions.operations import create_action, update_action
from governance.attendance.models import Attendance, AttendanceStatus
from governance.decisions.models import Decision, DecisionMethod, DecisionStatus
from governance.decisions.operations import DecisionDraft, record_decision
from governance.errors import DomainError
from governance.extensions import db
from governance.interests.models import Declaration, DeclarationAction
from governance.mail.models import OutboxMessage
from governance.meetings import operations as meeting_ops
from governance.meetings.models import MeetingStatus, Purpose
from governance.minutes import operations as ops
from governance.minutes.models import Minutes, MinutesStatus
from governance.minutes.rules import LOCKED, fingerprint, render_text
from tests.conftest import audit_count

HELD_AT = datetime(2026, 11, 10, 10, 0, tzinfo=UTC)  # Tuesday 10 November 2026, 10:00 GMT
#: Past too, by the real clock: the approving decision needs its meeting to have started.
NEXT_AT = datetime(2026, 11, 19, 10, 0, tzinfo=UTC)


@dataclass
class Record:
    """A held meeting with a full record, and the meetings either side of it."""

    meeting: Any
    budget: Any
    tender: Any
    aob: Any
    decisions: list[Decision]
    later: Any
    earlier: Any
    earlier_decision: Decision
    action: Any


def make_decision(item: Any, sequence: int, **overrides: Any) -> Decision:
    """A decision row with every required column, as record_decision would leave it."""
    values: dict[str, Any] = {
        "board_id": item.meeting.board_id,
        "item": item,
        "number": f"{item.meeting.board.code}/2026/{sequence:03d}",
        "year": 2026,
        "sequence": sequence,
        "resolution": f"Resolution {sequence}.",
        "rationale": "Because the paper showed the need and the money is there.",
        "alternatives": "Doing nothing: the need would go unmet.",
        "method": DecisionMethod.VOTE,
        "votes_for": 4,
        "votes_against": 1,
        "abstentions": 0,
        "quorum_snapshot": {"counted": 5, "required": 3, "shortfalls": []},
        "quorate": True,
        "taken_at": item.meeting.starts_at + timedelta(minutes=30),
        "published": not item.confidential,
    }
    values.update(overrides)
    decision = Decision(**values)
    db.session.add(decision)
    db.session.flush()
    return decision


def attend(meeting: Any, person: Any, status: AttendanceStatus, **values: Any) -> Attendance:
    row = Attendance(meeting=meeting, person=person, status=status, **values)
    db.session.add(row)
    return row


def build_record(world: Any, make_meeting: Any, make_version: Any, make_person: Any) -> Record:
    """The meeting of 10 November: attendance, a declaration, a late paper, three decisions
    (one confidential, one inquorate), notes to come, and an action."""
    users = world.users
    meeting = make_meeting(
        world.board,
        starts_at=HELD_AT,
        items=("Budget", "Tender", "Any other business"),
        notice=True,
    )
    budget, tender, aob = meeting.items
    budget.purpose = tender.purpose = Purpose.DECISION
    tender.confidential = True
    meeting_ops.mark_held(None, meeting)

    attend(meeting, users["member"].person, AttendanceStatus.PRESENT, seat=world.statutory_seat)
    attend(
        meeting,
        users["parent"].person,
        AttendanceStatus.PRESENT,
        seat=world.parent_seat,
        arrived_at=HELD_AT + timedelta(minutes=20),
    )
    attend(meeting, users["observer"].person, AttendanceStatus.APOLOGIES, note="Unwell")
    attend(
        meeting,
        make_person(full_name="Dana Deputy"),
        AttendanceStatus.DEPUTY,
        seat=world.observer_seat,
        deputy_for=users["observer"].person,
    )
    attend(meeting, world.plain_person, AttendanceStatus.ABSENT)
    attend(
        meeting,
        make_person(full_name="Fran Finance"),
        AttendanceStatus.IN_ATTENDANCE,
        note="Finance officer",
    )
    db.session.add(
        Declaration(
            item=budget,
            person=users["member"].person,
            nature="Employed by Northbank PCT, which would receive the money",
            action=DeclarationAction.WITHDREW,
        )
    )
    version = make_version(budget, title="Budget report")
    version.circulated_at = HELD_AT - timedelta(days=2)
    version.late_reason = "The PCT's figures arrived after the deadline."
    version.consent_by = users["chair"].person

    decisions = [
        make_decision(budget, 1, resolution="Move the crèche underspend to outreach."),
        make_decision(tender, 2, resolution="Award the outreach contract to Little Steps."),
        make_decision(
            aob,
            3,
            resolution="Hold a summer fun day.",
            method=DecisionMethod.CONSENSUS,
            votes_for=None,
            votes_against=None,
            abstentions=None,
            quorate=False,
            is_recommendation=True,
            quorum_snapshot={
                "counted": 2,
                "required": 3,
                "shortfalls": ["2 voting members present; 3 needed."],
            },
        ),
    ]
    action = create_action(
        None,
        world.board,
        "Tell outreach workers about the budget",
        users["member"].person,
        date(2026, 12, 31),
        item=budget,
    )
    later = make_meeting(world.board, starts_at=NEXT_AT, items=("Minutes",), notice=True)
    earlier = make_meeting(
        world.board, starts_at=HELD_AT - timedelta(days=60), items=("Old business",), notice=True
    )
    earlier_decision = make_decision(earlier.items[0], 9, resolution="Something long ago.")
    db.session.flush()
    return Record(meeting, budget, tender, aob, decisions, later, earlier, earlier_decision, action)


@pytest.fixture
def record(world, make_meeting, make_version, make_person) -> Record:
    return build_record(world, make_meeting, make_version, make_person)


def approving_decision(world: Any, record: Record) -> Decision:
    """The later meeting's decision approving the minutes, recorded the ordinary way."""
    later_item = record.later.items[0]
    attend(
        record.later,
        world.users["member"].person,
        AttendanceStatus.PRESENT,
        seat=world.statutory_seat,
    )
    return record_decision(
        None,
        later_item,
        DecisionDraft(
            resolution="Approve the minutes of the meeting of 10 November 2026.",
            rationale="Members read the circulated draft and found it a true record.",
            no_alternatives_reason="Minutes are either approved or corrected.",
        ),
        moment=NEXT_AT + timedelta(minutes=5),
    )


def circulated(record: Record) -> Minutes:
    minutes = ops.minutes_for(record.meeting)
    ops.circulate_minutes(None, minutes)
    return minutes


# Assembly ------------------------------------------------------------------------------------


def test_minutes_list_who_was_present_sent_apologies_deputised_attended_or_was_absent(
    world, record
):
    doc = ops.assemble(record.meeting)
    assert [(p.name, p.detail) for p in doc.present] == [
        ("Member", "PCT"),
        ("Parent", "Parent rep, arrived 10:20"),
    ]
    assert [(p.name, p.detail) for p in doc.apologies] == [("Observer", "Unwell")]
    assert [(p.name, p.detail) for p in doc.deputies] == [
        ("Dana Deputy", "deputy for Observer, Observer")
    ]
    assert [(p.name, p.detail) for p in doc.in_attendance] == [("Fran Finance", "Finance officer")]
    assert [p.name for p in doc.absent] == [world.plain_person.full_name]


def test_each_item_carries_declarations_late_papers_notes_decisions_and_actions(record):
    ops.save_notes(None, ops.minutes_for(record.meeting), {record.budget.id: "Long discussion."})
    budget = ops.assemble(record.meeting).items[0]
    assert budget.title == "Budget" and budget.notes == "Long discussion."
    (declaration,) = budget.declarations
    assert declaration.person == "Member" and declaration.action == "Withdrew from the item"
    (late,) = budget.late_papers
    assert late.reason == "The PCT's figures arrived after the deadline."
    assert late.consent_by == "Chair" and late.circulated == "8 November 2026, 10:00"
    (decision,) = budget.decisions
    assert decision.number == "PB/2026/001"
    assert decision.resolution == "Move the crèche underspend to outreach."
    assert decision.alternatives == "Doing nothing: the need would go unmet."
    assert decision.method == "By vote: 4 for, 1 against, 0 abstaining."
    assert decision.quorum.startswith("Quorate") and not decision.recommendation
    assert [(a.title, a.owner, a.due) for a in budget.actions] == [
        ("Tell outreach workers about the budget", "Member", "31 December 2026")
    ]


def test_an_inquorate_item_is_said_plainly_to_be_a_recommendation(record):
    aob = ops.assemble(record.meeting).items[2]
    (decision,) = aob.decisions
    assert aob.inquorate and decision.recommendation
    assert "NOT QUORATE" in decision.quorum and "2 voting members present; 3 needed." in (
        decision.quorum
    )
    assert "recommendation only" in decision.quorum
    assert "Recommendation PB/2026/003" in render_text(ops.assemble(record.meeting))


def test_public_version_leaves_out_confidential_items_entirely(record):
    full, public = ops.assemble(record.meeting), ops.assemble(record.meeting, public=True)
    assert [s.title for s in full.items] == ["Budget", "Tender", "Any other business"]
    assert [s.title for s in public.items] == ["Budget", "Any other business"]
    assert public.left_out == 1
    text = render_text(public)
    assert "Tender" not in text and "Little Steps" not in text and "PB/2026/002" not in text
    # Numbers stay those of the agenda, so the public and full minutes agree.
    assert [s.number for s in public.items] == [1, 3]


def test_canonical_text_and_its_hash_are_stable_and_follow_the_record(record):
    first = render_text(ops.assemble(record.meeting))
    assert render_text(ops.assemble(record.meeting)) == first
    assert ops.current_fingerprint(record.meeting) == fingerprint(first)
    ops.save_notes(None, ops.minutes_for(record.meeting), {record.aob.id: "Fun day in July."})
    assert ops.current_fingerprint(record.meeting) != fingerprint(first)


# Notes and circulation -----------------------------------------------------------------------


def test_minutes_are_started_only_for_a_held_meeting(world, record, make_meeting):
    with pytest.raises(DomainError, match="held"):
        ops.minutes_for(record.later)
    before = audit_count()
    minutes = ops.minutes_for(record.meeting)
    assert minutes.status is MinutesStatus.DRAFT and audit_count() == before + 1
    assert ops.minutes_for(record.meeting) is minutes


def test_notes_saved_after_circulation_reopen_the_minutes_as_a_new_draft_version(record):
    minutes = ops.minutes_for(record.meeting)
    before = audit_count()
    ops.save_notes(None, minutes, {record.budget.id: "  Discussed at length.  ", record.aob.id: ""})
    assert minutes.notes == {str(record.budget.id): "Discussed at length."}
    assert audit_count() == before + 1
    ops.circulate_minutes(None, minutes)
    ops.save_notes(None, minutes, {record.budget.id: "Changed my mind."})
    assert minutes.status is MinutesStatus.DRAFT and minutes.is_changed_draft
    assert minutes.draft_number == 2


def test_notes_on_an_item_of_another_meeting_are_refused(record):
    minutes = ops.minutes_for(record.meeting)
    with pytest.raises(DomainError, match="not on this meeting"):
        ops.save_notes(None, minutes, {record.later.items[0].id: "Wrong meeting."})


def test_circulating_sends_the_draft_to_members_and_officers(record):
    minutes = ops.minutes_for(record.meeting)
    before = audit_count()
    count = ops.circulate_minutes(None, minutes)
    sent = (
        db.session.execute(
            sa.select(OutboxMessage).where(OutboxMessage.kind == "minutes.circulated")
        )
        .scalars()
        .all()
    )
    assert count == len(sent) == 5  # member, parent, observer; secretary and chair
    assert f"/meetings/{record.meeting.id}/minutes" in sent[0].body
    assert minutes.status is MinutesStatus.CIRCULATED and minutes.circulated_at is not None
    assert audit_count() == before + 1
    with pytest.raises(DomainError, match="already been circulated"):
        ops.circulate_minutes(None, minutes)


def test_minutes_of_a_meeting_not_held_cannot_be_circulated(record):
    minutes = Minutes(meeting=record.later, status=MinutesStatus.DRAFT, notes={})
    db.session.add(minutes)
    with pytest.raises(DomainError, match="held"):
        ops.circulate_minutes(None, minutes)


# Approval ------------------------------------------------------------------------------------


def test_draft_minutes_cannot_be_approved_before_they_are_circulated(world, record):
    with pytest.raises(DomainError, match="Circulate"):
        ops.approve_minutes(
            None, ops.minutes_for(record.meeting), approving_decision(world, record)
        )


def test_only_a_decision_of_a_later_meeting_of_the_same_board_approves(world, record, make_meeting):
    minutes = circulated(record)
    other = make_meeting(world.other_board, starts_at=NEXT_AT, items=("Minutes",), notice=True)
    refusals = {
        "same meeting": record.decisions[0],
        "earlier meeting": record.earlier_decision,
        "another board": make_decision(other.items[0], 1, number="ELSE/2026/001"),
        "a recommendation": make_decision(record.later.items[0], 10, is_recommendation=True),
    }
    for case, decision in refusals.items():
        with pytest.raises(DomainError) as refused:
            ops.approve_minutes(None, minutes, decision)
        assert refused.value.field == "decision_id", case
    assert minutes.status is MinutesStatus.CIRCULATED
    assert ops.approving_candidates(record.meeting) == []


def test_approval_locks_the_minutes_confirms_decisions_and_records_the_hash(world, record):
    minutes = circulated(record)
    approving = approving_decision(world, record)
    assert ops.approving_candidates(record.meeting) == [approving]
    expected = fingerprint(render_text(ops.assemble(record.meeting)))
    ops.approve_minutes(None, minutes, approving)
    assert minutes.status is MinutesStatus.APPROVED and minutes.approved_at is not None
    assert minutes.approved_by_decision_id == approving.id
    assert minutes.approved_sha256 == expected
    assert record.meeting.status is MeetingStatus.MINUTES_APPROVED
    assert {d.status for d in record.decisions} == {DecisionStatus.CONFIRMED}
    # The approving decision belongs to the later meeting; its own minutes confirm it.
    assert approving.status is DecisionStatus.RECORDED


def test_approved_minutes_refuse_every_write(world, record):
    minutes = circulated(record)
    approving = approving_decision(world, record)
    ops.approve_minutes(None, minutes, approving)
    before = audit_count()
    writes = [
        lambda: ops.save_notes(None, minutes, {record.budget.id: "A late correction."}),
        lambda: ops.circulate_minutes(None, minutes),
        lambda: ops.approve_minutes(None, minutes, approving),
        lambda: create_action(
            None, world.board, "Another", world.users["member"].person, None, item=record.budget
        ),
    ]
    for write in writes:
        with pytest.raises(DomainError, match=LOCKED):
            write()
    assert audit_count() == before


def test_the_approved_hash_still_matches_after_actions_move_on(world, record):
    minutes = circulated(record)
    ops.approve_minutes(None, minutes, approving_decision(world, record))
    update_action(None, record.action, "Told them at the team meeting.", ActionStatus.DONE)
    assert ops.current_fingerprint(record.meeting) == minutes.approved_sha256
