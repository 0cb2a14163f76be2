"""`decisions.queries.trail_events()`: one SELECT per kind of target, joined by UNION ALL, gives
exactly the events of the decision's item, papers, declarations and attendance, in chain order,
in one statement."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa

from governance.attendance.models import Attendance, AttendanceStatus
from governance.audit.models import AuditEvent
from governance.audit.operations import record_event
from governance.decisions import queries
from governance.decisions.models import DecisionMethod
from governance.decisions.operations import DecisionDraft, record_decision
from governance.extensions import db
from tests.conftest import counting


def decision_on(world):
    attendance = Attendance(
        meeting=world.meeting,
        person_id=world.users["member"].person.id,
        status=AttendanceStatus.PRESENT,
    )
    db.session.add(attendance)
    db.session.flush()
    record_event(None, "attendance.record", attendance, "Present")
    decision = record_decision(
        None,
        world.item,
        DecisionDraft(
            resolution="Agree the budget for 2027.",
            rationale="The figures were reviewed line by line and agreed as fair.",
            alternatives="A smaller budget was considered and rejected.",
            method=DecisionMethod.CONSENSUS,
        ),
        moment=datetime.now(UTC),
    )
    db.session.flush()
    return decision


def expected_events(decision) -> list[int]:
    """The events the trail should show, found one kind at a time."""
    item = decision.item
    wanted = {("decision", decision.id), ("agenda_item", item.id)}
    wanted |= {("paper", p.id) for p in item.papers}
    wanted |= {("paper_version", v.id) for p in item.papers for v in p.versions}
    wanted |= {("declaration", d.id) for d in getattr(item, "declarations", [])}
    wanted |= {
        ("attendance", a.id)
        for a in db.session.execute(
            sa.select(Attendance).where(Attendance.meeting_id == item.meeting_id)
        ).scalars()
    }
    return [
        e.seq
        for e in db.session.execute(sa.select(AuditEvent).order_by(AuditEvent.seq)).scalars()
        if (e.target_type, e.target_id) in wanted
    ]


def test_the_trail_has_each_kind_of_event_once_in_chain_order(started_world):
    decision = decision_on(started_world)
    events = queries.trail_events(decision)
    seqs = [e.seq for e in events]
    assert seqs == expected_events(decision) and seqs == sorted(set(seqs))
    kinds = {e.target_type for e in events}
    assert {"decision", "agenda_item", "paper", "paper_version", "attendance"} <= kinds
    # The confidential item's paper is on the same meeting but not this item: not in the trail.
    assert ("paper", started_world.secret_version.paper.id) not in {
        (e.target_type, e.target_id) for e in events
    }


def test_the_trail_events_take_one_statement(started_world):
    decision = decision_on(started_world)
    with counting() as statements:
        queries.trail_events(decision)
    assert len(statements) == 1
