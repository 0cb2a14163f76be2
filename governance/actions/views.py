"""The action log: a board's actions, raising one, progress on one, matters arising."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user
from wtforms import SelectChoice

from governance import clock
from governance.actions import operations as action_ops
from governance.actions import rules as action_rules
from governance.actions.blueprint import bp
from governance.actions.forms import ActionForm, UpdateForm
from governance.actions.models import Action, ActionStatus
from governance.actions.permissions import (
    can_add_action,
    can_update_action,
    can_view_action,
    can_view_actions,
)
from governance.boards.forms import options
from governance.boards.models import Board, Person
from governance.extensions import db
from governance.meetings.models import AgendaItem, Meeting
from governance.meetings.permissions import can_see_confidential, can_view_meeting
from governance.web import attempt, get_or_404, query_int, require


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
        "actions/list.html",
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
    return render_template("actions/form.html", form=form, item=item), (400 if form.errors else 200)


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
            return redirect(url_for("actions.action", action_id=action_id))
    return render_template("actions/action.html", entry=entry, form=form), (
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
        "actions/arising.html",
        meeting=meeting,
        board=board,
        entries=[
            e for e in action_ops.entries(board, found, today) if can_view_action(current_user, e)
        ],
    )
