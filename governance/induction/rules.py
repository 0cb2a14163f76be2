"""Pure rules of induction: who starts one, due dates, what is overdue, who may sign off.

No Flask and no session: plain values in, a result or a DomainError out.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Protocol

from governance.errors import DomainError
from governance.induction.models import StepKind

#: New holders of these seat categories always start an induction, whatever the board says.
ALWAYS_INDUCTED = frozenset({"parent"})
#: Steps are due within two years of the appointment at the latest.
MAX_OFFSET_DAYS = 730
#: Past this many days, a step is described in weeks, then in months.
WEEKS_FROM, MONTHS_FROM = 14, 60


class Dated(Protocol):
    @property
    def due_on(self) -> date: ...

    @property
    def done_on(self) -> date | None: ...


@dataclass(frozen=True)
class Progress:
    """Where a record stands on a day (the items are those given to `progress`)."""

    total: int
    done: int
    overdue: tuple[Any, ...]
    #: Steps not yet done, soonest due first.
    outstanding: tuple[Any, ...]

    @property
    def complete(self) -> bool:
        return self.total > 0 and self.done == self.total

    @property
    def next(self) -> Any:
        return self.outstanding[0] if self.outstanding else None

    @property
    def behind(self) -> bool:
        return bool(self.overdue)


@dataclass(frozen=True)
class StepValues:
    title: str
    description: str
    kind: StepKind
    due_offset_days: int


def starts_induction(category: str, board_categories: Collection[str]) -> bool:
    """New parent members always start an induction; others when the board asks for it."""
    return category in ALWAYS_INDUCTED or category in set(board_categories)


def due_on(starts_on: date, offset_days: int) -> date:
    """A step is due `offset_days` after the appointment starts."""
    return starts_on + timedelta(days=offset_days)


def is_overdue(due: date, done_on: date | None, today: date) -> bool:
    """A step is overdue when it is not done and its due day has passed (today is not late)."""
    return done_on is None and due < today


def progress(items: Sequence[Dated], today: date) -> Progress:
    """Count what is done, list what is overdue and what is still to do."""
    outstanding = tuple(sorted((i for i in items if i.done_on is None), key=lambda i: i.due_on))
    return Progress(
        total=len(items),
        done=len(items) - len(outstanding),
        overdue=tuple(i for i in outstanding if is_overdue(i.due_on, i.done_on, today)),
        outstanding=outstanding,
    )


def describe_offset(days: int) -> str:
    """An offset in words: "on the first day", "within 5 days", "within 2 weeks", "within 6
    months"."""
    if days == 0:
        return "on the first day"
    if days == 7:
        return "within a week"
    if days < WEEKS_FROM or days % 7 and days < MONTHS_FROM:
        return f"within {days} day{'s' if days != 1 else ''}"
    if days < MONTHS_FROM:
        return f"within {days // 7} weeks"
    months = round(days / 30.5)
    return f"within {months} months"


def check_step(title: str, description: str, kind: str, offset: int | None) -> StepValues:
    """A step has a title, a known kind and a due offset of up to two years.

    Raises:
        DomainError: the title is missing, the kind unknown or the offset out of range.
    """
    cleaned = " ".join((title or "").split())
    if len(cleaned) < 3:
        raise DomainError("Give the step a title, e.g. “Safeguarding briefing”.", field="title")
    if len(cleaned) > 200:
        raise DomainError("Keep the title under 200 characters.", field="title")
    try:
        step_kind = StepKind(kind)
    except ValueError:
        raise DomainError("Choose how the step is signed off.", field="kind") from None
    if offset is None or offset < 0 or offset > MAX_OFFSET_DAYS:
        raise DomainError(
            f"Give the number of days after the appointment starts, from 0 to {MAX_OFFSET_DAYS}.",
            field="due_offset_days",
        )
    return StepValues(cleaned, (description or "").strip(), step_kind, offset)


def check_sign_off(
    kind: StepKind, done_on: date | None, already: date | None, starts_on: date, today: date
) -> date:
    """A step is signed off once, on a day no later than today; a buddy step is done by
    assigning a buddy. Returns the day it was done.

    Raises:
        DomainError: it is already done, is a buddy step, or the date is in the future or
            before the induction began (less a fortnight, for what was done beforehand).
    """
    if already is not None:
        raise DomainError(f"This step was already done on {already:%-d %B %Y}.")
    if kind is StepKind.BUDDY:
        raise DomainError("Assign a buddy to complete this step.", field="buddy_id")
    day = today if done_on is None or kind is StepKind.AGREEMENT else done_on
    if day > today:
        raise DomainError("The day it was done cannot be in the future.", field="done_on")
    if day < starts_on - timedelta(days=14):
        raise DomainError(
            f"The induction began on {starts_on:%-d %B %Y}; give a day from then on.",
            field="done_on",
        )
    return day


def check_read_first(kind: StepKind, unread: Sequence[str]) -> None:
    """An agreement is given only after every piece of its step's material has been opened:
    agreeing to a code nobody has opened is no agreement.

    Raises:
        DomainError: the step is an agreement and some of its material is still unopened.
    """
    if kind is StepKind.AGREEMENT and unread:
        titles = " and ".join(f"“{t}”" for t in unread)
        raise DomainError(f"Open and read {titles} first, then agree.")


def check_buddy(person_id: int, buddy_id: int | None, current: int | None) -> None:
    """A buddy is someone other than the new member, and a change.

    Raises:
        DomainError: no buddy is chosen, the buddy is the new member, or nothing changes.
    """
    if buddy_id is None:
        raise DomainError("Choose a buddy.", field="buddy_id")
    if buddy_id == person_id:
        raise DomainError("A new member cannot be their own buddy.", field="buddy_id")
    if buddy_id == current:
        raise DomainError("That person is already the buddy.", field="buddy_id")


def check_page(title: str, body: str) -> tuple[str, str]:
    """A page of material has a title and some text.

    Raises:
        DomainError: the title or the text is missing.
    """
    cleaned = " ".join((title or "").split())
    if len(cleaned) < 3 or len(cleaned) > 200:
        raise DomainError("Give the material a title (3 to 200 characters).", field="title")
    text = (body or "").replace("\r\n", "\n").strip()
    if len(text) < 10:
        raise DomainError("Write the text of the page.", field="body")
    return cleaned, text


def completed_on(done_days: Sequence[date | None]) -> date | None:
    """The day the last step was done, once every step is done; otherwise None."""
    if not done_days or any(d is None for d in done_days):
        return None
    return max(d for d in done_days if d is not None)


def moved(ids: Sequence[int], step_id: int, direction: str) -> list[int]:
    """The order of steps after moving one up or down (unchanged at either end).

    Raises:
        DomainError: the direction is neither up nor down, or the step is not in the list.
    """
    if direction not in ("up", "down") or step_id not in ids:
        raise DomainError("Move a step of this programme up or down.")
    order = list(ids)
    i = order.index(step_id)
    j = i - 1 if direction == "up" else i + 1
    if 0 <= j < len(order):
        order[i], order[j] = order[j], order[i]
    return order
