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
    #: Childcare: the ages as the member wrote them, kept so nothing they typed is changed.
    ages_text: str = ""


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


#: Numbers parents write as words, for ages and the number of children.
_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
          "eleven", "twelve", "thirteen", "fourteen", "fifteen")  # fmt: skip
NUMBER_WORDS = {word: n for n, word in enumerate(_WORDS)}
_UNITS = {
    "years": ("years", "year", "yrs", "yr", "yo", "y"),
    "months": ("months", "month", "mths", "mth", "mos", "mo", "m"),
    "weeks": ("weeks", "week", "wks", "wk", "w"),
}
_UNIT = {form: unit for unit, forms in _UNITS.items() for form in forms}
#: One piece of what was written: a number with an optional unit, a word meaning a baby, a
#: separator between children, or a filler word ("old", "aged").
_PIECE = re.compile(
    r"\s*(?:"
    r"(?P<number>[0-9]{1,3}|" + "|".join(NUMBER_WORDS) + r")\s*"
    r"(?P<unit>" + "|".join(sorted(_UNIT, key=len, reverse=True)) + r")?(?![a-z0-9])"
    r"|(?P<baby>baby|newborn|under\s*(?:1|one)(?:\s*years?)?)(?![a-z0-9])"
    r"|(?P<separator>and|&|,|;|/|\+)"
    r"|(?P<filler>years?\s+old|old|aged|age|yo)(?![a-z0-9])"
    r")"
)
AGES_MESSAGE = (
    "We could not read the ages: give each child's age as a number, for example “1 and 3”, "
    "“18 months” or “1 year 6 months” (0 for a baby)."
)


def _pieces(text: str) -> list[tuple[str, int]]:
    """What was written as (unit, number) pairs and ("and", 0) separators.

    Raises:
        DomainError: something in the text is neither an age nor a separator.
    """
    pieces: list[tuple[str, int]] = []
    at, text = 0, text.lower().replace("’", "'")
    while at < len(text.rstrip(" .")):
        found = _PIECE.match(text, at)
        if found is None or found.end() == at:
            raise DomainError(AGES_MESSAGE, field="ages")
        at = found.end()
        if found["number"]:
            word = found["number"]
            number = NUMBER_WORDS[word] if word in NUMBER_WORDS else int(word)
            pieces.append((_UNIT.get(found["unit"] or "", "bare"), number))
        elif found["baby"]:
            pieces.append(("months", 0))
        elif found["separator"]:
            pieces.append(("and" if found["separator"] in ("and", "&", "+") else ",", 0))
    return pieces


def parse_age_months(text: str) -> tuple[int, ...]:
    """Children's ages as written ("1 and 3", "18 months", "1 year 6 months", "two and a
    baby"), each in whole months. A number on its own is years; years followed by months
    ("1 year 6 months", "1 year and 6 months") are one child.

    Raises:
        DomainError: something other than ages is given, or an age is out of range.
    """
    ages: list[int] = []
    joinable = False  # the last age was given in years, so months may follow it
    for unit, number in _pieces(text):
        if unit in ("and", ","):
            joinable = joinable and unit == "and"
            continue
        months = {"years": 12, "bare": 12, "months": 1, "weeks": 0}[unit] * number
        if unit == "months" and joinable and number < 12:
            ages[-1] += months
            joinable = False
            continue
        ages.append(months)
        joinable = unit == "years"
    if any(a >= (MAX_CHILD_AGE + 1) * 12 for a in ages):
        raise DomainError(
            f"The crèche is for children up to {MAX_CHILD_AGE}; check the ages.", field="ages"
        )
    return tuple(ages)


def parse_ages(text: str) -> tuple[int, ...]:
    """Children's ages as written, in whole years (0 for a baby): see `parse_age_months`.

    Raises:
        DomainError: something other than ages is given, or an age is out of range.
    """
    return tuple(months // 12 for months in parse_age_months(text))


def check_need(need: NeedRequest) -> NeedRequest:
    """A need says enough for the secretary to arrange it; free text within the limit.

    Raises:
        DomainError: childcare without the number and ages of the children, travel without
            how, a described need without words, or text over the limit.
    """
    details = check_text(need.details, _details_field(need.kind), "the details")
    ages_text = check_text(need.ages_text, "ages", "the ages")
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
    return NeedRequest(
        need.kind, need.children, need.children_ages, need.travel_mode, details, ages_text
    )


#: The words typed for each kind of need, by field, and what the tick box is called.
TYPED_FIELDS: dict[NeedKind, tuple[str, ...]] = {
    NeedKind.CHILDCARE: ("children", "ages"),
    NeedKind.TRAVEL: ("travel_details",),
    NeedKind.ACCESS: ("access_details",),
    NeedKind.INTERPRETER: ("language",),
    NeedKind.OTHER: ("other_details",),
}


def typed_but_not_ticked(
    ticked: Iterable[NeedKind], typed: dict[str, str], labels: dict[NeedKind, str]
) -> list[tuple[str, str]]:
    """Fields filled in for help whose box is not ticked, each with a message: what was typed
    there would otherwise be dropped without a word. (A travel choice is not counted: a radio
    button cannot be cleared, so one left chosen says nothing.)"""
    chosen = set(ticked)
    found = []
    for kind, fields in TYPED_FIELDS.items():
        if kind in chosen:
            continue
        for name in fields:
            if (typed.get(name) or "").strip():
                found.append(
                    (
                        name,
                        f"You filled this in but did not tick “{labels[kind]}”: tick it to ask "
                        "for this help, or clear this box.",
                    )
                )
    return found


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
