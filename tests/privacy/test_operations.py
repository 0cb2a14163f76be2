"""Subject access export, erasure by pseudonymisation and retention, with a session."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from governance.audit.models import AuditEvent
from governance.audit.queries import verify_stored_chain
from governance.boards.operations import save_person
from governance.database import utcnow
from governance.decisions.models import Decision
from governance.errors import DomainError
from governance.extensions import db
from governance.mail.models import MailStatus, OutboxMessage
from governance.mail.operations import queue_mail
from governance.papers.files.storage import path_for
from governance.papers.models import OpenKind, PaperOpen
from governance.privacy.export import export_zip, person_data
from governance.privacy.operations import apply_retention, erase_person, retention_due
from governance.replies.models import MeetingReply, NeedKind, ReplyChoice, SupportNeed
from governance.replies.operations import Answer, send_reply
from governance.replies.rules import NeedRequest
from tests.conftest import audit_count

SETTINGS = {"outbox": 90, "paper_opens": 730, "support_needs": 365, "reply_notes": 365}


def _reply_with_need(w, note: str = "Running late from the school run") -> MeetingReply:
    answer = Answer(
        ReplyChoice.ATTENDING, note=note, needs=(NeedRequest(NeedKind.CHILDCARE, 1, (2,)),)
    )
    reply = send_reply(None, w.meeting, w.users["parent"].person, answer)
    reply.needs[0].details = "Twins, one needs a high chair"
    db.session.flush()
    return reply


def test_export_holds_everything_about_the_person_but_no_secrets(agenda_world, app) -> None:
    """ASVS 4.0.3 8.3.1/8.3.2: a subject access export, without password hash or TOTP secret."""
    w = agenda_world
    parent = w.users["parent"].person
    _reply_with_need(w)
    data = person_data(parent)
    assert data["person"]["full_name"] == parent.full_name
    assert data["user_account"]["email"] == "parent@example.org"
    assert "password_hash" not in data["user_account"]
    assert "totp_secret" not in data["user_account"]
    assert [a["seat_id"] for a in data["appointments"]] == [w.parent_seat.id]
    assert data["replies"][0]["note"] == "Running late from the school run"
    assert data["support_needs"][0]["details"] == "Twins, one needs a high chair"
    assert any(e["target_type"] == "person" for e in data["audit_events"])
    archive = zipfile.ZipFile(io.BytesIO(export_zip(parent, Path(app.config["STORAGE_PATH"]))))
    assert json.loads(archive.read("data.json"))["person"]["id"] == parent.id


def test_export_includes_the_files_the_person_uploaded(agenda_world, app) -> None:
    """Uploaded papers are their data too: the ZIP carries them under files/."""
    w = agenda_world
    uploader = w.users["secretary"]
    w.version.uploaded_by_id = uploader.id
    db.session.flush()
    assert path_for(Path(app.config["STORAGE_PATH"]), w.version.sha256).exists()
    archive = zipfile.ZipFile(
        io.BytesIO(export_zip(uploader.person, Path(app.config["STORAGE_PATH"])))
    )
    files = [n for n in archive.namelist() if n.startswith("files/")]
    assert any(n.startswith(f"files/paper-{w.version.id}-") for n in files)


def test_erasure_pseudonymises_keeps_records_and_disables_the_login(agenda_world) -> None:
    """ASVS 4.0.3 8.3.2: identifying fields replaced, records kept, login disabled, audited."""
    w = agenda_world
    user = w.users["parent"]
    person = user.person
    reply = _reply_with_need(w)
    before = audit_count()
    erase_person(w.users["admin"], person)
    db.session.flush()
    db.session.expire_all()
    assert person.full_name == f"Former member {person.id}"
    assert (person.email, person.phone, person.job_title) == (None, "", "")
    assert user.is_enabled is False
    assert user.email == f"erased-{user.id}@erased.invalid"
    assert reply.note == ""
    assert reply.needs[0].details == "" and reply.needs[0].kind is NeedKind.CHILDCARE
    assert len(person.appointments) == 1  # the record of their seat stays
    assert audit_count() == before + 1
    event = (
        db.session.execute(sa.select(AuditEvent).order_by(AuditEvent.seq.desc())).scalars().first()
    )
    assert (event.action, event.target_type, event.target_id) == (
        "person.erase",
        "person",
        person.id,
    )
    count, broken = verify_stored_chain()
    assert broken is None and count > 0


def test_audit_events_never_hold_the_erased_persons_name(agenda_world) -> None:
    """The log names people by id only, so erasure needs no rewrite of the hash chain."""
    w = agenda_world
    person = w.users["parent"].person
    save_person(None, person, {"full_name": "Zebedee Quinlan", "email": "zq@example.org"})
    _reply_with_need(w)
    erase_person(None, person)
    db.session.flush()
    events = db.session.execute(sa.select(AuditEvent)).scalars().all()
    text = json.dumps([[e.summary, e.changes] for e in events], default=str)
    assert "Zebedee" not in text and "zq@example.org" not in text


def test_erasure_pseudonymises_mail_to_others_that_quotes_the_person(agenda_world) -> None:
    """ASVS 8.3.2: the outbox keeps no name, address or note of an erased person.

    Mail to them goes; mail to the secretaries about their apologies keeps its other text and
    names them by pseudonym; mail about nobody in particular is untouched; the chain verifies.
    """
    from governance.attendance.operations import send_apologies

    w = agenda_world
    person = w.users["parent"].person
    save_person(None, person, {"full_name": "Zebedee Quinlan", "email": "zq@example.org"})
    queue_mail("zq@example.org", "For you", "Dear Zebedee Quinlan", kind="test")
    send_apologies(None, w.meeting, "Hospital appointment at Northbank General", person=person)
    about = db.session.execute(
        sa.select(OutboxMessage).where(OutboxMessage.kind == "attendance.apologies")
    ).scalar_one()
    assert "Zebedee Quinlan" in about.body and "Hospital" in about.body
    erase_person(w.users["admin"], person)
    db.session.flush()
    db.session.expire_all()
    stored = db.session.execute(sa.select(OutboxMessage)).scalars().all()
    text = json.dumps([[m.to_address, m.subject, m.body] for m in stored])
    assert "Zebedee" not in text and "zq@example.org" not in text and "Hospital" not in text
    assert about in stored and f"Former member {person.id} sends apologies" in about.body
    assert "[erased]" in about.body and about.to_address == "secretary@example.org"
    assert (w.message.subject, w.message.body) == ("Hello", "Body")
    event = (
        db.session.execute(sa.select(AuditEvent).order_by(AuditEvent.seq.desc())).scalars().first()
    )
    assert event.changes["mail_pseudonymised"] == 1
    count, broken = verify_stored_chain()
    assert broken is None and count > 0


def test_erasing_twice_is_refused(agenda_world) -> None:
    person = agenda_world.plain_person
    erase_person(None, person)
    with pytest.raises(DomainError, match="already been erased"):
        erase_person(None, person)


def _old_rows(w) -> None:
    """One row of every retained kind, created now."""
    reply = _reply_with_need(w)
    db.session.add(
        OutboxMessage(
            to_address="parent@example.org",
            subject="Papers",
            body="Dear parent",
            kind="test",
            status=MailStatus.SENT,
        )
    )
    db.session.add(
        PaperOpen(paper_version_id=w.version.id, user_id=w.users["parent"].id, kind=OpenKind.VIEW)
    )
    db.session.flush()
    assert reply.note


def test_retention_reports_without_changing_and_applies_with_an_event(agenda_world) -> None:
    """ASVS 4.0.3 8.3.8: personal data past its retention period is removed or blanked."""
    w = agenda_world
    _old_rows(w)
    decisions = db.session.execute(sa.select(sa.func.count()).select_from(Decision)).scalar_one()
    assert set(retention_due(SETTINGS, utcnow()).values()) == {0}
    later = utcnow() + timedelta(days=800)
    due = retention_due(SETTINGS, later)
    assert all(due[k] >= 1 for k in SETTINGS), due
    events = audit_count()
    assert apply_retention(None, SETTINGS, later) == due
    assert audit_count() == events + 1
    assert set(retention_due(SETTINGS, later).values()) == {0}
    db.session.expire_all()
    sent = OutboxMessage.status != MailStatus.PENDING
    assert not db.session.execute(sa.select(OutboxMessage).where(sent)).first()
    assert not db.session.execute(sa.select(PaperOpen)).first()
    need = db.session.execute(sa.select(SupportNeed)).scalars().first()
    assert need is not None and need.details == ""  # the row stays for the counts
    assert (
        db.session.execute(sa.select(sa.func.count()).select_from(Decision)).scalar_one()
        == decisions
    )
    assert verify_stored_chain()[1] is None
