"""A board's induction programme: its steps and their material, and the secretary's edits."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import (
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_login import current_user

from governance.boards.forms import ConfirmForm
from governance.boards.models import Board
from governance.database import writes_when_read
from governance.errors import DomainError
from governance.extensions import db
from governance.induction import materials, operations, queries
from governance.induction.blueprint import bp
from governance.induction.forms import DocumentForm, PageForm, StepForm
from governance.induction.models import InductionMaterial, InductionStep, MaterialKind
from governance.induction.permissions import (
    can_manage_induction,
    can_open_material,
    can_view_programme,
)
from governance.induction.rules import describe_offset
from governance.papers import rules as paper_rules
from governance.papers.files import storage
from governance.web import attempt, get_or_404, require, show_error

STEP_FIELDS = ("title", "description", "kind", "due_offset_days")
#: Served files are downloads, never rendered or cached (as for papers).
PROTECTIVE_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; sandbox",
    "Cache-Control": "private, no-store",
}


def _status(form: Any) -> int:
    return 400 if form.errors else 200


def _max_bytes() -> int:
    return int(current_app.config.get("MAX_PAPER_BYTES", 25 * 1024 * 1024))


@bp.url_value_preprocessor
def _limit_upload_size(endpoint: str | None, _values: Any) -> None:
    # As for papers: set before CSRF reads the body, so a huge upload is stopped early.
    if endpoint == "induction.add_material":
        request.max_content_length = _max_bytes() + 64 * 1024


@bp.route("/boards/<int:board_id>/induction/programme")
def programme(board_id: int):
    """The board's induction programme: its steps in order, when each is due, its material."""
    board = get_or_404(Board, board_id)
    require(can_view_programme(current_user, board))
    found = queries.programme_page(board)
    return render_template(
        "induction/programme.html",
        board=board,
        programme=found,
        steps=found.active_steps if found else [],
        retired=[s for s in found.steps if s.retired_on is not None] if found else [],
        manage=can_manage_induction(current_user, board),
        describe_offset=describe_offset,
        confirm=ConfirmForm(),
    )


def _step_values(form: StepForm) -> dict[str, Any]:
    return {name: getattr(form, name).data for name in STEP_FIELDS}


@bp.route("/boards/<int:board_id>/induction/steps/new", methods=["GET", "POST"])
def add_step(board_id: int):
    """Add a step to the end of the board's programme."""
    board = get_or_404(Board, board_id)
    require(can_manage_induction(current_user, board))
    form = StepForm()
    if form.validate_on_submit():
        step = attempt(form, lambda: operations.add_step(current_user, board, _step_values(form)))
        if step is not None:
            db.session.commit()
            flash(f"Step “{step.title}” added; inductions under way now include it.", "success")
            return redirect(url_for("induction.programme", board_id=board.id))
    return render_template("induction/step_form.html", form=form, board=board, step=None), (
        _status(form)
    )


@bp.route("/induction/steps/<int:step_id>/edit", methods=["GET", "POST"])
def edit_step(step_id: int):
    """Change a step; steps already signed off on anyone's record stay as they were."""
    step = get_or_404(InductionStep, step_id)
    board = step.programme.board
    require(can_manage_induction(current_user, board))
    form = StepForm(obj=step)
    if not form.is_submitted():
        form.kind.data = step.kind.value
    if form.validate_on_submit():
        if attempt(form, lambda: operations.edit_step(current_user, step, _step_values(form))):
            db.session.commit()
            flash("Step saved. Records already signed off keep what they said.", "success")
            return redirect(url_for("induction.programme", board_id=board.id))
    return render_template("induction/step_form.html", form=form, board=board, step=step), (
        _status(form)
    )


@bp.route("/induction/steps/<int:step_id>/move", methods=["POST"])
def move_step(step_id: int):
    """Move a step up or down the programme."""
    step = get_or_404(InductionStep, step_id)
    board = step.programme.board
    require(can_manage_induction(current_user, board))
    if ConfirmForm().validate_on_submit():
        direction = request.form.get("direction", "")
        try:
            operations.move_step(current_user, step, direction)
        except DomainError as error:
            db.session.rollback()
            flash(error.message, "error")
        else:
            db.session.commit()
    return redirect(url_for("induction.programme", board_id=board.id, _anchor=f"step-{step_id}"))


