"""Each new member's induction record, signing steps off, buddies, and the overview."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user

from governance import clock
from governance.boards.forms import ConfirmForm, options
from governance.boards.models import Appointment, Board, Person
from governance.errors import DomainError
from governance.extensions import db
from governance.induction import operations, queries
from governance.induction.blueprint import bp
from governance.induction.forms import BuddyForm, SignOffForm
from governance.induction.models import InductionItem, InductionRecord, StepKind
from governance.induction.permissions import (
    can_assign_buddy,
    can_manage_induction,
    can_oversee_induction,
    can_sign_off,
    can_view_record,
)
from governance.web import attempt, get_or_404, require


@bp.route("/boards/<int:board_id>/induction")
def overview(board_id: int):
    """Every current member's induction on the board: who is behind, and on which steps."""
    board = get_or_404(Board, board_id)
    require(can_oversee_induction(current_user, board))
    views, departed = queries.overview(board)
    return render_template(
        "induction/overview.html",
        board=board,
        views=views,
        departed=departed,
        today=clock.today(board.timezone),
        manage=can_manage_induction(current_user, board),
    )


def _buddy_form(record: InductionRecord) -> BuddyForm:
    form = BuddyForm()
    form.buddy_id.choices = options(
        [
            ("", "— choose a buddy —"),
            *((p.id, p.full_name) for p in queries.buddy_candidates(record)),
        ]
    )
    if not form.is_submitted():
        form.buddy_id.data = record.buddy_id
    return form


def _record_page(record_id: int, form: SignOffForm | None = None, buddy: BuddyForm | None = None):
    view = queries.record_view(record_id) or abort(404)
    record = view.record
    require(can_view_record(current_user, record))
    if buddy is None and can_assign_buddy(current_user, record):
        buddy = _buddy_form(record)
    return render_template(
        "induction/record.html",
        view=view,
        record=record,
        board=record.board,
        form=form or SignOffForm(formdata=None),
        buddy_form=buddy,
        mine=current_user.person_id == record.person_id,
        StepKind=StepKind,
    )


@bp.route("/induction/records/<int:record_id>")
def record(record_id: int):
    """A person's induction: each step, when it is due, who signed it off, and their reading."""
    return _record_page(record_id)


@bp.route("/induction/items/<int:item_id>/done", methods=["POST"])
def sign_off(item_id: int):
    """Mark a step done (an agreement: the new member's own acknowledgement)."""
    item = get_or_404(InductionItem, item_id)
    require(can_sign_off(current_user, item))
    form = SignOffForm()
    if form.validate_on_submit():
        done = attempt(
            form,
            lambda: operations.sign_off(
                current_user, item, form.done_on.data, form.note.data or ""
            ),
        )
        if done is not None:
            db.session.commit()
            what = "agreed" if item.kind is StepKind.AGREEMENT else "signed off"
            flash(f"“{item.title}” {what}.", "success")
            return redirect(url_for("induction.record", record_id=item.record_id))
    response = _record_page(item.record_id, form=form)
    return response, 400


@bp.route("/induction/records/<int:record_id>/buddy", methods=["POST"])
def assign_buddy(record_id: int):
    """Give a new member a buddy: an experienced member they can ask anything."""
    record = get_or_404(InductionRecord, record_id)
    require(can_assign_buddy(current_user, record))
    form = _buddy_form(record)
    if form.validate_on_submit():
        buddy = db.session.get(Person, form.buddy_id.data) if form.buddy_id.data else None
        if buddy is None:
            form.buddy_id.errors = ["Choose a buddy."]
        elif attempt(form, lambda: operations.assign_buddy(current_user, record, buddy)):
            db.session.commit()
            flash(f"{buddy.full_name} is now the buddy.", "success")
            return redirect(url_for("induction.record", record_id=record.id))
    return _record_page(record.id, buddy=form), 400


@bp.route("/appointments/<int:appointment_id>/induction", methods=["POST"])
def start(appointment_id: int):
    """Start an induction by hand for a member whose seat does not start one by itself."""
    appointment = get_or_404(Appointment, appointment_id)
    board = appointment.seat.board
    require(can_manage_induction(current_user, board))
    if ConfirmForm().validate_on_submit():
        try:
            record = operations.start_induction(
                current_user, board, appointment.person, appointment.starts_on, appointment.id
            )
        except DomainError as error:
            db.session.rollback()
            flash(error.message, "error")
        else:
            db.session.commit()
            flash(f"Induction started for {appointment.person.full_name}.", "success")
            return redirect(url_for("induction.record", record_id=record.id))
    return redirect(url_for("induction.overview", board_id=board.id))
