"""Withdrawing an agenda item or a draft meeting, with the reason kept in the record."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import flash, redirect, render_template, url_for
from flask_login import current_user

from governance.extensions import db
from governance.meetings import operations
from governance.meetings.blueprint import bp
from governance.meetings.forms import WithdrawForm
from governance.meetings.models import AgendaItem, Meeting
from governance.meetings.permissions import can_withdraw_item, can_withdraw_meeting
from governance.web import attempt, get_or_404, require


def _withdraw(
    meeting: Meeting,
    submit: str,
    withdraw: Callable[[str], Any],
    done: str,
    heading: str,
    explanation: str,
):
    """The withdrawal form: on a valid reason, `withdraw(reason)`, commit, say `done` and go
    back to the meeting; otherwise the form again, filled in, with its problems."""
    form = WithdrawForm()
    form.submit.label.text = submit
    if form.validate_on_submit():
        if attempt(form, lambda: withdraw(form.reason.data or "")) is not None:
            db.session.commit()
            flash(done, "success")
            return redirect(url_for("pages.meeting", meeting_id=meeting.id))
    return render_template(
        "meetings/withdraw.html",
        form=form,
        meeting=meeting,
        heading=heading,
        explanation=explanation,
    ), (400 if form.errors else 200)


@bp.route("/items/<int:item_id>/withdraw", methods=["GET", "POST"])
def withdraw_item(item_id: int):
    """Withdraw an agenda item, saying why; the rest of the agenda closes up."""
    item = get_or_404(AgendaItem, item_id)
    require(can_withdraw_item(current_user, item))
    return _withdraw(
        item.meeting,
        "Withdraw the item",
        lambda reason: operations.withdraw_item(current_user, item, reason),
        f"“{item.title}” withdrawn from the agenda; the reason is kept.",
        f"Withdraw “{item.title}” from the agenda",
        "The item leaves the agenda and its numbering, with its papers. It is kept, "
        "marked withdrawn with your reason, for officers and auditors"
        + (
            ", and members see that it was withdrawn; they are told by mail."
            if item.meeting.is_called
            else "."
        ),
    )


@bp.route("/meetings/<int:meeting_id>/withdraw", methods=["GET", "POST"])
def withdraw_meeting(meeting_id: int):
    """Withdraw a draft meeting that was never announced, saying why."""
    meeting = get_or_404(Meeting, meeting_id)
    require(can_withdraw_meeting(current_user, meeting))
    return _withdraw(
        meeting,
        "Withdraw the draft",
        lambda reason: operations.withdraw_draft(current_user, meeting, reason),
        "Draft withdrawn. It was never announced, so nobody needed to be told.",
        f"Withdraw the draft “{meeting.title}”",
        "Members never had notice of this meeting. Withdrawn, it leaves your list "
        "of things to do and can no longer be changed or announced; it is kept, with your "
        "reason, for officers and auditors.",
    )
