"""Pure rules of the register of interests and of declarations on agenda items.

No Flask and no session: plain values in, a cleaned value or a DomainError out.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Protocol, TypeVar

from governance.errors import DomainError
from governance.interests.models import DeclarationAction
from governance.meetings.models import OPEN, MeetingStatus

KINDS = {"financial": "Financial", "non-financial": "Non-financial", "personal": "Personal"}
MIN_REASON = 10


class Dated(Protocol):
    organisation_id: int | None
    starts_on: date
    ends_on: date | None


D = TypeVar("D", bound=Dated)


@dataclass(frozen=True)
class DeclarationValues:
    nature: str
    action: DeclarationAction
    dispensation_by: str | None
    dispensation_reason: str | None


def is_current(starts_on: date, ends_on: date | None, on: date) -> bool:
    """An entry is current from its first day to its last, inclusive."""
    return starts_on <= on and (ends_on is None or ends_on >= on)


def check_entry(description: str, kind: str, starts_on: date | None) -> str:
    """A register entry says what the interest is, of a known kind, from a given day.

    Raises:
        DomainError: the description is empty, the kind unknown, or no start date is given.
    """
    cleaned = " ".join(description.split())
    if len(cleaned) < 5:
        raise DomainError(
            "Describe the interest, e.g. “Trustee of Little Steps Family Groups”.",
            field="description",
        )
    if kind not in KINDS:
        raise DomainError("Choose financial, non-financial or personal.", field="kind")
    if starts_on is None:
        raise DomainError("Give the date the interest began.", field="starts_on")
    return cleaned


def check_end(starts_on: date, ended_on: date | None, ends_on: date) -> None:
    """An entry ends once, on or after the day it began; it is kept, never deleted.

    Raises:
        DomainError: the entry has already ended, or the end is before the start.
    """
    if ended_on is not None:
        raise DomainError(f"This entry already ended on {ended_on:%-d %B %Y}.", field="ends_on")
    if ends_on < starts_on:
        raise DomainError(
            f"The entry began on {starts_on:%-d %B %Y}; it cannot end before that.",
            field="ends_on",
        )


def check_declaration(
    nature: str,
    action: DeclarationAction,
    dispensation_by: str | None,
    dispensation_reason: str | None,
) -> DeclarationValues:
    """A declaration says what the interest is and what the person did; a dispensation says who
    granted it and why.

    Raises:
        DomainError: the nature is missing, or a dispensation lacks who granted it or why.
    """
    cleaned = " ".join(nature.split())
    if len(cleaned) < 5:
        raise DomainError("Say what the interest is, in the words to be minuted.", field="nature")
    if action is not DeclarationAction.DISPENSATION:
        # Who granted a dispensation means nothing when none was granted.
        return DeclarationValues(cleaned, action, None, None)
    by = " ".join((dispensation_by or "").split())
    reason = " ".join((dispensation_reason or "").split())
    if not by:
        raise DomainError("Say who granted the dispensation.", field="dispensation_by")
    if len(reason) < MIN_REASON:
        raise DomainError(
            "Say why the dispensation was granted (a sentence the minutes will carry).",
            field="dispensation_reason",
        )
    return DeclarationValues(cleaned, action, by, reason)


def check_declarable(status: MeetingStatus) -> None:
    """Declarations are recorded at a called or held meeting.

    Raises:
        DomainError: the meeting is a draft, cancelled, or its minutes are approved.
    """
    if status not in OPEN:
        raise DomainError(
            f"This meeting is {status.label.lower()}; declarations are recorded only for "
            "meetings with notice issued or held."
        )


def check_declarant(person_id: int, eligible: Collection[int]) -> None:
    """The person declaring sits on the board that day, or is present at the meeting.

    Raises:
        DomainError: the person neither holds a seat that day nor is recorded present.
    """
    if person_id not in eligible:
        raise DomainError(
            "Choose someone who holds a seat on the board that day or is recorded present.",
            field="person_id",
        )


def check_entry_for(
    entry_person_id: int, person_id: int, starts_on: date, ends_on: date | None, on: date
) -> None:
    """A register entry named in a declaration is the declarer's, and current on the day.

    Raises:
        DomainError: the entry belongs to someone else or is not current on the meeting day.
    """
    if entry_person_id != person_id:
        raise DomainError(
            "That register entry belongs to someone else; choose one of theirs or none.",
            field="interest_id",
        )
    if not is_current(starts_on, ends_on, on):
        raise DomainError(
            "That register entry is not current on the day of the meeting.", field="interest_id"
        )


def relevant_first(entries: Iterable[D], organisation_ids: Collection[int]) -> list[D]:
    """Entries about an organisation on the board come first, then the rest; newest first."""
    ordered = sorted(entries, key=lambda e: e.starts_on, reverse=True)
    return sorted(ordered, key=lambda e: e.organisation_id not in organisation_ids)
