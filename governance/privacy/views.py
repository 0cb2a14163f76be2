"""Administrators' pages for a person's data: the subject access export and erasure."""

from __future__ import annotations

from pathlib import Path

from flask import Response, current_app, flash, redirect, render_template, url_for
from flask_login import current_user

from governance.boards.models import Person
from governance.errors import DomainError
from governance.extensions import db
from governance.privacy.blueprint import bp
from governance.privacy.export import export_zip
from governance.privacy.forms import EraseForm
from governance.privacy.operations import erase_person
from governance.privacy.permissions import can_erase_person, can_export_person_data
from governance.web import attempt, get_or_404, require, show_error


@bp.route("/people/<int:person_id>/data-export.zip")
def data_export(person_id: int):
    """Everything held about a person, and the files they uploaded, as a ZIP."""
    person = get_or_404(Person, person_id)
    require(can_export_person_data(current_user, person))
    data = export_zip(person, Path(current_app.config["STORAGE_PATH"]))
    response = Response(data, mimetype="application/zip")
    response.headers["Content-Disposition"] = (
        f'attachment; filename="person-{person.id}-data-export.zip"'
    )
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/people/<int:person_id>/erase", methods=["GET", "POST"])
def erase(person_id: int):
    """Confirm, then replace a person's identifying details with a pseudonym."""
    person = get_or_404(Person, person_id)
    require(can_erase_person(current_user, person))
    form = EraseForm()
    if form.validate_on_submit():
        if (form.confirm.data or "").strip() != "ERASE":
            show_error(form, DomainError("Type ERASE, in capitals, to confirm.", field="confirm"))
        elif attempt(form, lambda: erase_person(current_user, person)) is not None:
            db.session.commit()
            flash(f"Personal details erased; the records now show “{person.full_name}”.", "success")
            return redirect(url_for("boards.person", person_id=person.id))
    return render_template("privacy/erase.html", form=form, person=person), (
        400 if form.errors or form.form_errors else 200
    )
