"""Board list, board page, and the board forms."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from governance.boards import operations, queries
from governance.boards.blueprint import bp
from governance.boards.choices import (
    officer_form,
    organisation_choices,
    parent_choices,
)
from governance.boards.forms import BoardForm, ConfirmForm
from governance.boards.models import Board, BoardOfficer, OfficerRole, Organisation, Person
from governance.boards.permissions import (
    can_create_board,
    can_manage_board,
    can_manage_officers,
    can_move_board,
    can_publish_board,
)
from governance.errors import DomainError
from governance.extensions import db
from governance.fields import whole_number
from governance.page_cache import cached_page
from governance.web import attempt, get_or_404, require, show_error

BOARD_FIELDS = (
    "name",
    "code",
    "description",
    "timezone",
    "notice_clear_days",
    "notice_working_days",
    "is_public",
    "accountable_body_id",
    "lead_agency_id",
    "required_agency_types",
    "min_parent_seats",
    "min_voluntary_community_seats",
    "max_size",
    "quorum_min_count",
    "inquorate_recommendations",
    "induction_categories",
)


@bp.route("/boards")
@cached_page
def index():
    """Boards the viewer may see, with sub-groups under their parents."""
    return render_template("boards/index.html", boards=queries.visible_boards(current_user))


MOVE_HINT = (
    "Moving a board is for an administrator, or the secretary of the board it reports to now."
)
PUBLISH_HINT = (
    "Making a board public or private is for an administrator, or for a sub-group the "
    "secretary of the board it reports to."
)


def _board_form(board: Board | None) -> BoardForm:
    form = BoardForm(obj=board)
    if board is not None and not form.is_submitted():
        minimums = board.quorum_category_minimums or {}
        form.quorum_min_parents.data = minimums.get("parent", 0)
        form.quorum_min_statutory.data = minimums.get("statutory", 0)
        if board.quorum_fraction_numerator and board.quorum_fraction_denominator:
            form.quorum_fraction.data = (
                f"{board.quorum_fraction_numerator}/{board.quorum_fraction_denominator}"
            )
    form.parent_id.choices = parent_choices(board, current_user)
    if board is not None and not can_move_board(current_user, board, board.parent):
        form.parent_id.description = MOVE_HINT
    if board is not None and not can_publish_board(current_user, board):
        form.is_public.description = PUBLISH_HINT
    form.accountable_body_id.choices = organisation_choices()
    form.lead_agency_id.choices = organisation_choices()
    return form


def _move_refusal(board: Board, chosen: Board | None) -> str:
    if chosen is None:
        return "Only an administrator can make a sub-group a main board."
    if board.parent is None:
        return "Only an administrator can make a main board report to another board."
    return (
        "Only an administrator, or a secretary of both the board it reports to now and the "
        "board chosen, can move it."
    )


def _structure_refused(form: BoardForm, board: Board | None) -> bool:
    """Refuse, beside the field, a parent board the viewer may not choose and a change of
    visibility that is not theirs to make. True when something was refused."""
    chosen_id = form.parent_id.data
    # Only the boards offered (never one the viewer may not see) are looked up: a forged id
    # is refused here, before it reaches the database.
    offered = {choice.value for choice in form.parent_id.choices or ()}
    known = chosen_id is None or chosen_id in offered
    chosen = db.session.get(Board, chosen_id) if chosen_id is not None and known else None
    if board is None or chosen_id != board.parent_id:
        if not known or (chosen_id is not None and chosen is None):
            show_error(form, DomainError("Choose one of the boards listed.", field="parent_id"))
        elif board is not None and not can_move_board(current_user, board, chosen):
            show_error(form, DomainError(_move_refusal(board, chosen), field="parent_id"))
    if (
        board is not None
        and bool(form.is_public.data) != board.is_public
        and not can_publish_board(current_user, board)
    ):
        who = ", or the secretary of the board it reports to," if board.parent else ""
        message = f"Only an administrator{who} can change whether this board is public."
        show_error(form, DomainError(message, field="is_public"))
    return bool(form.parent_id.errors or form.is_public.errors)


def _board_values(form: BoardForm) -> dict:
    values = {name: getattr(form, name).data for name in BOARD_FIELDS}
    values["description"] = values["description"] or ""
    values["parent"] = db.session.get(Board, form.parent_id.data) if form.parent_id.data else None
    values["quorum_fraction"] = form.quorum_fraction.data or ""
    values["quorum_category_minimums"] = {
        category: n
        for category, n in (
            ("parent", form.quorum_min_parents.data or 0),
            ("statutory", form.quorum_min_statutory.data or 0),
        )
        if n
    }
    for key in ("accountable_body_id", "lead_agency_id"):
        if values[key] is not None and db.session.get(Organisation, values[key]) is None:
            values[key] = None
    return values


@bp.route("/boards/new", methods=["GET", "POST"])
def create_board():
    """Create a board, or a sub-group of a board the secretary runs."""
    parent = db.session.get(Board, whole_number(request.values.get("parent_id"), lowest=0) or 0)
    require(can_create_board(current_user, parent))
    form = _board_form(None)
    if request.method == "GET" and parent is not None:
        form.parent_id.data = parent.id
    if form.validate_on_submit() and not _structure_refused(form, None):
        chosen = db.session.get(Board, form.parent_id.data) if form.parent_id.data else None
        require(can_create_board(current_user, chosen))
        board = attempt(
            form, lambda: operations.save_board(current_user, None, _board_values(form))
        )
        if board is not None:
            db.session.commit()
            flash(f"Board “{board.name}” created. Now add its seats.", "success")
            return redirect(url_for("pages.board", board_id=board.id))
    return render_template("boards/board_form.html", form=form, board=None), (
        400 if form.errors else 200
    )


@bp.route("/boards/<int:board_id>/edit", methods=["GET", "POST"])
def edit_board(board_id: int):
    """Edit a board's settings and composition rules."""
    board = get_or_404(Board, board_id)
    require(can_manage_board(current_user, board))
    form = _board_form(board)
    if form.validate_on_submit() and not _structure_refused(form, board):
        if attempt(form, lambda: operations.save_board(current_user, board, _board_values(form))):
            db.session.commit()
            flash("Board saved.", "success")
            return redirect(url_for("pages.board", board_id=board.id))
    return render_template("boards/board_form.html", form=form, board=board), (
        400 if form.errors else 200
    )


