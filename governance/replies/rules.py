"""Pure rules of replies to meeting notices: when members may reply, what counts as late,
what a support need must say, and how a reply moves the attendance register.

No Flask and no session. Times are timezone-aware; days are counted in the board's timezone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from governance.attendance.models import AttendanceStatus
from governance.errors import DomainError
from governance.meetings.models import MeetingStatus
from governance.meetings.rules import REPLY_DAYS_BEFORE, local_date, local_datetime
from governance.meetings.rules import reply_by_day as reply_by_day  # the notice names it too
from governance.replies.models import NeedKind, NeedStatus, TravelMode

#: Replies are asked for by the end of the day this many days before the meeting day, so the
#: secretary has a working day to book a crèche, a taxi or an interpreter.
MAX_CHILDREN = 8
MAX_CHILD_AGE = 15
MAX_TEXT = 300
#: Kinds of need that are described only in words, and what the words are called.
DESCRIBED = {
    NeedKind.ACCESS: "the access you need",
    NeedKind.INTERPRETER: "the language",
    NeedKind.OTHER: "what you need",
}


@dataclass(frozen=True)
class NeedRequest:
    """One kind of support as the member asked for it."""

    kind: NeedKind
    children: int | None = None
    children_ages: tuple[int, ...] = ()
    travel_mode: TravelMode | None = None
    details: str = ""


def reply_by(starts_at: datetime, timezone: str) -> datetime:
    """The reply-by time: the end of the day `REPLY_DAYS_BEFORE` days before the meeting day."""
    day = local_date(starts_at, timezone) - timedelta(days=REPLY_DAYS_BEFORE - 1)
    return local_datetime(day, time(0), timezone)


def is_late(now: datetime, deadline: datetime, notice_issued_at: datetime | None) -> bool:
    """A reply or change after the reply-by time is late, unless notice itself came after it."""
    if notice_issued_at is not None and notice_issued_at >= deadline:
        return False
    return now >= deadline


def check_can_reply(
    status: MeetingStatus, starts_at: datetime, now: datetime, is_member: bool
) -> None:
    """Members reply to a meeting that has been called, until it starts.

    Raises:
        DomainError: the meeting is not called, has started, or the person is not a member.
    """
    if status is not MeetingStatus.NOTICE_ISSUED:
        raise DomainError(
            f"This meeting is {status.label.lower()}; replies are for meetings that have been "
            "called."
        )
    if now >= starts_at:
        raise DomainError(
            "The meeting has started, so replies are closed; tell the secretary, who records "
            "attendance on the day."
        )
    if not is_member:
        raise DomainError("Only members of the board on the day of the meeting reply.")


def check_text(value: str, field: str, label: str) -> str:
    """Free text, trimmed, within the limit.

    Raises:
        DomainError: the text is longer than `MAX_TEXT` characters.
    """
    value = value.strip()
    if len(value) > MAX_TEXT:
        raise DomainError(
            f"Keep {label} to {MAX_TEXT} characters (it is {len(value)}).", field=field
        )
    return value


def parse_ages(text: str) -> tuple[int, ...]:
    """Children's ages as written ("1 and 3", "2, 4", "6 months") in whole years.

    Raises:
        DomainError: something other than ages is given, or an age is out of range.
    """
    cleaned = text.lower().replace("under 1", "0").replace("baby", "0")
    cleaned = re.sub(r"[0-9]+\s*(months?|mths?|weeks?)", "0", cleaned)
    cleaned = re.sub(r"\b(and|years?|yrs?|old)\b|&", ",", cleaned)
    parts = [p for p in re.split(r"[\s,;/]+", cleaned) if p]
    # ASCII digits only: isdigit() also takes "²" and other scripts' digits, which int() refuses.
    if not all(p.isascii() and p.isdigit() and len(p) <= 3 for p in parts):
        raise DomainError(
            "Give each child's age in years as a number, e.g. “1 and 3” (0 for a baby).",
            field="ages",
        )
    ages = tuple(int(p) for p in parts)
    if any(a > MAX_CHILD_AGE for a in ages):
        raise DomainError(
            f"The crèche is for children up to {MAX_CHILD_AGE}; check the ages.", field="ages"
        )
    return ages


def check_need(need: NeedRequest) -> NeedRequest:
    """A need says enough for the secretary to arrange it; free text within the limit.

    Raises:
        DomainError: childcare without the number and ages of the children, travel without
            how, a described need without words, or text over the limit.
    """
    details = check_text(need.details, _details_field(need.kind), "the details")
    if need.kind is NeedKind.CHILDCARE:
        if need.children is None or not 1 <= need.children <= MAX_CHILDREN:
            raise DomainError(
                f"Say how many children are coming (1 to {MAX_CHILDREN}).", field="children"
            )
        if len(need.children_ages) != need.children:
            raise DomainError(
                f"Give an age for each of the {need.children} children "
                f"({len(need.children_ages)} given).",
                field="ages",
            )
    if need.kind is NeedKind.TRAVEL and need.travel_mode is None:
        raise DomainError("Choose the help with travel you need.", field="travel_mode")
    if need.kind in DESCRIBED and not details:
        raise DomainError(f"Tell us {DESCRIBED[need.kind]}.", field=_details_field(need.kind))
    return NeedRequest(need.kind, need.children, need.children_ages, need.travel_mode, details)


def _details_field(kind: NeedKind) -> str:
    return {NeedKind.INTERPRETER: "language"}.get(kind, f"{kind.value}_details")


def check_deputy(deputy_id: int | None, allowed: Iterable[int]) -> None:
    """A deputy comes from the member's organisation and holds no seat of their own.

    Raises:
        DomainError: the person named is not one the member may send.
    """
    if deputy_id is not None and deputy_id not in set(allowed):
        raise DomainError(
            "Choose a deputy from your own organisation who is not a member of the board.",
            field="deputy_id",
        )


def next_need_status(
    current: NeedStatus | None, wanted: bool, same_details: bool
) -> NeedStatus | None:
    """Where a need stands after a reply: None means there is nothing left to keep.

    A new or changed need is to arrange; one dropped before it was arranged goes; one dropped
    after it was arranged waits for the secretary to cancel the arrangement.
    """
    if not wanted:
        if current in (NeedStatus.ARRANGED, NeedStatus.TO_CANCEL):
            return NeedStatus.TO_CANCEL
        return None
    if current is None or not same_details:
        return NeedStatus.TO_ARRANGE
    if current is NeedStatus.TO_CANCEL:
        return NeedStatus.ARRANGED  # asked for again, just as it was arranged
    return current


def check_mark_done(status: NeedStatus) -> None:
    """Only an open need can be marked as done.

    Raises:
        DomainError: the need is already arranged.
    """
    if status is NeedStatus.ARRANGED:
        raise DomainError("This has already been arranged.")


@dataclass(frozen=True)
class RegisterLine:
    """A line already in the register, as far as these rules need to know."""

    status: AttendanceStatus
    #: Set when the member sent the apologies themselves (by replying), not the secretary.
    sent_by_member: bool


def register_recorded(meeting_status: MeetingStatus, lines: Iterable[RegisterLine]) -> bool:
    """The secretary has recorded the meeting's attendance: the meeting is held, or the
    register holds any line other than apologies members sent themselves."""
    if meeting_status is not MeetingStatus.NOTICE_ISSUED:
        return True
    return any(
        not (line.status is AttendanceStatus.APOLOGIES and line.sent_by_member) for line in lines
    )


def undo_apologies(own: RegisterLine | None, recorded: bool) -> bool:
    """Whether a change from apologies to attending removes the member's apologies line.

    Only apologies the member sent are undone, and only while the secretary has not recorded
    the meeting's attendance; after that the register is the secretary's to correct.
    """
    return (
        own is not None
        and own.status is AttendanceStatus.APOLOGIES
        and own.sent_by_member
        and not recorded
    )
