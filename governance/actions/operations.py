"""Actions: raising them from an item or decision, updating and closing them, and the log."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from governance import clock
from governance.actions import rules
from governance.actions.models import Action, ActionStatus, ActionUpdate
from governance.actions.rules import OPEN_STATES, ActionEntry, ActionLine
from governance.attendance.models import Attendance
from governance.audit.operations import record_event
from governance.boards.models import Board, BoardOfficer, Person
from governance.boards.queries import member_ids_on
from governance.decisions.models import Decision
from governance.errors import DomainError
from governance.extensions import db
from governance.meetings.models import AgendaItem, Meeting
from governance.meetings.rules import local_date

if TYPE_CHECKING:
    from governance.auth.models import User


# Writes ------------------------------------------------------------------------------------


def create_action(
    actor: User | None,
    board: Board,
    title: str,
    owner: Person,
    due_on: date | None,
    *,
    item: AgendaItem | None = None,
    decision: Decision | None = None,
) -> Action:
    """Raise an action for `owner`, arising from an agenda item or a decision on one."""
    if decision is not None:
        if decision.board_id != board.id:
            raise DomainError("That decision belongs to another board.", field="decision_id")
        if item is not None and decision.agenda_item_id != item.id:
            raise DomainError("That decision was taken on another item.", field="decision_id")
        item = item or decision.item
    meeting_day = None
    if item is not None:
        if item.meeting.board_id != board.id:
            raise DomainError("That agenda item belongs to another board.")
        rules.check_item_open(item.meeting.status)
        meeting_day = local_date(item.meeting.starts_at, board.timezone)
    cleaned = rules.check_new_action(title, due_on, meeting_day)
    action = Action(
        board_id=board.id,
        agenda_item_id=item.id if item else None,
        decision_id=decision.id if decision else None,
        title=cleaned,
        owner=owner,
        due_on=due_on,
        status=ActionStatus.OPEN,
    )
    db.session.add(action)
    record_event(
        actor,
        "action.create",
        action,
        f"Raised an action for person {owner.id} on board {board.id}",
        {
            "title": [None, cleaned],
            "owner_id": [None, owner.id],
            "due_on": [None, due_on.isoformat() if due_on else None],
            "agenda_item_id": [None, action.agenda_item_id],
            "decision_id": [None, action.decision_id],
        },
    )
    return action


def update_action(
    actor: User | None, action: Action, text: str, status: ActionStatus
) -> ActionUpdate:
    """Add a progress update and move the status; done or dropped closes the action."""
    cleaned = rules.check_update(action.status, text)
    update = ActionUpdate(
        action=action, text=cleaned, status=status, by_id=actor.id if actor else None
    )
    db.session.add(update)
    before = action.status
    action.status = status
    record_event(
        actor,
        "action.close" if rules.is_closed(status) else "action.update",
        action,
        f"Updated action {action.id}" + (f" ({status.label.lower()})" if before != status else ""),
        {"status": [before.value, status.value], "update": [None, cleaned]},
    )
    return update


# Reads -------------------------------------------------------------------------------------


def _with_origin() -> sa.Select:
    """Actions joined to the meeting each arose at (none for actions raised outside one)."""
    return (
        sa.select(Action)
        .outerjoin(AgendaItem, Action.agenda_item_id == AgendaItem.id)
        .outerjoin(Meeting, AgendaItem.meeting_id == Meeting.id)
        .options(selectinload(Action.owner))
    )


def action_log(board: Board, state: str, owner_id: int | None, today: date) -> list[Action]:
    """The board's actions across its meetings, filtered by state and owner, soonest due first."""
    query = _with_origin().where(Action.board_id == board.id)
    open_ = Action.status.in_(OPEN_STATES)
    if state == "open":
        query = query.where(open_)
    elif state == "overdue":
        query = query.where(open_, Action.due_on < today)
    elif state == "closed":
        query = query.where(sa.not_(open_))
    if owner_id is not None:
        query = query.where(Action.owner_id == owner_id)
    return list(
        db.session.execute(
            query.order_by(Action.due_on.is_(None), Action.due_on, Action.id)
        ).scalars()
    )


