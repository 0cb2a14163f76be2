"""The writes of the meetings area: schedule, move, give notice, cancel, build the agenda."""

from __future__ import annotations

import uuid
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from governance.audit.changes import apply_changes
from governance.audit.operations import record_event
from governance.boards.models import Board
from governance.database import utcnow
from governance.errors import DomainError
from governance.extensions import db
from governance.meetings import notify, rules, signals
from governance.meetings.models import AgendaItem, Meeting, MeetingStatus, Purpose

if TYPE_CHECKING:
    from governance.auth.models import User

#: Changing any of these moves the meeting: calendars must update (SEQUENCE goes up).
PLACE_AND_TIME = ("starts_at", "ends_at", "location", "online_url")


def _new_uid() -> str:
    return f"{uuid.uuid4()}@governance"


def _check_open(meeting: Meeting) -> None:
    if meeting.is_closed:
        raise DomainError(
            f"This meeting is {meeting.status.label.lower()}; it can no longer change."
        )


def schedule_meeting(actor: User | None, board: Board, values: dict[str, Any]) -> Meeting:
    """Put a meeting in the board's diary as a draft."""
    rules.check_meeting_times(values["starts_at"], values["ends_at"])
    meeting = Meeting(board=board, uid=_new_uid(), sequence=0, status=MeetingStatus.DRAFT)
    db.session.add(meeting)
    changes = apply_changes(meeting, values)
    record_event(
        actor, "meeting.create", meeting, f"Scheduled meeting for board {board.id}", changes
    )
    return meeting


def schedule_series(
    actor: User | None,
    board: Board,
    values: dict[str, Any],
    days: list[date],
    starts: time,
    ends: time,
) -> list[Meeting]:
    """Schedule one meeting on each day of a series, sharing a series key."""
    key = uuid.uuid4().hex
    meetings = []
    for day in days:
        starts_at = rules.local_datetime(day, starts, board.timezone)
        ends_at = rules.local_datetime(day, ends, board.timezone)
        meeting = schedule_meeting(
            actor, board, {**values, "starts_at": starts_at, "ends_at": ends_at}
        )
        meeting.series_key = key
        meetings.append(meeting)
    return meetings


def update_meeting(actor: User | None, meeting: Meeting, values: dict[str, Any]) -> Meeting:
    """Change a meeting's title, time or place; members with notice are told of a move."""
    _check_open(meeting)
    rules.check_meeting_times(values["starts_at"], values["ends_at"])
    changes = apply_changes(meeting, values)
    if not changes:
        return meeting
    moved = any(field in changes for field in PLACE_AND_TIME)
    if moved:
        meeting.sequence += 1
        changes["sequence"] = [meeting.sequence - 1, meeting.sequence]
    record_event(
        actor,
        "meeting.move" if moved else "meeting.update",
        meeting,
        f"{'Moved' if moved else 'Updated'} meeting {meeting.id}",
        changes,
    )
    if moved and meeting.is_called:
        notify.meeting_moved(meeting)
    return meeting


def issue_notice(actor: User | None, meeting: Meeting, now: datetime | None = None) -> int:
    """Send notice of the meeting to every member; returns how many were told."""
    now = now or utcnow()
    if meeting.is_withdrawn:
        raise DomainError("This draft was withdrawn; schedule the meeting again if it is wanted.")
    if not meeting.is_draft:
        raise DomainError("Notice has already been issued for this meeting.")
    if meeting.starts_at <= now:
        raise DomainError("This meeting has already started; notice can no longer be issued.")
    if not meeting.items:
        raise DomainError("Add at least one agenda item before issuing notice.")
    meeting.status = MeetingStatus.NOTICE_ISSUED
    meeting.notice_issued_at = now
    record_event(
        actor,
        "meeting.notice",
        meeting,
        f"Issued notice of meeting {meeting.id}",
        {"status": ["draft", "notice_issued"]},
    )
    meeting.notice_sent_to = notify.notice_issued(meeting, now)
    return meeting.notice_sent_to


