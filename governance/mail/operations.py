"""The writes and helpers of the outbox: queue a message, build it, send it, record the outcome.

Nothing here commits: queue_mail runs in the transaction of the change that causes the
mail, and the worker (governance/mail/worker.py) commits after each delivery.
"""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Mapping
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr
from typing import Any

from governance.database import utcnow
from governance.extensions import db
from governance.mail import rules
from governance.mail.models import MailStatus, OutboxMessage

#: Seconds to wait on the SMTP server before counting the attempt as failed.
DEFAULT_TIMEOUT = 30
#: What a failed delivery raises: the server's refusals, network errors, and a message that
#: cannot be encoded (ValueError), so one bad row is retried and given up on, not fatal.
DELIVERY_ERRORS: tuple[type[Exception], ...] = (smtplib.SMTPException, OSError, ValueError)


def queue_mail(
    to_address: str,
    subject: str,
    body: str,
    *,
    kind: str,
    person_id: int | None = None,
    ics: str | None = None,
) -> OutboxMessage:
    """Add a message to the outbox in the caller's transaction and flush it."""
    message = OutboxMessage(
        to_address=rules.check_address(to_address),
        subject=rules.check_subject(subject),
        body=body,
        kind=kind,
        person_id=person_id,
        ics=ics,
        status=MailStatus.PENDING,
        attempts=0,
        next_attempt_at=utcnow(),
    )
    db.session.add(message)
    db.session.flush()
    return message


def _sender_domain(config: Mapping[str, Any]) -> str:
    address = parseaddr(config.get("MAIL_FROM") or "")[1]
    return address.rpartition("@")[2] or "localhost"


def build_email(message: OutboxMessage, config: Mapping[str, Any]) -> EmailMessage:
    """The message as it goes over SMTP: headers, text body and any calendar invitation."""
    email = EmailMessage()
    email["From"] = config["MAIL_FROM"]
    email["To"] = message.to_address
    email["Subject"] = message.subject
    email["Date"] = format_datetime(message.created_at)
    # Derived from the row, not random, so every retry carries the same id and a mail client
    # can drop the duplicate if a send succeeded but was not recorded.
    stamp = int(message.created_at.timestamp())
    email["Message-ID"] = f"<outbox.{message.id}.{stamp}@{_sender_domain(config)}>"
    email.set_content(message.body)
    if message.ics:
        params: dict[str, str] = {}
        method = rules.ics_method(message.ics)
        if method is not None:
            # Calendar clients read the method from the Content-Type to tell an invitation
            # from a cancellation.
            params["method"] = method
        email.add_attachment(
            message.ics,
            subtype="calendar",
            charset="utf-8",
            filename="invite.ics",
            params=params,
        )
    return email


def send_email(email: EmailMessage, config: Mapping[str, Any]) -> None:
    """Hand one message to the configured SMTP server; raises one of DELIVERY_ERRORS."""
    timeout = float(config.get("MAIL_TIMEOUT") or DEFAULT_TIMEOUT)
    with smtplib.SMTP(config["MAIL_SERVER"], int(config["MAIL_PORT"]), timeout=timeout) as smtp:
        if config.get("MAIL_USE_TLS"):
            smtp.starttls(context=ssl.create_default_context())
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD") or "")
        smtp.send_message(email)


def record_sent(message: OutboxMessage, now: datetime) -> None:
    """Mark a message delivered."""
    message.attempts += 1
    message.status = MailStatus.SENT
    message.sent_at = now
    message.last_error = None


def record_failure(message: OutboxMessage, error: BaseException, now: datetime) -> bool:
    """Count a failed attempt and schedule the next one; return True if it is given up on."""
    message.attempts += 1
    message.last_error = f"{type(error).__name__}: {error}"[:1000]
    message.next_attempt_at = now + rules.backoff(message.attempts)
    if rules.gives_up(message.attempts):
        message.status = MailStatus.FAILED
        return True
    return False