def matters_arising(board: Board, before: datetime) -> list[Action]:
    """Actions still open from the board's earlier meetings (those starting before `before`)."""
    return list(
        db.session.execute(
            _with_origin()
            .where(
                Action.board_id == board.id,
                Action.status.in_(OPEN_STATES),
                sa.or_(
                    Meeting.starts_at < before,
                    sa.and_(Action.agenda_item_id.is_(None), Action.created_at < before),
                ),
            )
            .order_by(Action.due_on.is_(None), Action.due_on, Action.id)
        ).scalars()
    )


def arising_items(actions: Iterable[Action]) -> dict[int, AgendaItem]:
    """The agenda items these actions arose from, with their meetings, in one statement."""
    ids = {a.agenda_item_id for a in actions if a.agenda_item_id is not None}
    if not ids:
        return {}
    return {
        i.id: i
        for i in db.session.execute(
            sa.select(AgendaItem)
            .where(AgendaItem.id.in_(ids))
            .options(joinedload(AgendaItem.meeting))
        ).scalars()
    }


def entries(board: Board, actions: Iterable[Action], today: date) -> list[ActionEntry]:
    """Actions with the item and meeting each arose from, loaded in one statement."""
    actions = list(actions)
    items = arising_items(actions)
    out = []
    for action in actions:
        item = items.get(action.agenda_item_id) if action.agenda_item_id else None
        out.append(
            ActionEntry(
                action=action,
                board=board,
                item=item,
                meeting=item.meeting if item else None,
                overdue=rules.is_overdue(action.due_on, action.status, today),
            )
        )
    return out


def arising_lines(item_ids: list[int]) -> dict[int, list[ActionLine]]:
    """The actions arising from each of these items, as the minutes list them."""
    rows = db.session.execute(
        sa.select(Action)
        .where(Action.agenda_item_id.in_(item_ids))
        .options(selectinload(Action.owner))
        .order_by(Action.id)
    ).scalars()
    out: dict[int, list[ActionLine]] = defaultdict(list)
    for a in rows:
        due = a.due_on.strftime("%-d %B %Y") if a.due_on else "no date set"
        out[a.agenda_item_id or 0].append(ActionLine(a.title, a.owner.full_name, due))
    return out


def entry_for(action: Action) -> ActionEntry:
    """One action with its board, item and meeting."""
    board = db.session.get(Board, action.board_id)
    assert board is not None
    return entries(board, [action], clock.today(board.timezone))[0]


def log_owners(board: Board, with_confidential: bool) -> list[Person]:
    """Everyone who owns an action of the board the viewer may see, for the log's owner filter.

    `with_confidential` is whether the viewer may see the board's confidential business; without
    it, actions arising from confidential items (hidden from the log) name nobody here either.
    """
    owned = sa.select(Action.owner_id).where(Action.board_id == board.id)
    if not with_confidential:
        owned = owned.outerjoin(AgendaItem, Action.agenda_item_id == AgendaItem.id).where(
            sa.or_(AgendaItem.id.is_(None), AgendaItem.confidential.is_(False))
        )
    return list(
        db.session.execute(
            sa.select(Person).where(Person.id.in_(owned)).order_by(Person.full_name)
        ).scalars()
    )


def possible_owners(item: AgendaItem) -> list[Person]:
    """Members on the meeting day, the board's officers, and anyone who attended."""
    meeting = item.meeting
    day = local_date(meeting.starts_at, meeting.board.timezone)
    members = member_ids_on(meeting.board_id, day)
    officers = sa.select(BoardOfficer.person_id).where(BoardOfficer.board_id == meeting.board_id)
    attended = sa.select(Attendance.person_id).where(Attendance.meeting_id == meeting.id)
    return list(
        db.session.execute(
            sa.select(Person)
            .where(Person.id.in_(members.union(officers, attended)))
            .order_by(Person.full_name)
        ).scalars()
    )


def item_decisions(item: AgendaItem) -> list[Decision]:
    """Decisions taken on an item, for linking an action to one."""
    return list(
        db.session.execute(
            sa.select(Decision)
            .where(Decision.agenda_item_id == item.id)
            .order_by(Decision.year, Decision.sequence)
        ).scalars()
    )
