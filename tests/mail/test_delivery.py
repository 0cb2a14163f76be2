"""Delivery over SMTP to a real local server (aiosmtpd), retries, giving up, and the CLI.

The worker commits after each message; in tests the session sits in an outer transaction
with savepoints (tests/conftest.py), so those commits are still rolled back afterwards.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from datetime import timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from governance.database import utcnow
from governance.extensions import db
from governance.mail import operations
from governance.mail.cli import send_mail
from governance.mail.models import MailStatus
from governance.mail.worker import deliver_pending

INVITATION = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nMETHOD:REQUEST\r\n"
    "BEGIN:VEVENT\r\nUID:meeting-7@example.org\r\nSEQUENCE:0\r\n"
    "DTSTART:20261201T180000Z\r\nDTEND:20261201T200000Z\r\nSUMMARY:Partnership Board\r\n"
    "END:VEVENT\r\nEND:VCALENDAR\r\n"
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Collector:
    """An aiosmtpd handler that keeps what it receives and refuses bounce@ addresses."""

    def __init__(self) -> None:
        self.received: list[tuple[str, list[str], EmailMessage]] = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.startswith("bounce@"):
            return "550 5.1.1 No such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        parsed = message_from_bytes(envelope.original_content, policy=policy.default)
        self.received.append((envelope.mail_from, list(envelope.rcpt_tos), parsed))
        return "250 Message accepted for delivery"


def mail_config(port: int) -> dict[str, Any]:
    return {
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": port,
        "MAIL_USE_TLS": False,
        "MAIL_USERNAME": None,
        "MAIL_PASSWORD": None,
        "MAIL_FROM": "Governance <governance@example.org>",
        "MAIL_TIMEOUT": 5,
    }


@pytest.fixture
def smtp() -> Iterator[tuple[Collector, dict[str, Any]]]:
    handler = Collector()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield handler, mail_config(controller.port)
    finally:
        controller.stop()


@pytest.fixture
def closed() -> dict[str, Any]:
    """Settings pointing at a port nothing listens on: every connection is refused."""
    return mail_config(free_port())


def refresh(message: Any) -> Any:
    db.session.expire_all()
    return db.session.get(type(message), message.id)


def test_pending_message_arrives_with_subject_and_body(smtp):
    handler, config = smtp
    message = operations.queue_mail(
        "parent@example.org", "Notice of meeting", "Papers follow.\n", kind="meeting.notice"
    )
    report = deliver_pending(config)
    assert (report.sent, report.failed_attempts, report.gave_up) == (1, 0, 0)
    [(mail_from, rcpt_tos, received)] = handler.received
    assert mail_from == "governance@example.org" and rcpt_tos == ["parent@example.org"]
    assert received["Subject"] == "Notice of meeting"
    assert received["Message-ID"]
    assert received.get_content().strip() == "Papers follow."
    message = refresh(message)
    assert message.status is MailStatus.SENT and message.attempts == 1
    assert message.sent_at is not None


def test_invitation_arrives_as_text_calendar_with_method_request(smtp):
    handler, config = smtp
    operations.queue_mail(
        "member@example.org", "Notice", "See the invitation.", kind="t", ics=INVITATION
    )
    deliver_pending(config)
    [(_, _, received)] = handler.received
    assert received.get_content_type() == "multipart/mixed"
    calendar = [p for p in received.walk() if p.get_content_type() == "text/calendar"]
    assert len(calendar) == 1
    assert calendar[0].get_param("method") == "REQUEST"
    assert calendar[0].get_content_charset() == "utf-8"
    assert calendar[0].get_filename() == "invite.ics"
    assert "UID:meeting-7@example.org" in calendar[0].get_content()
    body = received.get_body(preferencelist=("plain",))
    assert body is not None and "See the invitation." in body.get_content()


def test_refused_connection_counts_an_attempt_and_schedules_a_retry(closed):
    message = operations.queue_mail("parent@example.org", "Notice", "Body", kind="t")
    now = utcnow() + timedelta(seconds=1)
    report = deliver_pending(closed, now=now)
    assert (report.sent, report.failed_attempts, report.gave_up) == (0, 1, 0)
    message = refresh(message)
    assert message.status is MailStatus.PENDING and message.attempts == 1
    assert message.last_error and "Connection" in message.last_error
    assert message.next_attempt_at == now + timedelta(minutes=1) > now


def test_message_waits_for_its_next_attempt_time(smtp, closed):
    handler, config = smtp
    operations.queue_mail("parent@example.org", "Notice", "Body", kind="t")
    now = utcnow() + timedelta(seconds=1)
    deliver_pending(closed, now=now)
    assert deliver_pending(config, now=now + timedelta(seconds=59)).sent == 0
    assert handler.received == []
    assert deliver_pending(config, now=now + timedelta(minutes=1)).sent == 1
    assert len(handler.received) == 1


def test_message_is_marked_failed_after_five_failed_attempts(closed):
    message = operations.queue_mail("parent@example.org", "Notice", "Body", kind="t")
    now = utcnow() + timedelta(seconds=1)
    reports = []
    for _ in range(6):
        reports.append(deliver_pending(closed, now=now))
        now += timedelta(days=1)  # past any backoff
    assert [r.failed_attempts for r in reports] == [1, 1, 1, 1, 1, 0]
    assert [r.gave_up for r in reports] == [0, 0, 0, 0, 1, 0]
    message = refresh(message)
    assert message.status is MailStatus.FAILED and message.attempts == 5


def test_one_refused_message_does_not_block_the_next(smtp):
    handler, config = smtp
    bad = operations.queue_mail("bounce@example.org", "Notice", "Body", kind="t")
    good = operations.queue_mail("parent@example.org", "Notice", "Body", kind="t")
    report = deliver_pending(config)
    assert (report.sent, report.failed_attempts) == (1, 1)
    assert [rcpt for _, rcpt, _ in handler.received] == [["parent@example.org"]]
    bad, good = refresh(bad), refresh(good)
    assert bad.status is MailStatus.PENDING and "550" in (bad.last_error or "")
    assert good.status is MailStatus.SENT


def test_delivery_outcome_is_committed_message_by_message(smtp):
    _, config = smtp
    message = operations.queue_mail("parent@example.org", "Notice", "Body", kind="t")
    deliver_pending(config)
    db.session.rollback()  # undoes nothing the worker committed
    assert refresh(message).status is MailStatus.SENT


def test_send_mail_command_sends_once_and_reports(app, smtp, monkeypatch):
    handler, config = smtp
    for key, value in config.items():
        monkeypatch.setitem(app.config, key, value)
    operations.queue_mail("parent@example.org", "Notice", "Body", kind="t")
    result = app.test_cli_runner().invoke(send_mail, [])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "Sent 1, failed 0, gave up 0"
    assert len(handler.received) == 1


def test_send_mail_loop_stops_cleanly_on_ctrl_c(app, smtp, monkeypatch):
    handler, config = smtp
    for key, value in config.items():
        monkeypatch.setitem(app.config, key, value)
    operations.queue_mail("parent@example.org", "Notice", "Body", kind="t")
    pauses: list[float] = []

    def interrupt(seconds: float) -> None:
        pauses.append(seconds)
        raise KeyboardInterrupt

    monkeypatch.setattr("governance.mail.cli.time.sleep", interrupt)
    result = app.test_cli_runner().invoke(send_mail, ["--loop", "--interval", "7"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == ["Sent 1, failed 0, gave up 0", "Stopped."]
    assert pauses == [7.0] and len(handler.received) == 1
