"""Pure rules of the attendance register: who may be recorded how, and when.

No Flask and no session. Times are timezone-aware; the meeting day is counted in the board's
timezone.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from governance.attendance.models import AttendanceStatus
from governance.errors import DomainError
from governance.meetings.models import OPEN, MeetingStatus
from governance.meetings.rules import local_date

#: Statuses only a member of the board on the meeting day can have.
MEMBER_STATUSES = (AttendanceStatus.PRESENT, AttendanceStatus.APOLOGIES, AttendanceStatus.ABSENT)
#: Statuses of someone in the room, who may arrive late or leave early.
IN_ROOM = (AttendanceStatus.PRESENT, AttendanceStatus.DEPUTY, AttendanceStatus.IN_ATTENDANCE)


@dataclass(frozen=True)
class Presence:
    """When someone was in the room: None means from the start, or until the end."""

    arrived_at: datetime | None = None
    departed_at: datetime | None = None


def check_recordable(status: MeetingStatus) -> None:
    """Attendance is recorded once notice is issued, and until the minutes are approved.

    Raises:
        DomainError: the meeting is a draft, cancelled, or its minutes are approved.
    """
    if status not in OPEN:
        raise DomainError(
            f"This meeting is {status.label.lower()}; attendance is recorded only for meetings "
            "with notice issued or held."
        )


def check_times(
    status: AttendanceStatus,
    arrived_at: datetime | None,
    departed_at: datetime | None,
    meeting_day: date,
    timezone: str,
) -> None:
    """Arrival and departure fall on the meeting day, in order, and only for those in the room.

    Raises:
        DomainError: a time is given for someone not in the room, is on another day, or the
            departure is not after the arrival.
    """
    if status not in IN_ROOM and (arrived_at or departed_at):
        raise DomainError(
            f"Someone recorded as {status.label.lower()} was not in the room; leave the times "
            "blank.",
            field="arrived_at" if arrived_at else "departed_at",
        )
    for name, value in (("arrived_at", arrived_at), ("departed_at", departed_at)):
        if value is not None and local_date(value, timezone) != meeting_day:
            raise DomainError(
                f"Give a time on the day of the meeting ({meeting_day:%-d %B %Y}).", field=name
            )
    if arrived_at and departed_at and departed_at <= arrived_at:
        raise DomainError(
            "The time they left must be after the time they arrived.", field="departed_at"
        )


def check_member_status(status: AttendanceStatus, is_member: bool) -> None:
    """Present, apologies and absent are for members; others are deputies or in attendance.

    Raises:
        DomainError: the person does not hold a seat on the board on the meeting day.
    """
    if status in MEMBER_STATUSES and not is_member:
        raise DomainError(
            "This person does not hold a seat on the board on the day of the meeting; record "
            "them as a deputy or as in attendance.",
            field="status",
        )


def check_in_attendance(is_member: bool) -> None:
    """Officers and guests in attendance hold no seat on the board that day.

    Raises:
        DomainError: the person is a member of the board on the meeting day.
    """
    if is_member:
        raise DomainError(
            "This person holds a seat on the board that day; record them as present instead.",
            field="person_id",
        )


def overlaps(a: Presence, b: Presence, starts_at: datetime, ends_at: datetime) -> bool:
    """Whether two people's time in the room overlaps during the meeting."""
    a_from, a_to = a.arrived_at or starts_at, a.departed_at or ends_at
    b_from, b_to = b.arrived_at or starts_at, b.departed_at or ends_at
    return a_from < b_to and b_from < a_to


def check_deputy(
    deputy_is_member: bool,
    holder_is_member: bool | None,
    deputy: Presence,
    holder_present: Presence | None,
    other_deputies: Iterable[Presence],
    starts_at: datetime,
    ends_at: datetime,
) -> None:
    """A deputy names a member they stand in for, while that member is not in the room.

    `holder_is_member` is None when no seat holder was named; `holder_present` is the holder's
    time in the room if they are recorded present; `other_deputies` are others standing in for
    the same holder.

    Raises:
        DomainError: no holder is named, the holder is not a member that day, the deputy holds
            a seat of their own, or the holder (or another deputy) is in the room at the time.
    """
    if holder_is_member is None:
        raise DomainError("Choose the member this deputy stands in for.", field="deputy_for_id")
    if not holder_is_member:
        raise DomainError(
            "A deputy stands in for a member, and that person holds no seat on the board on the "
            "day of the meeting.",
            field="deputy_for_id",
        )
    if deputy_is_member:
        raise DomainError(
            "This person holds a seat of their own on the board; record them as present.",
            field="person_id",
        )
    if holder_present is not None and overlaps(deputy, holder_present, starts_at, ends_at):
        raise DomainError(
            "That member is recorded as present at the same time; a deputy sits only while "
            "the member is away.",
            field="deputy_for_id",
        )
    if any(overlaps(deputy, other, starts_at, ends_at) for other in other_deputies):
        raise DomainError(
            "Another deputy already stands in for that member at the same time.",
            field="deputy_for_id",
        )


