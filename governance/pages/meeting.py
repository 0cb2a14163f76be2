"""The meeting page: its agenda, papers, decisions, actions arising and the viewer's reply."""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo

from flask import abort, render_template
from flask_login import current_user

from governance import clock
from governance.actions.operations import arising_lines
from governance.boards.forms import ConfirmForm
from governance.decisions.permissions import can_view_decision
from governance.decisions.queries import decisions_by_item
from governance.meetings import queries as meeting_queries
from governance.meetings.models import Meeting, MeetingStatus
from governance.meetings.permissions import (
    can_manage_meeting,
    can_manage_meetings,
    can_view_item,
    can_view_meeting,
)
from governance.page_cache import cached_page
from governance.pages.blueprint import bp
from governance.papers import circulation, queries
from governance.replies import queries as replies_queries
from governance.replies.models import MeetingReply
from governance.replies.permissions import can_reply, can_see_reply_counts, can_view_replies
from governance.web import require


@dataclass(frozen=True)
class ReplyPanel:
    """What the meeting page shows of replies to the viewer."""

    reply: MeetingReply | None
    may_reply: bool
    counts: dict[str, int] | None
    may_view_replies: bool


def reply_panel(meeting: Meeting) -> ReplyPanel | None:
    """The viewer's own reply and, for those allowed, how many have replied."""
    may_view = can_view_replies(current_user, meeting)
    called = meeting.status is MeetingStatus.NOTICE_ISSUED
    if not can_see_reply_counts(current_user, meeting) or not (called or may_view):
        return None
    may_reply = can_reply(current_user, meeting)
    return ReplyPanel(
        reply=replies_queries.reply_of(meeting, current_user.person) if may_reply else None,
        may_reply=may_reply,
        counts=replies_queries.counts(meeting),
        may_view_replies=may_view,
    )


@bp.route("/meetings/<int:meeting_id>")
@cached_page
def meeting(meeting_id: int):
    """A meeting: when and where, its deadline, the agenda with papers and their timeliness."""
    meeting = queries.meeting_with_agenda(meeting_id) or abort(404)
    require(can_view_meeting(current_user, meeting))

    manages_board = can_manage_meetings(current_user, meeting.board)
    manage = can_manage_meeting(current_user, meeting)
    items = [i for i in meeting.items if can_view_item(current_user, i)]
    ids = [i.id for i in items]
    timing = circulation.timing(meeting)
    return render_template(
        "pages/meeting.html",
        meeting=meeting,
        board=meeting.board,
        timing=timing,
        deadline_passed=meeting.agenda_can_grow and timing.is_late(clock.now()),
        copy_from=(
            meeting_queries.last_agenda(meeting) if manage and meeting.agenda_can_grow else None
        ),
        items=items,
        # Each decision as its own page would show it (one taken in confidence stays unpublished).
        decisions={
            item_id: [d for d in taken if can_view_decision(current_user, d)]
            for item_id, taken in decisions_by_item(ids).items()
        },
        arising=arising_lines(ids),
        hidden_items=sum(1 for i in meeting.items if not can_view_item(current_user, i)),
        manage=manage,
        opens=queries.open_counts(meeting) if manages_board else None,
        confirm=ConfirmForm(),
        zone=ZoneInfo(meeting.board.timezone),
        reply_panel=reply_panel(meeting),
    )
