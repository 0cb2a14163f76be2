"""Withdrawing an agenda item or a draft meeting, with the reason kept in the record."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user

from governance.extensions import db
from governance.meetings import operations
from governance.meetings.blueprint import bp
from governance.meetings.forms import WithdrawForm
from governance.meetings.models import AgendaItem, Meeting
from governance.meetings.permissions import can_withdraw_item, can_withdraw_meeting
from governance.web import attempt, get_or_404, require


@bp.route("/items/<int:item_id>/withdraw", methods=["GET", "POST"])
def withdraw_item(item_id: int):
    """Withdraw an agenda item, saying why; the rest of the agenda closes up."""
    item = get_or_404(AgendaItem, item_id)
    require(can_withdraw_item(current_user, item))
    form = WithdrawForm()
    form.submit.label.text = "Withdraw the item"
    if form.validate_on_submit():
        done = attempt(
            form, lambda: operations.withdraw_item(current_user, item, form.reason.data or "")
        )
        if done is not None:
            db.session.commit()
            flash(f"“{item.title}” withdrawn from the agenda; the reason is kept.", "success")
            return redirect(url_for("pages.meeting", meeting_id=item.meeting_id))
    return render_template(
        "meetings/withdraw.html",
        form=form,
        meeting=item.meeting,
        heading=f"Withdraw “{item.title}” from the agenda",
        explanation="The item leaves the agenda and its numbering, with its papers. It is kept, "
        "marked withdrawn with your reason, for officers and auditors"
        + (
            ", and members see that it was withdrawn; they are told by mail."
            if item.meeting.is_called
            else "."
        ),
    ), (400 if form.errors else 200)


@bp.route("/meetings/<int:meeting_id>/withdraw", methods=["GET", "POST"])
def withdraw_meeting(meeting_id: int):
    """Withdraw a draft meeting that was never announced, saying why."""
    meeting = get_or_404(Meeting, meeting_id)
    require(can_withdraw_meeting(current_user, meeting))
    form = WithdrawForm()
    form.submit.label.text = "Withdraw the draft"
    if form.validate_on_submit():
        done = attempt(
            form, lambda: operations.withdraw_draft(current_user, meeting, form.reason.data or "")
        )
        if done is not None:
            db.session.commit()
            flash(
                "Draft withdrawn. It was never announced, so nobody needed to be told.", "success"
            )
            return redirect(url_for("pages.meeting", meeting_id=meeting.id))
    return render_template(
        "meetings/withdraw.html",
        form=form,
        meeting=meeting,
        heading=f"Withdraw the draft “{meeting.title}”",
        explanation="Members never had notice of this meeting. Withdrawn, it leaves your list "
        "of things to do and can no longer be changed or announced; it is kept, with your "
        "reason, for officers and auditors.",
    ), (400 if form.errors else 200)