def check_present_without_deputy(
    member: Presence, deputies: Iterable[Presence], starts_at: datetime, ends_at: datetime
) -> None:
    """A member cannot be in the room while their deputy sits in their seat.

    Raises:
        DomainError: a deputy for this member is recorded for an overlapping time.
    """
    if any(overlaps(member, d, starts_at, ends_at) for d in deputies):
        raise DomainError(
            "A deputy is recorded in this member's seat at the same time; give the times each "
            "was in the room.",
            field="status",
        )


def check_apologies_in_time(
    status: MeetingStatus, starts_at: datetime, now: datetime, is_member: bool
) -> None:
    """Members send apologies ahead of a meeting that has been called.

    Raises:
        DomainError: the meeting has no notice, has started, or the sender is not a member.
    """
    if status is not MeetingStatus.NOTICE_ISSUED:
        raise DomainError("Apologies can be sent only for a meeting that has been called.")
    if now >= starts_at:
        raise DomainError(
            "The meeting has started; tell the secretary, who records attendance on the day."
        )
    if not is_member:
        raise DomainError("Only members of the board on the day of the meeting send apologies.")


# Corrections after decisions ------------------------------------------------------------------


@dataclass(frozen=True)
class Counted:
    """Who the register, as it stands, would count for the quorum of one recorded decision."""

    decision_id: int
    number: str
    person_ids: frozenset[int]
    quorate: bool


@dataclass(frozen=True)
class CountChange:
    """A decision whose count a change to the register changes."""

    before: Counted
    after: Counted

    @property
    def lost(self) -> list[int]:
        return sorted(self.before.person_ids - self.after.person_ids)

    @property
    def gained(self) -> list[int]:
        return sorted(self.after.person_ids - self.before.person_ids)


def count_changes(before: Iterable[Counted], after: Iterable[Counted]) -> list[CountChange]:
    """The decisions whose count differs between the register before and after a change."""
    now = {c.decision_id: c for c in after}
    return [
        CountChange(was, now[was.decision_id])
        for was in before
        if was.decision_id in now and was.person_ids != now[was.decision_id].person_ids
    ]


def describe_count_change(change: CountChange, names: dict[int, str]) -> str:
    """One decision's change in words: "PB/2026/001: Parent would no longer be counted"."""

    def who(ids: list[int]) -> str:
        return ", ".join(names.get(i, f"Person {i}") for i in ids)

    parts = []
    if change.lost:
        parts.append(f"{who(change.lost)} would no longer be counted")
    if change.gained:
        parts.append(f"{who(change.gained)} would be counted")
    if change.before.quorate and not change.after.quorate:
        parts.append("it would no longer be quorate")
    elif change.after.quorate and not change.before.quorate:
        parts.append("it would be quorate")
    return f"{change.before.number}: " + "; ".join(parts)


def correction_warning(changes: list[CountChange], names: dict[int, str]) -> str:
    """Why a change to the register needs a reason before it is saved."""
    each = "; ".join(describe_count_change(c, names) for c in changes)
    return (
        "This changes who was counted for the quorum of decisions already recorded at this "
        f"meeting ({each}). Give the reason for the correction and save again: the decisions "
        "keep what they counted, and their trails will show the correction."
    )


def check_correction_reason(reason: str, changes: list[CountChange], names: dict[int, str]) -> str:
    """The reason for a correction, tidied.

    Raises:
        DomainError: the change alters what a recorded decision counted and no reason is given.
    """
    reason = " ".join((reason or "").split())
    if changes and not reason:
        raise DomainError(correction_warning(changes, names), field="correction_reason")
    return reason
