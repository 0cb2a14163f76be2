"""What the home page shows each person: their next meetings, their actions, and for those who
run boards, what needs doing. Every read is one statement for all the boards at once, so the
page costs the same however many boards, meetings or actions there are.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from governance import clock
from governance.actions.models import Action, ActionStatus
from governance.actions.operations import arising_items
from governance.actions.permissions import can_view_action
from governance.actions.rules import ActionEntry, is_overdue
from governance.boards.models import Board
from governance.extensions import db
from governance.meetings.models import AgendaItem, Meeting, MeetingStatus
from governance.minutes.models import Minutes, MinutesStatus, MinutesVersion
from governance.papers import circulation
from governance.papers.models import Paper, PaperVersion
from governance.replies.models import MeetingReply, NeedStatus, SupportNeed
from governance.replies.queries import counts_for

if TYPE_CHECKING:
    from governance.auth.models import User

#: Meetings shown in "coming up".
UPCOMING = 5
#: Papers still to go out are flagged once the deadline is this close.
DEADLINE_WARNING_DAYS = 14
OPEN_ACTIONS = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)


@dataclass
class MeetingCard:
    """One meeting coming up, with what the viewer needs to know about it."""

    meeting: Meeting
    last_day: date
    #: The viewer's own reply, for members; None when they have not replied.
    reply: MeetingReply | None = None
    #: For those who run the board: papers not yet circulated, and the replies so far.
    uncirculated: int = 0
    attending: int = 0
    apologies: int = 0
    #: Members (as every count about a meeting's members takes them) who have not replied.
    no_reply: int = 0
    members: int = 0
    needs_to_arrange: int = 0
    deadline_close: bool = False


@dataclass
class Todo:
    """What needs doing on the boards the viewer runs."""

    overdue_actions: dict[int, int] = field(default_factory=dict)
    minutes_to_finish: list[Meeting] = field(default_factory=list)
    drafts: list[Meeting] = field(default_factory=list)
    #: For minutes changed since a version was circulated: that version's number, by meeting id.
    changed_since: dict[int, int] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not (self.overdue_actions or self.minutes_to_finish or self.drafts)


def upcoming(boards: list[Board], now: datetime) -> list[Meeting]:
    """The next called meetings of these boards, soonest first."""
    ids = [b.id for b in boards]
    if not ids:
        return []
    return list(
        db.session.execute(
            sa.select(Meeting)
            .where(
                Meeting.board_id.in_(ids),
                Meeting.ends_at >= now,
                Meeting.status == MeetingStatus.NOTICE_ISSUED,
            )
            .options(joinedload(Meeting.board))
            .order_by(Meeting.starts_at, Meeting.id)
            .limit(UPCOMING)
        ).scalars()
    )


def _my_replies(person_id: int, meeting_ids: list[int]) -> dict[int, MeetingReply]:
    rows = db.session.execute(
        sa.select(MeetingReply).where(
            MeetingReply.person_id == person_id, MeetingReply.meeting_id.in_(meeting_ids)
        )
    ).scalars()
    return {r.meeting_id: r for r in rows}


def _uncirculated(meeting_ids: list[int]) -> dict[int, int]:
    """Papers with no circulated version yet, per meeting; withdrawn items and versions left
    out (a paper whose every version is withdrawn waits for nothing)."""
    live = PaperVersion.withdrawn_at.is_(None)
    circulated = sa.select(PaperVersion.paper_id).where(
        PaperVersion.circulated_at.is_not(None), live
    )
    waiting = sa.select(PaperVersion.paper_id).where(PaperVersion.circulated_at.is_(None), live)
    rows = db.session.execute(
        sa.select(AgendaItem.meeting_id, sa.func.count(Paper.id))
        .join(Paper, Paper.agenda_item_id == AgendaItem.id)
        .where(
            AgendaItem.meeting_id.in_(meeting_ids),
            AgendaItem.withdrawn_at.is_(None),
            Paper.id.in_(waiting),
            Paper.id.not_in(circulated),
        )
        .group_by(AgendaItem.meeting_id)
    ).all()
    return {meeting_id: count for meeting_id, count in rows}


def _needs(meeting_ids: list[int]) -> dict[int, int]:
    rows = db.session.execute(
        sa.select(MeetingReply.meeting_id, sa.func.count(SupportNeed.id))
        .join(SupportNeed, SupportNeed.reply_id == MeetingReply.id)
        .where(
            MeetingReply.meeting_id.in_(meeting_ids),
            SupportNeed.status.in_([NeedStatus.TO_ARRANGE, NeedStatus.TO_CANCEL]),
        )
        .group_by(MeetingReply.meeting_id)
    ).all()
    return {meeting_id: count for meeting_id, count in rows}


def meeting_cards(
    meetings: list[Meeting], person_id: int | None, managed: set[int], today: date
) -> list[MeetingCard]:
    """Each meeting with its paper deadline, the viewer's reply, and the secretary's counts."""
    ids = [m.id for m in meetings]
    run = [m.id for m in meetings if m.board_id in managed]
    mine = _my_replies(person_id, ids) if person_id is not None and ids else {}
    papers = _uncirculated(run) if run else {}
    replies = counts_for([m for m in meetings if m.board_id in managed])
    needs = _needs(run) if run else {}
    cards = []
    for m in meetings:
        last_day = circulation.timing(m).last_day
        card = MeetingCard(meeting=m, last_day=last_day, reply=mine.get(m.id))
        if m.board_id in managed:
            card.uncirculated = papers.get(m.id, 0)
            card.attending = replies[m.id]["attending"]
            card.apologies = replies[m.id]["apologies"]
            card.no_reply, card.members = replies[m.id]["no_reply"], replies[m.id]["members"]
            card.needs_to_arrange = needs.get(m.id, 0)
            card.deadline_close = (
                card.uncirculated > 0 and (last_day - today).days <= DEADLINE_WARNING_DAYS
            )
        cards.append(card)
    return cards


def my_actions(user: User) -> list[Action]:
    """The viewer's open actions, soonest due first: those whose own page would open for them.

    An action is as visible as the item it arose from, so one arising from confidential
    business stays off the list of an owner who may not see that business (an observer).
    """
    actions = list(
        db.session.execute(
            sa.select(Action)
            .where(Action.owner_id == user.person_id, Action.status.in_(OPEN_ACTIONS))
            .options(joinedload(Action.board))
            .order_by(Action.due_on.is_(None), Action.due_on, Action.id)
        ).scalars()
    )
    items = arising_items(actions)
    return [a for a in actions if can_view_action(user, _entry(a, items))]


def _entry(action: Action, items: dict[int, AgendaItem]) -> ActionEntry:
    item = items.get(action.agenda_item_id) if action.agenda_item_id is not None else None
    today = clock.today(action.board.timezone)
    return ActionEntry(
        action=action,
        board=action.board,
        item=item,
        meeting=item.meeting if item is not None else None,
        overdue=is_overdue(action.due_on, action.status, today),
    )


def todo(managed: set[int], today: date, now: datetime) -> Todo:
    """Overdue actions per board, held meetings whose minutes are not yet out, draft meetings."""
    if not managed:
        return Todo()
    overdue = db.session.execute(
        sa.select(Action.board_id, sa.func.count())
        .where(
            Action.board_id.in_(managed),
            Action.status.in_(OPEN_ACTIONS),
            Action.due_on < today,
        )
        .group_by(Action.board_id)
    ).all()
    finished = sa.select(Minutes.meeting_id).where(Minutes.status != MinutesStatus.DRAFT)
    minutes = list(
        db.session.execute(
            sa.select(Meeting)
            .where(
                Meeting.board_id.in_(managed),
                Meeting.status == MeetingStatus.HELD,
                Meeting.id.not_in(finished),
            )
            .options(joinedload(Meeting.board))
            .order_by(Meeting.starts_at)
        ).scalars()
    )
    # Drafts that are the next version of minutes already circulated, with the last version.
    changed_since: dict[int, int] = dict(
        db.session.execute(
            sa.select(Minutes.meeting_id, sa.func.max(MinutesVersion.number))
            .join(MinutesVersion, MinutesVersion.minutes_id == Minutes.id)
            .where(
                Minutes.meeting_id.in_([m.id for m in minutes]),
                Minutes.status == MinutesStatus.DRAFT,
            )
            .group_by(Minutes.meeting_id)
        )
        .tuples()
        .all()
    )
    drafts = db.session.execute(
        sa.select(Meeting)
        .where(
            Meeting.board_id.in_(managed),
            Meeting.status == MeetingStatus.DRAFT,
            Meeting.withdrawn_at.is_(None),
            Meeting.starts_at >= now,
        )
        .options(joinedload(Meeting.board))
        .order_by(Meeting.starts_at)
        .limit(UPCOMING)
    ).scalars()
    counts: dict[int, int] = defaultdict(int)
    for board_id, count in overdue:
        counts[board_id] = count
    return Todo(
        overdue_actions=dict(counts),
        minutes_to_finish=minutes,
        drafts=list(drafts),
        changed_since=changed_since,
    )
