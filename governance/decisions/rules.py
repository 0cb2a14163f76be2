"""Pure rules of the decision record: quorum, reasons, votes, numbering, immutability."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from governance.errors import DomainError

#: Rationales that explain nothing; a decision must say why.
TOKEN_RATIONALES = frozenset(
    {
        "agreed",
        "approved",
        "as above",
        "as per paper",
        "see paper",
        "see report",
        "n/a",
        "na",
        "none",
        "noted",
        "yes",
        "ok",
        "as discussed",
        "per discussion",
        "tbc",
        "-",
        ".",
    }
)
MIN_RATIONALE_WORDS = 6


@dataclass(frozen=True)
class QuorumRule:
    """A board's quorum: a count and/or fraction of filled voting seats, plus category minimums."""

    min_count: int | None = None
    fraction: tuple[int, int] | None = None
    category_minimums: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Voter:
    """Someone present at the moment of a decision, in a seat (their own or as a deputy)."""

    person_id: int
    category: str
    voting: bool


@dataclass(frozen=True)
class QuorumResult:
    quorate: bool
    counted: int
    required: int
    filled_voting_seats: int
    shortfalls: tuple[str, ...]
    counted_person_ids: tuple[int, ...]
    withdrawn_person_ids: tuple[int, ...]

    def as_snapshot(self) -> dict:
        return {
            "quorate": self.quorate,
            "counted": self.counted,
            "required": self.required,
            "filled_voting_seats": self.filled_voting_seats,
            "shortfalls": list(self.shortfalls),
            "counted_person_ids": list(self.counted_person_ids),
            "withdrawn_person_ids": list(self.withdrawn_person_ids),
        }


def required_count(rule: QuorumRule, filled_voting_seats: int) -> int:
    """How many voting members must be present: the larger of the count and the fraction."""
    needed = rule.min_count or 0
    if rule.fraction is not None:
        numerator, denominator = rule.fraction
        needed = max(needed, math.ceil(filled_voting_seats * numerator / denominator))
    return max(needed, 1)


def quorum_at(
    rule: QuorumRule,
    filled_voting_seats: int,
    present: Iterable[Voter],
    withdrawn: Iterable[int] = (),
) -> QuorumResult:
    """Whether those present, less anyone who withdrew under a declared interest, make a quorum."""
    withdrawn_ids = set(withdrawn)
    counted = [v for v in present if v.voting and v.person_id not in withdrawn_ids]
    # A person counts once, even if recorded twice (e.g. member and deputy by mistake).
    unique = {v.person_id: v for v in counted}
    required = required_count(rule, filled_voting_seats)
    shortfalls = []
    if len(unique) < required:
        shortfalls.append(f"{len(unique)} voting members present; {required} needed.")
    for category, minimum in sorted(rule.category_minimums.items()):
        have = sum(1 for v in unique.values() if v.category == category)
        if have < minimum:
            shortfalls.append(
                f"{have} {category.replace('_', '-')} member{'s' if have != 1 else ''} present;"
                f" {minimum} needed."
            )
    return QuorumResult(
        quorate=not shortfalls,
        counted=len(unique),
        required=required,
        filled_voting_seats=filled_voting_seats,
        shortfalls=tuple(shortfalls),
        counted_person_ids=tuple(sorted(unique)),
        withdrawn_person_ids=tuple(sorted(withdrawn_ids)),
    )


def check_meeting_started(starts_at: datetime, now: datetime, timezone: str) -> None:
    """A decision is recorded at a meeting that has begun: in progress or held, never ahead.

    Raises:
        DomainError: the meeting has not started yet; says when it does.
    """
    if now < starts_at:
        local = starts_at.astimezone(ZoneInfo(timezone))
        raise DomainError(
            f"This meeting starts on {local:%A %-d %B %Y at %H:%M}. A decision can be recorded "
            "once the meeting has started, not before: the record shows who was there when "
            "the board decided."
        )


def check_rationale(text: str) -> str:
    """A rationale people can read: several words, not a token such as "agreed".

    Raises:
        DomainError: the rationale is empty, a token, or too short to explain anything.
    """
    cleaned = " ".join(text.split())
    if not cleaned:
        raise DomainError("Say why the board decided this.", field="rationale")
    if (
        cleaned.lower().strip(".! ") in TOKEN_RATIONALES
        or len(re.findall(r"\w+", cleaned)) < MIN_RATIONALE_WORDS
    ):
        raise DomainError(
            "Give the reasons in a sentence or two, so members, staff and parents can follow "
            "them; “agreed” or “see paper” is not a reason.",
            field="rationale",
        )
    return cleaned


def check_alternatives(
    is_decision_item: bool, alternatives: str, no_alternatives_reason: str
) -> None:
    """Decision items record the options rejected, or say why there were none.

    Raises:
        DomainError: neither alternatives nor a reason for having none is given.
    """
    if not is_decision_item:
        return
    if alternatives.strip():
        return
    if len(no_alternatives_reason.strip()) >= 10:
        return
    raise DomainError(
        "Record the alternatives considered and why they were rejected, or explain why there "
        "were none.",
        field="alternatives",
    )


def check_votes(votes_for: int, against: int, abstentions: int, voters: int) -> None:
    """Vote counts are whole, add up to no more than those counted, and carry the motion.

    Raises:
        DomainError: a count is negative, the total exceeds the voters, or the motion fell.
    """
    if min(votes_for, against, abstentions) < 0:
        raise DomainError("Vote counts cannot be negative.", field="votes_for")
    if votes_for + against + abstentions > voters:
        raise DomainError(
            f"{votes_for + against + abstentions} votes recorded but only {voters} voting "
            "members could vote.",
            field="votes_for",
        )
    if votes_for <= against:
        raise DomainError(
            "The motion was not carried; record the discussion in the minutes instead.",
            field="votes_for",
        )


def decision_number(code: str, year: int, sequence: int) -> str:
    """The decision's reference, e.g. PB/2026/014."""
    return f"{code}/{year}/{sequence:03d}"


#: The decision statuses, by value: this module takes no model import.
RECORDED, CONFIRMED, SUPERSEDED = "recorded", "confirmed", "superseded"

#: All that may change on a confirmed decision: a later decision marks it superseded.
SUPERSESSION_CHANGES = frozenset({"status", "superseded_by_id"})


def check_mutable(number: str, status: str) -> None:
    """A decision may change only while it awaits its minutes; later ones are corrected instead.

    Raises:
        DomainError: the decision is confirmed or superseded.
    """
    if status == CONFIRMED:
        raise DomainError(
            f"Decision {number} was confirmed when its minutes were approved and "
            "cannot change; record a correction that points at it instead."
        )
    if status == SUPERSEDED:
        raise DomainError(
            f"Decision {number} has been superseded by a later decision and cannot change."
        )


def check_change(number: str, before: str, after: str, changed: Iterable[str]) -> None:
    """A change to a stored decision is allowed while it is recorded, or when it is superseded.

    Raises:
        DomainError: a confirmed or superseded decision would change in any other way.
    """
    if before == RECORDED:
        return
    if before == CONFIRMED and after == SUPERSEDED and set(changed) <= SUPERSESSION_CHANGES:
        return
    check_mutable(number, before)
