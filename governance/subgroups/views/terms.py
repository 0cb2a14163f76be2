"""Terms of reference pages: the version in force, drafts, approval, history and comparison."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user
from wtforms import SelectChoice

from governance import clock
from governance.boards.models import Board
from governance.decisions.models import Decision
from governance.extensions import db
from governance.subgroups import operations, queries, rules
from governance.subgroups.blueprint import bp
from governance.subgroups.forms import SPARE_AUTHORITY_ROWS, ApproveForm, TermsForm, to_pounds
from governance.subgroups.models import TermsOfReference, TermsStatus
from governance.subgroups.permissions import (
    can_approve_terms,
    can_draft_terms,
    can_edit_terms,
    can_view_terms,
)
from governance.web import attempt, get_or_404, query_int, require


def _version_or_404(terms_id: int) -> TermsOfReference:
    return queries.one_version(terms_id) or abort(404)


@bp.route("/boards/<int:board_id>/terms")
def terms(board_id: int):
    """A sub-group's terms of reference in force, with any draft awaiting approval."""
    board = get_or_404(Board, board_id)
    require(can_view_terms(current_user, board))
    all_versions = queries.versions(board.id)
    return render_template(
        "subgroups/terms.html",
        board=board,
        approved=next((t for t in all_versions if t.status is TermsStatus.APPROVED), None),
        draft=next((t for t in all_versions if t.status is TermsStatus.DRAFT), None),
        count=len(all_versions),
        today=clock.today(board.timezone),
        review_state=rules.review_state,
        describe_duty=rules.describe_duty,
        quorum_caveat=queries.quorum_caveat(board),
    )


@bp.route("/boards/<int:board_id>/terms/history")
def history(board_id: int):
    """Every version of a sub-group's terms of reference, and a choice of two to compare."""
    board = get_or_404(Board, board_id)
    require(can_view_terms(current_user, board))
    return render_template(
        "subgroups/history.html", board=board, versions=queries.versions(board.id)
    )


@bp.route("/terms/<int:terms_id>")
def version(terms_id: int):
    """One version of the terms of reference, as it was approved (or as drafted so far)."""
    terms = _version_or_404(terms_id)
    require(can_view_terms(current_user, terms.board))
    return render_template(
        "subgroups/version.html",
        terms=terms,
        board=terms.board,
        describe_duty=rules.describe_duty,
    )


@bp.route("/boards/<int:board_id>/terms/compare")
def compare(board_id: int):
    """What changed between two versions of a sub-group's terms of reference."""
    board = get_or_404(Board, board_id)
    require(can_view_terms(current_user, board))
    by_number = {t.version: t for t in queries.versions(board.id)}
    old = by_number.get(query_int("from") or 0)
    new = by_number.get(query_int("to") or 0)
    if old is None or new is None:
        abort(404)
    return render_template(
        "subgroups/compare.html",
        board=board,
        old=old,
        new=new,
        changes=rules.compare_terms(queries.plain(old), queries.plain(new)),
    )


def _fill(form: TermsForm, source: TermsOfReference | None) -> None:
    """Fill a fresh form from a version, with spare rows for new authority entries."""
    if form.is_submitted():
        return
    if source is not None:
        for name in ("purpose", "membership", "chair", "quorum", "meeting_frequency"):
            getattr(form, name).data = getattr(source, name)
        form.fill_quorum(source.quorum_min_count, source.quorum_category_minimums)
        form.reporting_every.data = source.reporting_every
        form.reporting_basis.data = source.reporting_basis.value
        form.review_on.data = source.review_on
        while len(form.authorities.entries):
            form.authorities.pop_entry()
        for entry in source.authorities:
            form.authorities.append_entry(
                {"kind": entry.kind, "limit": to_pounds(entry.spending_limit_pence)}
            )
        for _ in range(SPARE_AUTHORITY_ROWS):
            form.authorities.append_entry()


@bp.route("/boards/<int:board_id>/terms/new", methods=["GET", "POST"])
def new_terms(board_id: int):
    """Start a new version as a draft, beginning from the version in force."""
    board = get_or_404(Board, board_id)
    require(can_draft_terms(current_user, board))
    form = TermsForm()
    current = next(
        (t for t in queries.versions(board.id) if t.status is TermsStatus.APPROVED), None
    )
    _fill(form, current)
    if form.validate_on_submit():
        draft = attempt(form, lambda: operations.start_draft(current_user, board, form.values()))
        if draft is not None:
            db.session.commit()
            flash(f"Version {draft.version} saved as a draft.", "success")
            return redirect(url_for("subgroups.version", terms_id=draft.id))
    return render_template("subgroups/terms_form.html", form=form, board=board, terms=None), (
        400 if form.errors else 200
    )


@bp.route("/terms/<int:terms_id>/edit", methods=["GET", "POST"])
def edit_terms(terms_id: int):
    """Change a draft; approved versions never change."""
    terms = _version_or_404(terms_id)
    require(can_edit_terms(current_user, terms))
    form = TermsForm()
    _fill(form, terms)
    if form.validate_on_submit():
        done = attempt(form, lambda: operations.save_draft(current_user, terms, form.values()))
        if done:
            db.session.commit()
            flash("Draft saved.", "success")
            return redirect(url_for("subgroups.version", terms_id=terms.id))
    return render_template(
        "subgroups/terms_form.html", form=form, board=terms.board, terms=terms
    ), (400 if form.errors else 200)


@bp.route("/terms/<int:terms_id>/approve", methods=["GET", "POST"])
def approve_terms(terms_id: int):
    """Record that the parent board approved a draft, by choosing its decision."""
    terms = _version_or_404(terms_id)
    require(can_approve_terms(current_user, terms))
    parent = terms.board.parent
    assert parent is not None
    form = ApproveForm()
    form.decision_id.choices = [
        SelectChoice("", "— choose a decision —"),
        *(
            SelectChoice(str(d.id), f"{d.number}: {d.resolution[:90]}")
            for d in queries.approving_decisions(parent.id)
        ),
    ]
    if form.validate_on_submit():
        decision = get_or_404(Decision, form.decision_id.data)
        done = attempt(form, lambda: operations.approve_terms(current_user, terms, decision))
        if done:
            db.session.commit()
            flash(f"Version {terms.version} approved by decision {decision.number}.", "success")
            return redirect(url_for("subgroups.terms", board_id=terms.board_id))
    return render_template(
        "subgroups/approve.html", form=form, terms=terms, board=terms.board, parent=parent
    ), (400 if form.errors else 200)
