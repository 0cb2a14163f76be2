"""Seats and appointments: who sits where, and for how long."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user

from governance import clock
from governance.boards import operations
from governance.boards.blueprint import bp
from governance.boards.choices import appointable_choices, organisation_choices
from governance.boards.forms import AppointmentForm, EndAppointmentForm, SeatForm, TermForm
from governance.boards.models import Appointment, Board, Organisation, Person, Seat, SeatCategory
from governance.boards.permissions import can_appoint_person, can_manage_board
from governance.extensions import db
from governance.web import attempt, get_or_404, require


def _seat_form(seat: Seat | None) -> SeatForm:
    form = SeatForm(obj=seat)
    form.organisation_id.choices = organisation_choices()
    return form


def _seat_values(form: SeatForm) -> dict:
    return {
        "title": form.title.data,
        "category": SeatCategory(form.category.data),
        "voting": form.voting.data,
        "organisation": db.session.get(Organisation, form.organisation_id.data)
        if form.organisation_id.data
        else None,
        "position": form.position.data or 0,
        "abolished_on": form.abolished_on.data,
    }


@bp.route("/boards/<int:board_id>/seats/new", methods=["GET", "POST"])
def create_seat(board_id: int):
    """Add a seat to a board."""
    board = get_or_404(Board, board_id)
    require(can_manage_board(current_user, board))
    form = _seat_form(None)
    if form.validate_on_submit():
        seat = attempt(
            form, lambda: operations.save_seat(current_user, board, None, _seat_values(form))
        )
        if seat is not None:
            db.session.commit()
            flash(f"Seat “{seat.title}” added.", "success")
            return redirect(url_for("pages.board", board_id=board.id))
    return render_template("boards/seat_form.html", form=form, board=board, seat=None), (
        400 if form.errors else 200
    )


@bp.route("/seats/<int:seat_id>/edit", methods=["GET", "POST"])
def edit_seat(seat_id: int):
    """Edit a seat, or abolish it once it is empty."""
    seat = get_or_404(Seat, seat_id)
    require(can_manage_board(current_user, seat.board))
    form = _seat_form(seat)
    if form.validate_on_submit():
        if attempt(
            form, lambda: operations.save_seat(current_user, seat.board, seat, _seat_values(form))
        ):
            db.session.commit()
            flash("Seat saved.", "success")
            return redirect(url_for("pages.board", board_id=seat.board_id))
    return render_template("boards/seat_form.html", form=form, board=seat.board, seat=seat), (
        400 if form.errors else 200
    )


@bp.route("/seats/<int:seat_id>/appoint", methods=["GET", "POST"])
def appoint(seat_id: int):
    """Appoint a person to a seat for a term."""
    seat = get_or_404(Seat, seat_id)
    require(can_manage_board(current_user, seat.board))
    form = AppointmentForm()
    form.person_id.choices = appointable_choices(current_user, seat.board)
    if not form.is_submitted():
        form.starts_on.data = clock.today(seat.board.timezone)
    if form.validate_on_submit():
        person = db.session.get(Person, form.person_id.data) if form.person_id.data else None
        if person is None:
            form.person_id.errors.append("Choose who is being appointed.")
        elif not can_appoint_person(current_user, person, seat.board):
            form.person_id.errors.append(
                "You can appoint people on the boards you serve, or someone just added; "
                "an administrator appoints anyone else."
            )
        else:
            assert form.starts_on.data is not None
            done = attempt(
                form,
                lambda: operations.appoint(
                    current_user, seat, person, form.starts_on.data, form.ends_on.data
                ),
            )
            if done:
                db.session.commit()
                flash(f"{person.full_name} appointed to “{seat.title}”.", "success")
                return redirect(url_for("pages.board", board_id=seat.board_id))
    return render_template("boards/appoint.html", form=form, seat=seat), (
        400 if form.errors else 200
    )


@bp.route("/appointments/<int:appointment_id>/term", methods=["GET", "POST"])
def edit_term(appointment_id: int):
    """Correct or extend an appointment's term."""
    appointment = get_or_404(Appointment, appointment_id)
    require(can_manage_board(current_user, appointment.seat.board))
    form = TermForm(obj=appointment)
    if form.validate_on_submit():
        assert form.starts_on.data is not None
        done = attempt(
            form,
            lambda: operations.change_term(
                current_user, appointment, form.starts_on.data, form.ends_on.data
            ),
        )
        if done:
            db.session.commit()
            flash("Term saved.", "success")
            return redirect(url_for("pages.board", board_id=appointment.seat.board_id))
    return render_template("boards/term_form.html", form=form, appointment=appointment), (
        400 if form.errors else 200
    )


@bp.route("/appointments/<int:appointment_id>/end", methods=["GET", "POST"])
def end_appointment(appointment_id: int):
    """End an appointment; it stays in the seat's history."""
    appointment = get_or_404(Appointment, appointment_id)
    require(can_manage_board(current_user, appointment.seat.board))
    form = EndAppointmentForm()
    if not form.is_submitted():
        form.ends_on.data = clock.today(appointment.seat.board.timezone)
    if form.validate_on_submit():
        assert form.ends_on.data is not None
        done = attempt(
            form,
            lambda: operations.end_appointment(
                current_user, appointment, form.ends_on.data, form.reason.data or ""
            ),
        )
        if done:
            db.session.commit()
            flash("Appointment ended; it stays in the seat's history.", "success")
            return redirect(url_for("pages.board", board_id=appointment.seat.board_id))
    return render_template("boards/end_appointment.html", form=form, appointment=appointment), (
        400 if form.errors else 200
    )
