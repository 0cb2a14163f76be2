"""Minutes pages: read, note, circulate, approve."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import SubmitField, TextAreaField
from wtforms.validators import Length

from governance.boards.forms import ConfirmForm, options
from governance.decisions.models import Decision
from governance.extensions import db
from governance.meetings.models import AgendaItem, Meeting
from governance.minutes import operations as minutes_ops
from governance.minutes.blueprint import bp
from governance.minutes.forms import ApproveForm
from governance.minutes.models import Minutes, MinutesStatus
from governance.minutes.permissions import (
    can_manage_minutes,
    can_see_full_minutes,
    can_view_minutes,
)
from governance.minutes.rules import MAX_NOTE_CHARS, compare, render_text
from governance.web import attempt, get_or_404, require


def _notes_form(items: list[AgendaItem], notes: dict[str, str]) -> FlaskForm:
    """A form with one notes box per agenda item."""

    class NotesForm(FlaskForm):
        pass

    for item in items:
        field = TextAreaField(
            f"{item.position}. {item.title}",
            default=notes.get(str(item.id), ""),
            validators=[Length(max=MAX_NOTE_CHARS)],
        )
        setattr(NotesForm, f"item_{item.id}", field)
    NotesForm.submit = SubmitField("Save notes")  # type: ignore[attr-defined]
    return NotesForm()


@bp.route("/meetings/<int:meeting_id>/minutes")
def minutes(meeting_id: int):
    """The minutes: the full record, or the public version without confidential items."""
    meeting = get_or_404(Meeting, meeting_id)
    found = minutes_ops.find_minutes(meeting)
    # Reading must not write: before the secretary starts them, the minutes are an unsaved draft.
    record = found or Minutes(meeting=meeting, status=MinutesStatus.DRAFT, notes={})
    require(can_view_minutes(current_user, record))
    approved = record.status is MinutesStatus.APPROVED
    manage = can_manage_minutes(current_user, meeting)
    full = can_see_full_minutes(current_user, meeting)
    document = minutes_ops.assemble(meeting, public=not full)
    latest = record.latest_version
    # What differs from the version members last had, as this reader may see it.
    changes = (
        compare(minutes_ops.version_text(latest, full), render_text(document))
        if latest and not approved
        else ()
    )
    return render_template(
        "minutes/minutes.html",
        meeting=meeting,
        board=meeting.board,
        minutes=record,
        document=document,
        approving=db.session.get(Decision, record.approved_by_decision_id) if approved else None,
        intact=approved and minutes_ops.current_fingerprint(meeting) == record.approved_sha256,
        editable=manage and minutes_ops.notes_refusal(meeting, found) is None,
        circulable=manage and record.status is MinutesStatus.DRAFT and meeting.is_held,
        approvable=manage and record.status is MinutesStatus.CIRCULATED,
        add_actions=meeting.is_held,
        history=minutes_ops.history(record, full),
        changes=changes,
        confirm=ConfirmForm(),
    )


@bp.route("/meetings/<int:meeting_id>/minutes/versions/<int:number>")
def minutes_version(meeting_id: int, number: int):
    """One circulated version of the minutes, as members received it."""
    meeting = get_or_404(Meeting, meeting_id)
    record = minutes_ops.find_minutes(meeting)
    require(record is not None and can_view_minutes(current_user, record))
    assert record is not None
    version = next((v for v in record.versions if v.number == number), None)
    if version is None:
        abort(404)
    full = can_see_full_minutes(current_user, meeting)
    return render_template(
        "minutes/version.html",
        meeting=meeting,
        board=meeting.board,
        minutes=record,
        version=version,
        text=minutes_ops.version_text(version, full),
        public=not full,
    )


@bp.route("/meetings/<int:meeting_id>/minutes/edit", methods=["GET", "POST"])
def edit_minutes(meeting_id: int):
    """Write the notes on each item, while the minutes are a draft."""
    meeting = get_or_404(Meeting, meeting_id)
    require(can_manage_minutes(current_user, meeting))
    record = minutes_ops.find_minutes(meeting)
    refusal = minutes_ops.notes_refusal(meeting, record)
    if refusal and request.method == "GET":
        flash(refusal, "error")
        return redirect(url_for("minutes.minutes", meeting_id=meeting.id))
    form = _notes_form(meeting.items, record.notes if record else {})
    if form.validate_on_submit():
        notes = {i.id: getattr(form, f"item_{i.id}").data or "" for i in meeting.items}
        saved = attempt(
            form,
            lambda: minutes_ops.save_notes(
                current_user, minutes_ops.minutes_for(meeting, current_user), notes
            ),
        )
        if saved is not None:
            db.session.commit()
            flash("Notes saved.", "success")
            return redirect(url_for("minutes.minutes", meeting_id=meeting.id))
    return render_template("minutes/edit.html", form=form, meeting=meeting), (
        400 if form.errors else 200
    )


@bp.route("/meetings/<int:meeting_id>/minutes/circulate", methods=["POST"])
def circulate_minutes(meeting_id: int):
    """Send the draft minutes to members."""
    meeting = get_or_404(Meeting, meeting_id)
    require(can_manage_minutes(current_user, meeting))
    form = ConfirmForm()
    if form.validate_on_submit():
        count = attempt(
            form,
            lambda: minutes_ops.circulate_minutes(
                current_user, minutes_ops.minutes_for(meeting, current_user)
            ),
        )
        if count is not None:
            db.session.commit()
            flash(f"Draft minutes circulated to {count} members.", "success")
        for message in form.form_errors:
            flash(message, "error")
    return redirect(url_for("minutes.minutes", meeting_id=meeting.id))


@bp.route("/meetings/<int:meeting_id>/minutes/approve", methods=["GET", "POST"])
def approve_minutes(meeting_id: int):
    """Record that a later meeting approved the minutes; they are then locked."""
    meeting = get_or_404(Meeting, meeting_id)
    require(can_manage_minutes(current_user, meeting))
    candidates = minutes_ops.approving_candidates(meeting)
    later = minutes_ops.next_meeting(meeting)
    form = ApproveForm()
    form.decision_id.choices = options(
        (d.id, f"{d.number}: {d.resolution[:80]}") for d in candidates
    )
    if form.validate_on_submit():
        chosen = next(d for d in candidates if d.id == form.decision_id.data)
        done = attempt(
            form,
            lambda: minutes_ops.approve_minutes(
                current_user, minutes_ops.minutes_for(meeting, current_user), chosen
            ),
        )
        if done is not None:
            db.session.commit()
            flash(f"Minutes approved by {chosen.number} and locked.", "success")
            return redirect(url_for("minutes.minutes", meeting_id=meeting.id))
    return render_template(
        "minutes/approve.html",
        form=form,
        meeting=meeting,
        candidates=candidates,
        later=later,
        item=minutes_ops.approval_item(later),
        confirm=ConfirmForm(),
    ), (400 if form.errors else 200)


@bp.route("/meetings/<int:meeting_id>/minutes/approval-item", methods=["POST"])
def add_approval_item(meeting_id: int):
    """Put the approval of these minutes on the agenda of the board's next meeting."""
    meeting = get_or_404(Meeting, meeting_id)
    require(can_manage_minutes(current_user, meeting))
    form = ConfirmForm()
    if form.validate_on_submit():
        item = attempt(form, lambda: minutes_ops.add_approval_item(current_user, meeting))
        if item is not None:
            db.session.commit()
            flash(f"“{item.title}” is on the agenda of this meeting.", "success")
            return redirect(url_for("pages.meeting", meeting_id=item.meeting_id))
        for message in form.form_errors:
            flash(message, "error")
    return redirect(url_for("minutes.approve_minutes", meeting_id=meeting.id))
