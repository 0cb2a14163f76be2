"""Pure rules of actions: when one is open, closed or overdue, and what a new one needs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from governance.actions.models import Action, ActionStatus
from governance.boards.models import Board
from governance.errors import DomainError
from governance.meetings.models import AgendaItem, Meeting, MeetingStatus

OPEN_STATES = frozenset({ActionStatus.OPEN, ActionStatus.IN_PROGRESS})
CLOSED_STATES = frozenset({ActionStatus.DONE, ActionStatus.DROPPED})
#: The action log's filters; the first is the default.
FILTERS = ("open", "overdue", "closed", "all")
MAX_TITLE_CHARS = 300
MAX_UPDATE_CHARS = 5000


#: Why an action arising from an approved meeting cannot change; the minutes give the same reason.
LOCKED = "Approved minutes are locked; record a correction at a later meeting"


@dataclass(frozen=True)
class ActionLine:
    """An action as a line in the minutes and on the meeting page."""

    title: str
    owner: str
    due: str


@dataclass(frozen=True)
class ActionEntry:
    """An action with the board, agenda item and meeting it arose from, as pages show it."""

    action: Action
    board: Board
    item: AgendaItem | None
    meeting: Meeting | None
    overdue: bool

    @property
    def closed(self) -> bool:
        return is_closed(self.action.status)

    @property
    def confidential(self) -> bool:
        return self.item is not None and self.item.confidential


def is_closed(status: ActionStatus) -> bool:
    """Done and dropped actions are closed; nothing more is expected of them."""
    return status in CLOSED_STATES


def is_overdue(due_on: date | None, status: ActionStatus, today: date) -> bool:
    """Past its due date (before `today` where the board meets) and not closed."""
    return due_on is not None and due_on < today and not is_closed(status)


def filter_state(value: str | None) -> str:
    """One of FILTERS; anything else means the default."""
    return value if value in FILTERS else FILTERS[0]


def check_item_open(status: MeetingStatus) -> None:
    """Actions arise from items of a held meeting whose minutes are not yet approved.

    Raises:
        DomainError: the minutes are approved, or the meeting has not been held.
    """
    if status is MeetingStatus.MINUTES_APPROVED:
        raise DomainError(LOCKED)
    if status is not MeetingStatus.HELD:
        raise DomainError("Actions arise at a meeting; record them once it has been held.")


def check_new_action(title: str, due_on: date | None, meeting_day: date | None) -> str:
    """A title someone can act on, due no earlier than the meeting it arose at.

    Raises:
        DomainError: the title is empty or too long, or the due date is before the meeting.
    """
    cleaned = " ".join(title.split())
    if not cleaned:
        raise DomainError("Say what has to be done.", field="title")
    if len(cleaned) > MAX_TITLE_CHARS:
        raise DomainError(f"Keep the title under {MAX_TITLE_CHARS} characters.", field="title")
    if due_on is not None and meeting_day is not None and due_on < meeting_day:
        raise DomainError(
            f"The due date is before the meeting it arose at ({meeting_day:%-d %B %Y}).",
            field="due_on",
        )
    return cleaned


def check_update(current: ActionStatus, text: str) -> str:
    """An update says what happened; a closed action takes no more.

    Raises:
        DomainError: the action is closed, or the update is empty or too long.
    """
    if is_closed(current):
        raise DomainError(
            f"This action is {current.label.lower()}; raise a new action if more is needed."
        )
    cleaned = text.strip()
    if not cleaned:
        raise DomainError("Say what has happened.", field="text")
    if len(cleaned) > MAX_UPDATE_CHARS:
        raise DomainError(f"Keep the update under {MAX_UPDATE_CHARS} characters.", field="text")
    return cleaned
