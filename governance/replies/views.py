"""Replies to meeting notices: the member's reply form, and the secretary's summary."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from governance.attendance.queries import members_on
from governance.boards.forms import options
from governance.boards.models import Board, Person
from governance.boards.permissions import can_view_board
from governance.database import utcnow
from governance.errors import DomainError
from governance.extensions import db
from governance.meetings.models import Meeting
from governance.replies import operations as replies
from governance.replies import queries as replies_queries
from governance.replies import rules
from governance.replies.blueprint import bp
from governance.replies.forms import DETAIL_FIELDS, ApologiesForm, ArrangeForm, ReplyForm
from governance.replies.models import NeedKind, ReplyChoice, SupportNeed, TravelMode
from governance.replies.permissions import (
    can_arrange_support,
    can_reply,
    can_send_apologies,
    can_view_replies,
    can_view_support,
)
from governance.web import attempt, get_or_404, require, show_error


def _typed(form: ReplyForm, name: str) -> str:
    """What was typed in a field, even when it could not be read as its type."""
    field = form[name]
    return str(field.raw_data[0]) if field.raw_data else str(field.data or "")


def _needs(form: ReplyForm) -> tuple[rules.NeedRequest, ...] | None:
    """The support ticked on the form; None (with the messages shown) if the ages are unclear
    or something was typed for help that is not ticked."""
    typed = {n: _typed(form, n) for fields in rules.TYPED_FIELDS.values() for n in fields}
    labels = {kind: str(form[kind.value].label.text) for kind in NeedKind}
    ticked = [kind for kind in NeedKind if form[kind.value].data]
    coming = form.choice.data == ReplyChoice.ATTENDING.value
    stray = rules.typed_but_not_ticked(ticked, typed, labels) if coming else []
    for name, message in stray:
        form[name].errors = [*form[name].errors, message]
    if stray:
        return None
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
            words = " ".join((form.ages.data or "").split())
            needs.append(rules.NeedRequest(kind, form.children.data, ages, ages_text=words))
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
        secretary_of=_secretary_of(meeting, current_user),
    ), (400 if form.errors else 200)


def _still_open(meeting: Meeting) -> bool:
    return utcnow() < meeting.starts_at


def _secretary_of(meeting: Meeting, user: Any) -> list[str]:
    """The boards whose secretary sees the reply: the meeting's, and those it reports to (as
    `can_view_support` allows), named on the form so its promise is exact; a board the member
    may not see is described, never named."""
    names: list[str] = []
    seen: set[int] = set()
    board: Board | None = meeting.board
    while board is not None and board.id not in seen:
        names.append(board.name if can_view_board(user, board) else "board it reports to")
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
