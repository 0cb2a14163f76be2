"""Pure rules of the outbox: header safety, retry timing, calendar method.

No Flask and no database session: these take plain values and either return
a result or raise DomainError.
"""

from __future__ import annotations

import re
from datetime import timedelta

from governance.errors import DomainError
from governance.fields import LINE_BREAKS

#: Wait before the next attempt, indexed by failed attempts so far minus one.
BACKOFF = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=12),
)
#: After this many failed attempts a message is marked failed and no longer retried.
MAX_ATTEMPTS = 5
#: Longest address the outbox column (and RFC 5321) allows.
MAX_ADDRESS_LENGTH = 254
#: Longest subject the outbox column holds.
MAX_SUBJECT_LENGTH = 300

# A METHOD property line of an iCalendar object; property names are case-insensitive (RFC 5545).
_METHOD_LINE = re.compile(r"^METHOD(?:;[^:\r\n]*)?:([^\r\n]*)\r?$", re.IGNORECASE | re.MULTILINE)
# The value goes into a Content-Type parameter, so only a bare token is accepted.
_METHOD_VALUE = re.compile(r"^[A-Za-z][A-Za-z0-9-]*$")


def check_header(value: str, field: str) -> str:
    """Return `value` if it is safe to put in a mail header.

    Raises:
        DomainError: the value holds a carriage return or line feed, which would let it
            add headers of its own (header injection).
    """
    if "\r" in value or "\n" in value:
        raise DomainError(f"The {field} must be a single line.", field=field)
    return value


def fold_line_breaks(value: str) -> str:
    """`value` with every other line or paragraph break (U+2028, NEL, form feed...) made a
    space: the email library refuses a header holding one, so the message would never go.
    Forms refuse them in single-line fields; this is the backstop for anything older."""
    return "".join(" " if ch in LINE_BREAKS else ch for ch in value)


def check_address(address: str) -> str:
    """Return the address, trimmed, if a message can be sent to it.

    Raises:
        DomainError: the address is empty, too long, or not a single line.
    """
    if fold_line_breaks(check_header(address, "to_address")) != address:
        raise DomainError("The to_address must be a single line.", field="to_address")
    address = address.strip()
    if not address:
        raise DomainError("Give an address to send the message to.", field="to_address")
    if len(address) > MAX_ADDRESS_LENGTH:
        raise DomainError(
            f"An email address can be at most {MAX_ADDRESS_LENGTH} characters.",
            field="to_address",
        )
    return address


def check_subject(subject: str) -> str:
    """Return the subject, trimmed and shortened to fit the outbox, if it is one line.

    Raises:
        DomainError: the subject is not a single line.
    """
    subject = fold_line_breaks(check_header(subject, "subject")).strip()
    # A long board or meeting name must not stop a notice going out; an ellipsis shows the cut.
    if len(subject) > MAX_SUBJECT_LENGTH:
        subject = subject[: MAX_SUBJECT_LENGTH - 1].rstrip() + "…"
    return subject


def backoff(attempts: int) -> timedelta:
    """How long to wait after `attempts` failed attempts before trying again."""
    if attempts < 1:
        return timedelta(0)
    return BACKOFF[min(attempts, len(BACKOFF)) - 1]


def gives_up(attempts: int) -> bool:
    """Whether a message that has failed `attempts` times should no longer be retried."""
    return attempts >= MAX_ATTEMPTS


def ics_method(ics: str) -> str | None:
    """The METHOD of an iCalendar text (REQUEST, CANCEL, ...), upper-cased, or None."""
    match = _METHOD_LINE.search(ics)
    if match is None:
        return None
    value = match.group(1).strip()
    return value.upper() if _METHOD_VALUE.match(value) else None
