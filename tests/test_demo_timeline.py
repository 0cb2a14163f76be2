"""The demo's history reads as it would have happened: in time order, by the people who did it."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest
import sqlalchemy as sa

from governance.audit.models import AuditEvent
from governance.audit.rules import verify_chain
from governance.auth.models import User
from governance.decisions.models import Decision
from governance.demo.seed import seed_demo
from governance.extensions import db
from governance.minutes.models import Minutes

TODAY = date(2026, 11, 23)
#: The end of the demo's today: nothing in its record may be dated later.
END_OF_TODAY = datetime.combine(TODAY, time(23, 59, 59), tzinfo=UTC)


@pytest.fixture
def events() -> list[AuditEvent]:
    seed_demo(TODAY)
    return list(db.session.execute(sa.select(AuditEvent).order_by(AuditEvent.seq)).scalars())


def _user(email: str) -> User:
    return db.session.execute(sa.select(User).where(User.email == email)).scalar_one()


def test_demo_audit_events_are_in_time_order_and_still_chain(events: list[AuditEvent]) -> None:
    times = [e.occurred_at for e in events]
    assert times == sorted(times)
    assert verify_chain(events)[1] is None


def test_demo_audit_events_are_spread_over_its_past_not_bunched_at_load(
    events: list[AuditEvent],
) -> None:
    assert max(e.occurred_at for e in events) <= END_OF_TODAY
    days = {e.occurred_at.date() for e in events}
    assert len(days) > 60
    assert min(days) < date(2025, 6, 1)


def test_demo_decisions_are_confirmed_after_they_were_recorded(events: list[AuditEvent]) -> None:
    recorded = {e.target_id: e.occurred_at for e in events if e.action == "decision.record"}
    confirmed = {e.target_id: e.occurred_at for e in events if e.action == "decision.confirm"}
    assert confirmed
    for decision_id, when in confirmed.items():
        assert recorded[decision_id] < when
        decision = db.session.get(Decision, decision_id)
        assert decision is not None and decision.taken_at < when


@pytest.mark.parametrize("today", [TODAY, date(2026, 11, 5)])  # two days after a meeting
def test_demo_minutes_are_never_circulated_after_today(today: date) -> None:
    seed_demo(today)
    end_of_today = datetime.combine(today, time(23, 59, 59), tzinfo=UTC)
    minutes = db.session.execute(sa.select(Minutes)).scalars().all()
    circulated = [m.circulated_at for m in minutes if m.circulated_at is not None]
    assert circulated and max(circulated) <= end_of_today
    events = db.session.execute(
        sa.select(AuditEvent.occurred_at).where(AuditEvent.action == "minutes.circulate")
    ).scalars()
    assert max(events) <= end_of_today


def test_demo_events_name_the_people_who_did_them(events: list[AuditEvent]) -> None:
    named = [e for e in events if e.actor_id is not None]
    assert len(named) > 0.8 * len(events)
    secretary = _user("secretary@demo.test").id
    chair = _user("chair@demo.test").id
    parent = _user("parent@demo.test").id
    by_action: dict[str, set[int | None]] = {}
    for event in events:
        by_action.setdefault(event.action, set()).add(event.actor_id)
    assert by_action["decision.record"] == {secretary}
    assert by_action["minutes.circulate"] == {secretary}
    # Papers go out by the secretary's hand, or, when late, as the chair grants consent.
    assert by_action["paper.circulate"] == {secretary, chair}
    # Granted by the chair in the app, or recorded by the secretary on the chair's word.
    assert by_action["paper.consent_grant"] == {secretary, chair}
    assert by_action["paper.consent_request"] == {secretary}
    assert by_action["minutes.approve"] == {chair}
    assert parent in by_action["reply.send"]
