"""Minutes versions: circulating fixes a version; a later change makes a new draft version,
members are told what changed, and approval names the version approved."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from governance.attendance.models import AttendanceStatus
from governance.errors import DomainError
from governance.extensions import db
from governance.mail.models import OutboxMessage
from governance.minutes import operations as ops
from governance.minutes.models import MinutesStatus
from governance.minutes.rules import fingerprint, render_text
from tests.conftest import audit_count
from tests.minutes.test_minutes import approving_decision, attend, build_record, make_decision


@pytest.fixture
def record(world, make_meeting, make_version, make_person):
    return build_record(world, make_meeting, make_version, make_person)


def mails(kind: str) -> list[OutboxMessage]:
    return list(
        db.session.execute(
            sa.select(OutboxMessage).where(OutboxMessage.kind == kind).order_by(OutboxMessage.id)
        ).scalars()
    )


def circulated(record):
    minutes = ops.minutes_for(record.meeting)
    ops.circulate_minutes(None, minutes)
    db.session.flush()
    return minutes


def add_deputy(world, record, make_person, name: str = "Gita Standin"):
    attend(
        record.meeting,
        make_person(full_name=name),
        AttendanceStatus.DEPUTY,
        seat=world.parent_seat,
        deputy_for=world.plain_person,
    )
    db.session.flush()


def test_circulating_fixes_version_one_with_its_text_and_hash(record):
    text = render_text(ops.assemble(record.meeting))
    minutes = circulated(record)
    (version,) = minutes.versions
    assert version.number == 1 and version.text == text
    assert version.sha256 == fingerprint(text) and version.circulated_at is not None
    assert "Little Steps" in version.text and "Little Steps" not in version.public_text


def test_a_change_after_circulation_makes_a_new_draft_version_and_tells_members(
    world, record, make_person
):
    minutes = circulated(record)
    version_1 = minutes.versions[0].text
    add_deputy(world, record, make_person)
    before = audit_count()
    assert ops.reconcile(None, minutes) is True
    assert minutes.status is MinutesStatus.DRAFT and minutes.changed_at is not None
    assert len(minutes.versions) == 1 and minutes.versions[0].text == version_1
    assert audit_count() == before + 1
    told = mails("minutes.changed")
    assert len(told) == 5
    assert all("Gita Standin" in m.body and "Deputies" in m.body for m in told)
    assert all("version 1" in m.body for m in told)
    # Told once: further changes to the same draft version do not send again.
    add_deputy(world, record, make_person, name="Hal Other")
    assert ops.reconcile(None, minutes) is False
    assert len(mails("minutes.changed")) == 5


def test_nothing_is_sent_when_the_record_has_not_changed(record):
    minutes = circulated(record)
    assert ops.reconcile(None, minutes) is False
    assert minutes.status is MinutesStatus.CIRCULATED and mails("minutes.changed") == []


def test_members_who_may_not_see_confidential_items_do_not_get_their_changed_text(world, record):
    minutes = circulated(record)
    make_decision(record.tender, 7, resolution="Pay Little Steps a retainer of MARKER-77.")
    db.session.flush()
    ops.reconcile(None, minutes)
    by_person = {m.person_id: m.body for m in mails("minutes.changed")}
    assert "MARKER-77" in by_person[world.users["member"].person.id]
    # The observer may not see the confidential item: nothing they may read changed.
    assert world.users["observer"].person.id not in by_person


def test_notes_edited_after_circulation_make_a_new_draft_version(record):
    minutes = circulated(record)
    ops.save_notes(None, minutes, {record.budget.id: "Corrected: the chair summed up."})
    assert minutes.status is MinutesStatus.DRAFT and len(minutes.versions) == 1
    (told, *_rest) = mails("minutes.changed")
    assert "Corrected: the chair summed up." in told.body


def test_recirculating_fixes_version_two_and_sends_what_changed(world, record, make_person):
    minutes = circulated(record)
    add_deputy(world, record, make_person)
    ops.reconcile(None, minutes)
    count = ops.circulate_minutes(None, minutes)
    assert count == 5 and minutes.status is MinutesStatus.CIRCULATED
    assert [v.number for v in minutes.versions] == [1, 2]
    assert minutes.versions[1].sha256 == ops.current_fingerprint(record.meeting)
    assert minutes.changed_at is None
    (latest, *_rest) = reversed(mails("minutes.circulated"))
    assert "Version 2" in latest.body and "replaces version 1" in latest.body
    assert "Gita Standin" in latest.body


def test_approval_is_refused_while_a_change_has_not_been_circulated(world, record, make_person):
    minutes = circulated(record)
    approving = approving_decision(world, record)
    add_deputy(world, record, make_person)
    with pytest.raises(DomainError, match="changed since version 1 was circulated"):
        ops.approve_minutes(None, minutes, approving)
    assert minutes.status is MinutesStatus.DRAFT


def test_approval_names_the_version_approved(world, record, make_person):
    minutes = circulated(record)
    approving = approving_decision(world, record)
    add_deputy(world, record, make_person)
    ops.reconcile(None, minutes)
    ops.circulate_minutes(None, minutes)
    ops.approve_minutes(None, minutes, approving)
    assert minutes.approved_version == 2
    assert minutes.approved_sha256 == minutes.versions[1].sha256


def test_the_demo_shows_minutes_changed_after_circulation():
    from governance.demo.seed import seed_demo
    from governance.minutes.models import Minutes
    from tests.test_demo import TODAY

    seed_demo(TODAY)
    changed = [m for m in db.session.execute(sa.select(Minutes)).scalars() if m.is_changed_draft]
    assert len(changed) == 1
    (minutes,) = changed
    assert [v.number for v in minutes.versions] == [1]
    assert "recover the crèche registrations" not in minutes.versions[0].text
    assert "recover the crèche registrations" in ops.current_texts(minutes.meeting)[0]
    assert minutes.changed_at > minutes.versions[0].circulated_at
