"""Replies to meeting notices: the member's reply form, and the secretary's summary."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from governance.attendance.queries import members_on
from governance.boards.forms import options
from governance.boards.models import Board, Person
from governance.database import utcnow
from governance.errors import DomainError
from governance.extensions import db
from governance.meetings.models import Meeting
from governance.replies import operations as replies
from governance.replies import queries as replies_queries
from governance.replies import rules
from governance.replies.blueprint import bp
from governance.replies.forms import DETAIL_FIELDS, ApologiesForm, ArrangeForm, ReplyForm
from governance.replies.models import MeetingReply, NeedKind, ReplyChoice, SupportNeed, TravelMode
from governance.replies.permissions import (
    can_arrange_support,
    can_reply,
    can_see_reply_counts,
    can_send_apologies,
    can_view_replies,
    can_view_support,
)
from governance.web import attempt, get_or_404, require, show_error


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
    called = meeting.is_called
    if not can_see_reply_counts(current_user, meeting) or not (called or may_view):
        return None
    may_reply = can_reply(current_user, meeting)
    return ReplyPanel(
        reply=replies_queries.reply_of(meeting, current_user.person) if may_reply else None,
        may_reply=may_reply,
        counts=replies_queries.counts(meeting),
        may_view_replies=may_view,
    )


def _needs(form: ReplyForm) -> tuple[rules.NeedRequest, ...] | None:
    """The support ticked on the form; None (with the message shown) if the ages are unclear."""
    needs = []
    for kind in NeedKind:
        if not form[kind.value].data:
            continue
        details = (form[DETAIL_FIELDS[kind]].data or "") if kind in DETAIL_FIELDS else ""
        if kind is NeedKind.CHILDCARE:
            try:
                ages = rules.parse_ages(form.ages.data or "")
            except DomainError as error:
                show_error(form, error)
                return None
            needs.append(rules.NeedRequest(kind, form.children.data, ages))
        elif kind is NeedKind.TRAVEL:
            mode = TravelMode(form.travel_mode.data) if form.travel_mode.data else None
            needs.append(rules.NeedRequest(kind, travel_mode=mode, details=details))
        else:
            needs.append(rules.NeedRequest(kind, details=details))
    return tuple(needs)


def _answer(form: ReplyForm, deputies: list[Person]) -> replies.Answer | None:
    needs = _needs(form)
    if needs is None:
        return None
    chosen = getattr(form, "deputy_id", None)
    deputy = next((p for p in deputies if chosen and p.id == chosen.data), None)
    return replies.Answer(ReplyChoice(form.choice.data), form.note.data or "", deputy, needs)


@bp.route("/meetings/<int:meeting_id>/reply", methods=["GET", "POST"])
def reply(meeting_id: int):
    """The signed-in member's reply to the notice: coming or not, and the support they need."""
    meeting = get_or_404(Meeting, meeting_id)
    require(can_reply(current_user, meeting))
    person = current_user.person
    current = replies_queries.reply_of(meeting, person)
    deputies = replies_queries.deputy_choices(meeting, person, members_on(meeting)[person.id])
    form = ReplyForm()
    if deputies:
        form.deputy_id.choices = options(
            [("", "— nobody —"), *((p.id, p.full_name) for p in deputies)]
        )
    else:
        del form.deputy_id
    if current is not None and not form.is_submitted():
        form.fill_from(current)
    elif not form.is_submitted() and request.args.get("choice") in set(ReplyChoice):
        form.choice.data = request.args["choice"]  # e.g. "Send my apologies" on the register
    if form.validate_on_submit() and (answer := _answer(form, deputies)) is not None:
        sent = attempt(form, lambda: replies.send_reply(current_user, meeting, person, answer))
        if sent is not None:
            db.session.commit()
            flash("Thank you: your reply has been sent to the secretary.", "success")
            return redirect(url_for("pages.meeting", meeting_id=meeting.id))
    return render_template(
        "replies/reply.html",
        meeting=meeting,
        board=meeting.board,
        form=form,
        current=current,
        reply_by=rules.reply_by_day(meeting.starts_at, meeting.board.timezone),
        open=_still_open(meeting),
        secretary_of=_secretary_of(meeting),
    ), (400 if form.errors else 200)


def _still_open(meeting: Meeting) -> bool:
    return utcnow() < meeting.starts_at


def _secretary_of(meeting: Meeting) -> list[str]:
    """The boards whose secretary sees the reply: the meeting's, and those it reports to (as
    `can_view_support` allows), named on the form so its promise is exact."""
    names: list[str] = []
    seen: set[int] = set()
    board: Board | None = meeting.board
    while board is not None and board.id not in seen:
        names.append(board.name)
        seen.add(board.id)
        board = board.parent
    return names


@bp.route("/meetings/<int:meeting_id>/replies")
def replies_summary(meeting_id: int):
    """Who is coming, who sent apologies, who has not replied, and the support to arrange."""
    meeting = get_or_404(Meeting, meeting_id)
    require(can_view_replies(current_user, meeting))
    return render_template(
        "replies/summary.html",
        meeting=meeting,
        board=meeting.board,
        summary=replies_queries.summary(meeting),
        details=can_view_support(current_user, meeting),
        arrange=can_arrange_support(current_user, meeting),
        arrange_form=ArrangeForm(),
        reply_by=rules.reply_by_day(meeting.starts_at, meeting.board.timezone),
    )


@bp.route("/support-needs/<int:need_id>/done", methods=["POST"])
def mark_need_done(need_id: int):
    """Mark a member's support need arranged, or a no-longer-wanted arrangement cancelled."""
    need = get_or_404(SupportNeed, need_id)
    meeting = need.reply.meeting
    require(can_arrange_support(current_user, meeting))
    form = ArrangeForm()
    if form.validate_on_submit():
        note = form.note.data or ""
        if attempt(form, lambda: _done(need, note)):
            db.session.commit()
            flash("Marked as done.", "success")
    for message in (m for ms in form.errors.values() for m in ms):
        flash(message, "error")
    return redirect(url_for("replies.replies_summary", meeting_id=meeting.id) + "#support")


def _done(need: SupportNeed, note: str) -> Any:
    replies.mark_need_done(current_user, need, note)
    return True


@bp.route("/meetings/<int:meeting_id>/apologies", methods=["POST"])
def send_apologies(meeting_id: int):
    """The signed-in member sends apologies, as a reply to the notice; the secretary is told."""
    meeting = get_or_404(Meeting, meeting_id)
    require(can_send_apologies(current_user, meeting))
    form = ApologiesForm()
    if form.validate_on_submit():
        answer = replies.Answer(ReplyChoice.APOLOGIES, form.note.data or "")
        if attempt(
            form, lambda: replies.send_reply(current_user, meeting, current_user.person, answer)
        ):
            db.session.commit()
            flash("Your apologies have been sent to the secretary.", "success")
    for message in [*form.form_errors, *(m for ms in form.errors.values() for m in ms)]:
        flash(message, "error")
    return redirect(url_for("pages.meeting", meeting_id=meeting.id))