def cancel_meeting(actor: User | None, meeting: Meeting, reason: str) -> Meeting:
    """Cancel a meeting with a reason; it stays in calendars as cancelled."""
    _check_open(meeting)
    if meeting.is_held:
        raise DomainError("This meeting has been held; it cannot be cancelled.")
    reason = reason.strip()
    if len(reason) < 5:
        raise DomainError("Say why the meeting is cancelled.", field="reason")
    had_notice = meeting.is_called
    before = meeting.status.value
    meeting.status = MeetingStatus.CANCELLED
    meeting.cancel_reason = reason
    meeting.sequence += 1
    record_event(
        actor,
        "meeting.cancel",
        meeting,
        f"Cancelled meeting {meeting.id}",
        {"status": [before, "cancelled"], "cancel_reason": [None, reason]},
    )
    if had_notice:
        notify.meeting_cancelled(meeting)
    return meeting


def mark_held(actor: User | None, meeting: Meeting, now: datetime | None = None) -> Meeting:
    """Record that the meeting took place (once it has started)."""
    now = now or utcnow()
    if not meeting.is_called:
        raise DomainError("Only a meeting with notice issued can be recorded as held.")
    if meeting.starts_at > now:
        raise DomainError("The meeting has not started yet.")
    meeting.status = MeetingStatus.HELD
    record_event(
        actor,
        "meeting.held",
        meeting,
        f"Recorded meeting {meeting.id} as held",
        {"status": ["notice_issued", "held"]},
    )
    return meeting


# Agenda ----------------------------------------------------------------------------------


def save_item(
    actor: User | None, meeting: Meeting, item: AgendaItem | None, values: dict[str, Any]
) -> AgendaItem:
    """Add an item at the end of the agenda, or change one."""
    _check_open(meeting)
    if item is not None and item.is_withdrawn:
        raise DomainError("This item has been withdrawn from the agenda; it can no longer change.")
    values = {**values, "title": values["title"].strip()}
    if not values["title"]:
        raise DomainError("Give the item a title.", field="title")
    if item is not None and item.papers and values.get("purpose") is not item.purpose:
        if values.get("purpose") is Purpose.DECISION and any(
            not (p.latest and p.latest.summary.strip()) for p in item.papers
        ):
            raise DomainError(
                "Decision items need a plain-language summary on each paper; add them first.",
                field="purpose",
            )
    creating = item is None
    if item is None:
        last = db.session.execute(
            sa.select(sa.func.max(AgendaItem.position)).where(
                AgendaItem.meeting_id == meeting.id, AgendaItem.withdrawn_at.is_(None)
            )
        ).scalar()
        item = AgendaItem(meeting=meeting, position=(last or 0) + 1)
        db.session.add(item)
    changes = apply_changes(item, values)
    if creating or changes:
        record_event(
            actor,
            "agenda_item.create" if creating else "agenda_item.update",
            item,
            f"{'Added' if creating else 'Changed'} agenda item on meeting {meeting.id}",
            changes,
        )
    return item


def move_item(actor: User | None, item: AgendaItem, step: int) -> None:
    """Swap an item with its neighbour above (step -1) or below (step +1)."""
    meeting = item.meeting
    _check_open(meeting)
    items = sorted(meeting.items, key=lambda i: (i.position, i.id))
    index = items.index(item)
    other_index = index + step
    if step not in (-1, 1) or not 0 <= other_index < len(items):
        return
    items[index], items[other_index] = items[other_index], items[index]
    for position, each in enumerate(items, start=1):
        each.position = position
    record_event(
        actor,
        "agenda_item.move",
        item,
        f"Moved agenda item {item.id} {'up' if step < 0 else 'down'}",
        {"order": [None, [i.id for i in items]]},
    )


def _renumber(meeting: Meeting, order: list[AgendaItem]) -> None:
    for position, each in enumerate(order, start=1):
        each.position = position


