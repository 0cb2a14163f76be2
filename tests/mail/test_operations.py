"""Queueing mail in the caller's transaction, and building the message that goes out."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from governance.database import utcnow
from governance.errors import DomainError
from governance.extensions import db
from governance.mail import operations
from governance.mail.models import MailStatus, OutboxMessage

CONFIG = {"MAIL_FROM": "Governance <governance@example.org>"}
ICS = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:CANCEL\r\nBEGIN:VEVENT\r\n"
    "UID:meeting-1@example.org\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
)


def outbox_count() -> int:
    return db.session.execute(sa.select(sa.func.count()).select_from(OutboxMessage)).scalar_one()


@pytest.mark.parametrize(
    ("address", "subject", "field"),
    [
        ("parent@example.org\r\nBcc: everyone@example.org", "Notice", "to_address"),
        ("parent@example.org", "Notice\r\nBcc: everyone@example.org", "subject"),
        ("parent@example.org", "Notice\nX-Injected: yes", "subject"),
        ("", "Notice", "to_address"),
    ],
)
def test_queue_mail_refuses_header_injection_and_empty_address(address, subject, field):
    with pytest.raises(DomainError) as raised:
        operations.queue_mail(address, subject, "Body", kind="test")
    assert raised.value.field == field
    assert outbox_count() == 0


def test_queue_mail_writes_a_pending_message_due_now():
    message = operations.queue_mail(
        " parent@example.org ", "Notice", "Body", kind="meeting.notice", ics=ICS
    )
    assert message.id is not None  # flushed
    assert message.to_address == "parent@example.org"
    assert message.status is MailStatus.PENDING and message.attempts == 0
    assert message.next_attempt_at <= utcnow()


def test_queued_mail_is_undone_when_the_callers_transaction_rolls_back():
    operations.queue_mail("parent@example.org", "Notice", "Body", kind="test")
    assert outbox_count() == 1
    db.session.rollback()
    assert outbox_count() == 0


def test_build_email_sets_the_headers_and_text_body():
    message = operations.queue_mail("parent@example.org", "Notice", "Hello\n", kind="test")
    email = operations.build_email(message, CONFIG)
    assert email["From"] == "Governance <governance@example.org>"
    assert email["To"] == "parent@example.org"
    assert email["Subject"] == "Notice"
    assert email["Date"]
    assert email["Message-ID"].endswith("@example.org>")
    assert email.get_content_type() == "text/plain"
    assert email.get_content() == "Hello\n"


def test_build_email_gives_every_retry_the_same_message_id():
    message = operations.queue_mail("parent@example.org", "Notice", "Hello", kind="test")
    first = operations.build_email(message, CONFIG)["Message-ID"]
    assert operations.build_email(message, CONFIG)["Message-ID"] == first


def test_build_email_attaches_a_cancellation_with_its_method():
    message = operations.queue_mail("parent@example.org", "Off", "Cancelled", kind="t", ics=ICS)
    email = operations.build_email(message, CONFIG)
    calendar = [p for p in email.iter_attachments() if p.get_content_type() == "text/calendar"]
    assert len(calendar) == 1
    assert calendar[0].get_param("method") == "CANCEL"
    assert calendar[0].get_filename() == "invite.ics"
    assert "UID:meeting-1@example.org" in calendar[0].get_content()


def test_record_failure_keeps_the_error_short_and_backs_off():
    message = operations.queue_mail("parent@example.org", "Notice", "Hello", kind="test")
    now = utcnow()
    gave_up = operations.record_failure(message, OSError("x" * 5000), now)
    assert not gave_up
    assert message.attempts == 1 and len(message.last_error or "") == 1000
    assert message.next_attempt_at == now + timedelta(minutes=1)