@bp.route("/induction/steps/<int:step_id>/retire", methods=["POST"])
def retire_step(step_id: int):
    """Take a step out of the programme; records that did it keep it."""
    step = get_or_404(InductionStep, step_id)
    board = step.programme.board
    require(can_manage_induction(current_user, board))
    if ConfirmForm().validate_on_submit():
        try:
            operations.retire_step(current_user, step)
        except DomainError as error:
            db.session.rollback()
            flash(error.message, "error")
        else:
            db.session.commit()
            flash(f"Step “{step.title}” retired.", "success")
    return redirect(url_for("induction.programme", board_id=board.id))


def _store_document(form: DocumentForm) -> storage.StoredFile | None:
    try:
        return storage.store(form.file.data, Path(current_app.config["STORAGE_PATH"]), _max_bytes())
    except DomainError as error:
        show_error(form, error)
        return None


@bp.route("/induction/steps/<int:step_id>/material/new", methods=["GET", "POST"])
def add_material(step_id: int):
    """Attach a document (uploaded) or a page (written here) to a step."""
    step = get_or_404(InductionStep, step_id)
    board = step.programme.board
    require(can_manage_induction(current_user, board))
    kind = request.values.get("kind", "page")
    page = PageForm(prefix="page")
    document = DocumentForm(prefix="doc")
    document.file.description = (
        f"{paper_rules.allowed_types_label()}; up to {paper_rules.human_size(_max_bytes())}."
    )
    done = None
    if kind == "page" and page.validate_on_submit():
        done = attempt(
            page,
            lambda: materials.add_page(current_user, step, page.title.data or "", page.body.data),
        )
    elif kind == "document" and document.validate_on_submit():
        if len((document.title.data or "").strip()) < 3:
            document.title.errors = ["Give the material a title (3 to 200 characters)."]
        elif (stored := _store_document(document)) is not None:
            done = attempt(
                document,
                lambda: materials.add_document(
                    current_user,
                    step,
                    document.title.data or "",
                    stored,
                    document.file.data.filename or "",
                ),
            )
    if done is not None:
        db.session.commit()
        flash(f"“{done.title}” added to “{step.title}”.", "success")
        return redirect(
            url_for("induction.programme", board_id=board.id, _anchor=f"step-{step.id}")
        )
    failed = page.errors or document.errors
    return render_template(
        "induction/material_form.html", step=step, board=board, page=page, document=document
    ), (400 if failed else 200)


@bp.route("/induction/material/<int:material_id>")
@writes_when_read
def material(material_id: int):
    """Open a piece of material: a page is shown, a document downloaded; the read is noted."""
    item = get_or_404(InductionMaterial, material_id)
    require(can_open_material(current_user, item))
    if item.retired_at is not None and not can_manage_induction(
        current_user, item.step.programme.board
    ):
        abort(404)
    board = item.step.programme.board
    if item.kind is MaterialKind.PAGE:
        step_item = queries.own_item(current_user, item.step)
        response = current_app.make_response(
            render_template(
                "induction/material.html",
                material=item,
                board=board,
                own=step_item,
                # Opening this page is what it asks; the agreement waits only for the rest.
                unread=queries.unread_titles(current_user, item.step, besides=item.id)
                if step_item is not None
                else [],
                readers=queries.readers(item)
                if can_manage_induction(current_user, board)
                else None,
            )
        )
    else:
        assert item.sha256 is not None and item.media_type is not None
        # None too for a tampered hash that is not one: it names no path, so serves nothing.
        path = storage.locate(Path(current_app.config["STORAGE_PATH"]), item.sha256)
        if path is None:
            current_app.logger.error("Material %s: its file is missing from storage", item.id)
            abort(404)
        response = send_file(
            path,
            mimetype=item.media_type,
            as_attachment=True,
            download_name=paper_rules.safe_download_name(item.filename or "", item.media_type),
            conditional=True,
        )
        response.headers.update(PROTECTIVE_HEADERS)
    # Only the member's own GET: never a HEAD or a request another site made their browser send.
    own = paper_rules.counts_as_open(request.method, request.headers.get("Sec-Fetch-Site"))
    if response.status_code == 200 and not current_user.is_auditor and own:
        materials.record_read(current_user, item)
        db.session.commit()
    return response


@bp.route("/induction/material/<int:material_id>/retire", methods=["POST"])
def retire_material(material_id: int):
    """Take material out of the programme; the record of who read it stays."""
    item = get_or_404(InductionMaterial, material_id)
    board = item.step.programme.board
    require(can_manage_induction(current_user, board))
    if ConfirmForm().validate_on_submit():
        try:
            materials.retire_material(current_user, item)
        except DomainError as error:
            db.session.rollback()
            flash(error.message, "error")
        else:
            db.session.commit()
            flash(f"“{item.title}” removed from the programme.", "success")
    return redirect(url_for("induction.programme", board_id=board.id))