def add_standard_items(actor: User | None, meeting: Meeting) -> list[AgendaItem]:
    """Open the agenda with apologies, declarations, the last minutes and matters arising, and
    close it with any other business; items already there are not added twice."""
    _check_open(meeting)
    existing = sorted(meeting.items, key=lambda i: (i.position, i.id))
    first, last = rules.standard_items_to_add(i.title for i in existing)

    def add(n: int) -> AgendaItem:
        title, purpose, _ = rules.STANDARD_ITEMS[n]
        values = {"title": title, "purpose": Purpose(purpose), "confidential": False}
        return save_item(actor, meeting, None, values)

    leading, trailing = [add(n) for n in first], [add(n) for n in last]
    if leading or trailing:
        _renumber(meeting, leading + existing + trailing)
        db.session.flush()
    return leading + trailing


#: What is copied from an item of the last meeting's agenda (never its papers or record).
COPIED = ("title", "purpose", "description", "presenter", "minutes_allotted", "confidential")


def copy_agenda(actor: User | None, meeting: Meeting, source: Meeting) -> list[AgendaItem]:
    """Add the items of an earlier meeting's agenda after this one's: titles, purposes,
    presenters, times and confidentiality, not papers; a title already there is skipped."""
    _check_open(meeting)
    if source.board_id != meeting.board_id or source.id == meeting.id:
        raise DomainError("Only an earlier agenda of the same board can be copied.")
    have = {i.title.strip().casefold() for i in meeting.items}
    copied = []
    for item in sorted(source.items, key=lambda i: (i.position, i.id)):
        if item.title.strip().casefold() in have:
            continue
        values = {name: getattr(item, name) for name in COPIED}
        copied.append(save_item(actor, meeting, None, values))
    return copied


# Withdrawals ------------------------------------------------------------------------------


def withdraw_item(
    actor: User | None, item: AgendaItem, reason: str, now: datetime | None = None
) -> AgendaItem:
    """Take an item off the agenda, keeping it with the reason; the others close up."""
    meeting = item.meeting
    _check_open(meeting)
    if item.is_withdrawn:
        raise DomainError("This item has already been withdrawn.")
    if meeting.has_taken_place:
        raise DomainError(
            "This meeting has been held: its agenda is the record of what was discussed."
        )
    reason = rules.check_withdrawal_reason(reason)
    signals.item_withdrawal_asked.send(item)
    now = now or utcnow()
    position = item.position
    item.withdrawn_at = now
    item.withdrawn_by_id = actor.id if actor is not None else None
    item.withdrawn_reason = reason
    db.session.flush()
    db.session.expire(meeting, ["items", "withdrawn_items"])
    for number, each in enumerate(meeting.items, start=1):
        each.position = number
    record_event(
        actor,
        "agenda_item.withdraw",
        item,
        f"Withdrew agenda item {item.id} from meeting {meeting.id}",
        {
            "withdrawn_at": [None, now.isoformat()],
            "withdrawn_reason": [None, reason],
            "position": [position, None],
        },
    )
    if meeting.is_called:  # members had the agenda with the notice: tell them it changed
        notify.item_withdrawn(meeting, item)
    return item


def withdraw_draft(
    actor: User | None, meeting: Meeting, reason: str, now: datetime | None = None
) -> Meeting:
    """Withdraw a draft meeting that was never announced, keeping it with the reason."""
    if meeting.is_withdrawn:
        raise DomainError("This draft has already been withdrawn.")
    if not meeting.is_draft:
        raise DomainError(
            "Members have had notice of this meeting, so it cannot be withdrawn: "
            "cancel it instead, with the reason members will see."
        )
    reason = rules.check_withdrawal_reason(reason)
    now = now or utcnow()
    meeting.withdrawn_at = now
    meeting.withdrawn_by_id = actor.id if actor is not None else None
    meeting.withdrawn_reason = reason
    record_event(
        actor,
        "meeting.withdraw",
        meeting,
        f"Withdrew draft meeting {meeting.id}",
        {"withdrawn_at": [None, now.isoformat()], "withdrawn_reason": [None, reason]},
    )
    return meeting
