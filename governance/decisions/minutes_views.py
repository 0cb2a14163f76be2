"""Minutes pages (read, note, circulate, approve) and actions (log, raise, update, arising)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import DateField, SelectChoice, SelectField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length

from governance import clock
from governance.boards.forms import ConfirmForm, options
from governance.boards.models import Board, Person
from governance.decisions import action_rules
from governance.decisions import actions as action_ops
from governance.decisions import minutes as minutes_ops
from governance.decisions.minutes_permissions import (
    can_add_action,
    can_manage_minutes,
    can_see_full_minutes,
    can_update_action,
    can_view_action,
    can_view_actions,
    can_view_minutes,
)
from governance.decisions.minutes_rules import MAX_NOTE_CHARS
from governance.decisions.models import Action, ActionStatus, Decision, Minutes, MinutesStatus
from governance.extensions import db
from governance.fields import StringField, optional_id
from governance.meetings.models import AgendaItem, Meeting, MeetingStatus
from governance.meetings.permissions import can_see_confidential, can_view_meeting
from governance.web import attempt, get_or_404, query_int, require

bp = Blueprint("minutes", __name__)


def _optional_int(value: object) -> int | None:
    return optional_id(value)


class ApproveForm(FlaskForm):
    decision_id = SelectField(
        "Approved by decision",
        description="The decision, at a later meeting of the board, that approved these minutes.",
        coerce=int,
        validators=[InputRequired()],
    )
    submit = SubmitField("Approve and lock the minutes")


class ActionForm(FlaskForm):
    title = StringField("What has to be done", validators=[DataRequired(), Length(max=300)])
    owner_id = SelectField("Who will do it", coerce=int, validators=[InputRequired()])
    due_on = DateField("Due by", validators=[InputRequired()])
    decision_id = SelectField("Arising from decision", coerce=_optional_int)
    submit = SubmitField("Add the action")


class UpdateForm(FlaskForm):
    text = TextAreaField("What has happened", validators=[DataRequired(), Length(max=5000)])
    status = SelectField(
        "Status", choices=options((s.value, s.label) for s in ActionStatus), default="open"
    )
    submit = SubmitField("Add the update")


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
    return render_template(
        "decisions/minutes.html",
        meeting=meeting,
        board=meeting.board,
        minutes=record,
        document=minutes_ops.assemble(
            meeting, public=not can_see_full_minutes(current_user, meeting)
        ),
        approving=db.session.get(Decision, record.approved_by_decision_id) if approved else None,
        intact=approved and minutes_ops.current_fingerprint(meeting) == record.approved_sha256,
        editable=manage and minutes_ops.notes_refusal(meeting, found) is None,
        approvable=manage and record.status is MinutesStatus.CIRCULATED,
        add_actions=meeting.status is MeetingStatus.HELD,
        confirm=ConfirmForm(),
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
    return render_template("decisions/minutes_edit.html", form=form, meeting=meeting), (
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
        "decisions/minutes_approve.html", form=form, meeting=meeting, candidates=candidates
    ), (400 if form.errors else 200)


# Actions -----------------------------------------------------------------------------------


@bp.route("/boards/<int:board_id>/actions")
def board_actions(board_id: int):
    """The board's action log across its meetings, filtered by state and owner."""
    board = get_or_404(Board, board_id)
    require(can_view_actions(current_user, board))
    state = action_rules.filter_state(request.args.get("state"))
    owner_id = query_int("owner")
    today = clock.today(board.timezone)
    found = action_ops.action_log(board, state, owner_id, today)
    return render_template(
        "decisions/actions.html",
        board=board,
        entries=[
            e for e in action_ops.entries(board, found, today) if can_view_action(current_user, e)
        ],
        state=state,
        states=action_rules.FILTERS,
        owner_id=owner_id,
        owners=action_ops.log_owners(board, can_see_confidential(current_user, board)),
    )


@bp.route("/items/<int:item_id>/actions/new", methods=["GET", "POST"])
def create_action(item_id: int):
    """Raise an action arising from an agenda item (or a decision on it)."""
    item = get_or_404(AgendaItem, item_id)
    require(can_add_action(current_user, item))
    form = ActionForm()
    owners = {p.id: p for p in action_ops.possible_owners(item)}
    decisions = {d.id: d for d in action_ops.item_decisions(item)}
    form.owner_id.choices = options((p.id, p.full_name) for p in owners.values())
    form.decision_id.choices = [
        SelectChoice("", "— none —"),
        *options((d.id, d.number) for d in decisions.values()),
    ]
    if form.validate_on_submit():
        owner: Person = owners[form.owner_id.data]
        raised = attempt(
            form,
            lambda: action_ops.create_action(
                current_user,
                item.meeting.board,
                form.title.data or "",
                owner,
                form.due_on.data,
                item=item,
                decision=decisions.get(form.decision_id.data or 0),
            ),
        )
        if raised is not None:
            db.session.commit()
            flash(f"Action added for {owner.full_name}.", "success")
            return redirect(url_for("minutes.minutes", meeting_id=item.meeting_id))
    return render_template("decisions/action_form.html", form=form, item=item), (
        400 if form.errors else 200
    )


@bp.route("/actions/<int:action_id>", methods=["GET", "POST"])
def action(action_id: int):
    """An action with its updates; its owner and the secretary add progress."""
    entry = action_ops.entry_for(get_or_404(Action, action_id))
    require(can_view_action(current_user, entry))
    form = UpdateForm(status=entry.action.status.value)
    if form.is_submitted():
        require(can_update_action(current_user, entry))
    if form.validate_on_submit():
        status = ActionStatus(form.status.data)
        update = attempt(
            form,
            lambda: action_ops.update_action(
                current_user, entry.action, form.text.data or "", status
            ),
        )
        if update is not None:
            db.session.commit()
            flash("Update added.", "success")
            return redirect(url_for("minutes.action", action_id=action_id))
    return render_template("decisions/action.html", entry=entry, form=form), (
        400 if form.errors else 200
    )


@bp.route("/meetings/<int:meeting_id>/matters-arising")
def matters_arising(meeting_id: int):
    """Matters arising: actions still open from the board's earlier meetings."""
    meeting = get_or_404(Meeting, meeting_id)
    require(can_view_meeting(current_user, meeting))
    board = meeting.board
    today = clock.today(board.timezone)
    found = action_ops.matters_arising(board, meeting.starts_at)
    return render_template(
        "decisions/actions_arising.html",
        meeting=meeting,
        board=board,
        entries=[
            e for e in action_ops.entries(board, found, today) if can_view_action(current_user, e)
        ],
    )
