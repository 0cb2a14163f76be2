"""The stored audit chain: appends, append-only triggers, tamper detection, the CLI."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import DatabaseError

from governance.audit.models import AuditEvent
from governance.audit.queries import verify_stored_chain
from governance.audit.rules import GENESIS_HASH
from governance.extensions import db


def events() -> list[AuditEvent]:
    return list(db.session.execute(sa.select(AuditEvent).order_by(AuditEvent.seq)).scalars())


def test_every_operation_appends_one_linked_event(make_board, make_organisation):
    make_organisation()
    make_board()
    stored = events()
    assert [e.action for e in stored] == ["organisation.create", "board.create"]
    assert stored[0].prev_hash == GENESIS_HASH
    assert stored[1].prev_hash == stored[0].hash
    assert verify_stored_chain() == (2, None)


def test_events_refer_to_people_by_id_never_by_name_or_email(make_person):
    person = make_person(full_name="Zebedee Quill", email="zebedee@example.org")
    event = events()[-1]
    assert event.target_type == "person" and event.target_id == person.id
    text = event.summary + str(event.changes)
    assert "Zebedee" not in text and "zebedee@example.org" not in text


@pytest.mark.parametrize(
    "statement", ["UPDATE audit_event SET summary = 'x'", "DELETE FROM audit_event"]
)
def test_database_refuses_to_change_or_delete_audit_events(make_board, statement):
    make_board()
    db.session.flush()
    with pytest.raises(DatabaseError, match="append-only"), db.session.begin_nested():
        db.session.execute(sa.text(statement))
    assert len(events()) == 1


def _disable_triggers() -> None:
    # Only a tamper test does this, inside the test's transaction, which is rolled back.
    if db.session.get_bind().dialect.name == "sqlite":
        db.session.execute(sa.text("DROP TRIGGER audit_event_no_update"))
    else:
        db.session.execute(sa.text("ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_update"))


def test_tampered_row_fails_verification_at_that_row(make_board, make_organisation, app):
    for _ in range(3):
        make_organisation()
    make_board()
    assert verify_stored_chain() == (4, None)
    _disable_triggers()
    db.session.execute(sa.text("UPDATE audit_event SET summary = 'nothing to see' WHERE seq = 2"))
    db.session.expire_all()
    count, broken = verify_stored_chain()
    assert broken is not None and broken.seq == 2

    result = app.test_cli_runner().invoke(args=["audit", "verify"])
    assert result.exit_code == 1
    assert "BROKEN at event 2" in result.output


def test_cli_verify_reports_an_intact_chain(make_board, app):
    make_board()
    make_board()
    db.session.flush()
    result = app.test_cli_runner().invoke(args=["audit", "verify"])
    assert result.exit_code == 0, result.output
    assert "2 events, no broken links" in result.output


def test_two_appends_never_share_a_position_in_the_chain(make_board):
    make_board()
    make_board()
    seqs = [e.seq for e in events()]
    assert seqs == [1, 2]
    duplicate = AuditEvent(
        seq=2,
        occurred_at=events()[0].occurred_at,
        actor_id=None,
        action="x",
        target_type="x",
        target_id=None,
        summary="fork",
        changes={},
        prev_hash=events()[0].hash,
        hash="f" * 64,
    )
    with pytest.raises(sa.exc.IntegrityError), db.session.begin_nested():
        db.session.add(duplicate)
        db.session.flush()
