"""Terms of reference, delegated authority in use, referrals and reports, with a session."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa

from governance.audit.models import AuditEvent
from governance.errors import DomainError
from governance.extensions import db
from governance.meetings.models import MeetingStatus, Purpose
from governance.subgroups import authority, operations, queries
from governance.subgroups.models import AuthorityCheck, TermsStatus
from governance.subgroups.rules import ReportingState, ReviewState
from tests.conftest import audit_count
from tests.subgroups.conftest import (
    PARENT_HELD,
    decide,
    meeting_on,
    present,
    terms_values,
)

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
#: The sub-group's next meeting after NOW (its meeting in the fixture has been held).
COMING = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)


# Drafting, approving, versioning ----------------------------------------------------------


def test_a_draft_can_change_until_it_is_approved_and_never_after(sg):
    draft = operations.start_draft(sg.secretary, sg.subgroup, terms_values())
    assert (draft.version, draft.status) == (1, TermsStatus.DRAFT)
    operations.save_draft(sg.secretary, draft, terms_values(quorum="Three members."))
    assert draft.quorum == "Three members."
    assert [a.kind for a in draft.authorities] == ["Spending within the agreed budget", "Publicity"]

    decision = decide(sg.parent_held.items[0], resolution="Approve the finance terms.")
    operations.approve_terms(sg.secretary, draft, decision)
    assert draft.status is TermsStatus.APPROVED
    assert draft.approved_by_decision_id == decision.id
    assert draft.approved_at == decision.taken_at

    with pytest.raises(DomainError, match="never changes"):
        operations.save_draft(sg.secretary, draft, terms_values(quorum="One member."))
    db.session.refresh(draft)
    assert draft.quorum == "Three members."


def test_approval_supersedes_the_version_in_force_and_keeps_it_readable(sg):
    first = sg.approve()
    second = operations.start_draft(None, sg.subgroup, terms_values(meeting_frequency="Monthly"))
    assert second.version == 2 and first.status is TermsStatus.APPROVED
    decision = decide(sg.parent_held.items[0], resolution="Approve the revised terms.")
    operations.approve_terms(None, second, decision)
    assert first.status is TermsStatus.SUPERSEDED and first.superseded_at == decision.taken_at
    assert second.status is TermsStatus.APPROVED
    assert [t.version for t in queries.versions(sg.subgroup.id)] == [2, 1]
    assert first.meeting_frequency == "Every six weeks"


def test_only_one_draft_at_a_time_and_only_for_a_sub_group(sg):
    operations.start_draft(None, sg.subgroup, terms_values())
    with pytest.raises(DomainError, match="already in draft"):
        operations.start_draft(None, sg.subgroup, terms_values())
    with pytest.raises(DomainError, match="Only a sub-group"):
        operations.start_draft(None, sg.parent, terms_values())


def test_approval_refuses_a_decision_of_another_board(sg, world, make_seat):
    draft = operations.start_draft(None, sg.subgroup, terms_values())
    elsewhere = meeting_on(world.other_board, PARENT_HELD, MeetingStatus.HELD)
    seat = make_seat(world.other_board, title="Member")
    from governance.boards import operations as board_ops

    board_ops.appoint(None, seat, sg.member, date(2026, 1, 1), None)
    present(elsewhere, sg.member)
    with pytest.raises(DomainError, match="another board") as refused:
        operations.approve_terms(None, draft, decide(elsewhere.items[0]))
    assert refused.value.field == "decision_id"
    assert draft.status is TermsStatus.DRAFT


def test_approval_refuses_a_recommendation_of_the_parent_board(sg):
    draft = operations.start_draft(None, sg.subgroup, terms_values())
    inquorate = meeting_on(sg.parent, PARENT_HELD + timedelta(days=7), MeetingStatus.HELD)
    recommendation = decide(inquorate.items[0], as_recommendation=True)
    assert recommendation.is_recommendation
    with pytest.raises(DomainError, match="recommendation, not a decision"):
        operations.approve_terms(None, draft, recommendation)


def test_approval_refuses_the_sub_groups_own_decision(sg):
    draft = operations.start_draft(None, sg.subgroup, terms_values())
    own = decide(sg.sub_meeting.items[0], authority_kind="")
    with pytest.raises(DomainError, match="another board"):
        operations.approve_terms(None, draft, own)


def test_drafting_and_approving_write_audit_events(sg):
    before = audit_count()
    sg.approve()
    actions = set(
        db.session.execute(sa.select(AuditEvent.action).where(AuditEvent.seq > before)).scalars()
    )
    assert {"terms.create", "terms.approve", "decision.record"} <= actions


# Delegated authority in use --------------------------------------------------------------


def test_a_decision_within_the_authority_stays_a_decision(sg):
    sg.approve()
    decision = decide(
        sg.sub_meeting.items[0],
        authority_kind="Spending within the agreed budget",
        amount_committed=250_000,
    )
    assert not decision.is_recommendation
    check = db.session.execute(sa.select(AuthorityCheck)).scalar_one()
    assert check.within_authority and check.referred_item_id is None
    assert check.terms is not None and check.terms.version == 1


def test_a_decision_outside_the_authority_goes_on_the_parents_next_agenda(sg):
    sg.approve()
    before = len(sg.parent_next.items)
    decision = decide(
        sg.sub_meeting.items[0],
        resolution="Commission the speech and language project.",
        authority_kind="Spending within the agreed budget",
        amount_committed=1_200_000,
    )
    assert decision.is_recommendation and decision.number.startswith("FIN/")
    check = db.session.execute(sa.select(AuthorityCheck)).scalar_one()
    assert not check.within_authority and "over the £5,000 limit" in check.reason
    item = check.referred_item
    assert item is not None and item.meeting == sg.parent_next
    assert item.purpose is Purpose.DECISION
    assert "speech and language" in item.title and decision.number in item.description
    assert len(sg.parent_next.items) == before + 1
    event = db.session.execute(
        sa.select(AuditEvent)
        .where(AuditEvent.action == "decision.record")
        .order_by(AuditEvent.seq.desc())
        .limit(1)
    ).scalar_one()
    assert "outside delegated authority" in event.summary


def test_the_next_agenda_skips_held_and_cancelled_meetings_and_takes_a_draft(sg):
    sg.approve()
    sg.parent_next.status = MeetingStatus.CANCELLED
    draft = meeting_on(sg.parent, datetime(2027, 3, 2, 10, tzinfo=UTC), MeetingStatus.DRAFT)
    decide(sg.sub_meeting.items[0], authority_kind="")
    check = db.session.execute(sa.select(AuthorityCheck)).scalar_one()
    assert check.referred_item is not None and check.referred_item.meeting == draft


def test_without_approved_terms_everything_is_a_recommendation(sg):
    operations.start_draft(None, sg.subgroup, terms_values())  # a draft gives no authority
    decision = decide(sg.sub_meeting.items[0], authority_kind="Publicity")
    assert decision.is_recommendation
    check = db.session.execute(sa.select(AuthorityCheck)).scalar_one()
    assert check.terms_id is None and "no delegated authority" in check.reason


def test_a_board_without_a_parent_keeps_deciding_as_before(sg):
    decision = decide(sg.parent_held.items[0])
    assert not decision.is_recommendation
    assert db.session.execute(sa.select(sa.func.count(AuthorityCheck.id))).scalar_one() == 0


def test_outside_its_authority_a_sub_group_cannot_supersede(sg):
    sg.approve()
    first = decide(sg.sub_meeting.items[0], authority_kind="Publicity")
    with pytest.raises(DomainError, match="cannot correct") as refused:
        decide(sg.sub_meeting.items[0], authority_kind="", supersedes=first, relation="variation")
    assert refused.value.field == "supersedes"


def test_an_inquorate_sub_groups_recommendation_is_not_sent_up(sg):
    sg.approve()
    sg.subgroup.quorum_min_count = 2
    decision = decide(sg.sub_meeting.items[0], authority_kind="", as_recommendation=True)
    assert decision.is_recommendation and not decision.quorate
    check = db.session.execute(sa.select(AuthorityCheck)).scalar_one()
    assert check.referred_item is None and not authority.is_waiting(check)


def test_a_waiting_recommendation_is_referred_once_the_parent_has_a_meeting(sg):
    sg.approve()
    sg.parent_next.status = MeetingStatus.CANCELLED
    decide(sg.sub_meeting.items[0], authority_kind="")
    check = db.session.execute(sa.select(AuthorityCheck)).scalar_one()
    assert check.referred_item is None and authority.is_waiting(check)
    with pytest.raises(DomainError, match="no meeting in its diary"):
        authority.refer_recommendation(None, check)
    later = meeting_on(sg.parent, datetime(2027, 2, 2, 10, tzinfo=UTC), MeetingStatus.DRAFT)
    item = authority.refer_recommendation(None, check)
    assert item.meeting == later and not authority.is_waiting(check)
    with pytest.raises(DomainError, match="already on an agenda"):
        authority.refer_recommendation(None, check)


# Reports, reporting duty and review ------------------------------------------------------


def test_a_report_is_received_only_at_the_parents_called_or_held_meetings(sg, world):
    item = sg.parent_held.items[0]
    report = operations.record_report(None, sg.subgroup, item, " Spending is on track. ")
    assert report.summary == "Spending is on track."
    with pytest.raises(DomainError, match="already recorded") as refused:
        operations.record_report(None, sg.subgroup, item, "")
    assert refused.value.field == "subgroup_id"
    with pytest.raises(DomainError, match="its own parent board"):
        operations.record_report(None, sg.subgroup, sg.sub_meeting.items[0], "")
    draft = meeting_on(sg.parent, datetime(2027, 3, 2, 10, tzinfo=UTC), MeetingStatus.DRAFT)
    with pytest.raises(DomainError, match="draft"):
        operations.record_report(None, sg.subgroup, draft.items[0], "")


def test_the_parent_sees_which_sub_groups_are_overdue_and_past_review(sg, make_board):
    sg.approve(reporting_every=1, reporting_basis="months", review_on=date(2026, 11, 1))
    # Approved on 20 October with a monthly duty and no report since: overdue from 20 November.
    other = make_board(name="Communications", code="COMMS", parent=sg.parent)
    coming = meeting_on(sg.subgroup, COMING, MeetingStatus.NOTICE_ISSUED)
    rows = {
        r.board.code: r for r in queries.subgroup_rows(sg.parent, [sg.subgroup, other], NOW, True)
    }
    fin = rows["FIN"]
    assert fin.reporting.state is ReportingState.OVERDUE
    assert fin.review is ReviewState.PAST
    assert fin.next_meeting == coming and fin.approved is not None
    assert rows["COMMS"].reporting.state is ReportingState.NO_DUTY
    assert rows["COMMS"].review is ReviewState.NONE

    operations.record_report(None, sg.subgroup, sg.parent_held.items[0], "")
    # A report at the meeting that approved the terms does not move the clock on.
    again = queries.subgroup_rows(sg.parent, [sg.subgroup], NOW, True)[0]
    assert again.reporting.state is ReportingState.OVERDUE
    recent = meeting_on(sg.parent, datetime(2026, 11, 17, 10, tzinfo=UTC), MeetingStatus.HELD)
    operations.record_report(None, sg.subgroup, recent.items[0], "")
    fine = queries.subgroup_rows(sg.parent, [sg.subgroup], NOW, True)[0]
    assert fine.reporting.state is ReportingState.ON_TRACK
    assert fine.reporting.last_report_on == date(2026, 11, 17)


def test_a_draft_meeting_of_a_sub_group_is_shown_only_to_those_who_run_it(sg):
    coming = meeting_on(sg.subgroup, COMING, MeetingStatus.DRAFT)
    shown = queries.subgroup_rows(sg.parent, [sg.subgroup], NOW, True)[0]
    hidden = queries.subgroup_rows(sg.parent, [sg.subgroup], NOW, False)[0]
    assert shown.next_meeting == coming and hidden.next_meeting is None