@bp.route("/boards/<int:board_id>/officers", methods=["POST"])
def add_officer(board_id: int):
    """Name a secretary or chair for the board."""
    board = get_or_404(Board, board_id)
    require(can_manage_officers(current_user, board))
    form = officer_form()
    if form.validate_on_submit() and form.person_id.data:
        person = get_or_404(Person, form.person_id.data)
        role = OfficerRole(form.role.data)
        if attempt(form, lambda: operations.assign_officer(current_user, board, person, role)):
            db.session.commit()
            flash(f"{person.full_name} is now {role.value} of {board.name}.", "success")
            return redirect(url_for("pages.board", board_id=board.id))
    for message in [m for errors in form.errors.values() for m in errors]:
        flash(message, "error")
    return redirect(url_for("pages.board", board_id=board.id))


@bp.route("/officers/<int:officer_id>/remove", methods=["POST"])
def remove_officer(officer_id: int):
    """Stop someone acting as the board's secretary or chair."""
    officer = get_or_404(BoardOfficer, officer_id)
    board = officer.board
    require(can_manage_officers(current_user, board))
    if ConfirmForm().validate_on_submit():
        operations.remove_officer(current_user, officer)
        db.session.commit()
        flash("Officer removed.", "success")
    return redirect(url_for("pages.board", board_id=board.id))
