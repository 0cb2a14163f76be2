"""People and organisations."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user

from governance import clock
from governance.boards import operations, queries
from governance.boards.blueprint import bp
from governance.boards.choices import organisation_choices
from governance.boards.forms import OrganisationForm, PersonForm
from governance.boards.models import AgencyType, Organisation, Person, Sector
from governance.boards.permissions import (
    can_add_organisations,
    can_add_people,
    can_edit_organisation,
    can_edit_person,
    can_list_people,
    can_view_board,
    can_view_organisation,
    can_view_person,
)
from governance.extensions import db
from governance.web import attempt, get_or_404, require

# Organisations -----------------------------------------------------------------------------


@bp.route("/organisations")
def organisations():
    """Every organisation, by sector."""
    require(can_view_organisation(current_user))
    return render_template("boards/organisations.html", organisations=queries.organisations())


@bp.route("/organisations/<int:organisation_id>")
def organisation(organisation_id: int):
    """An organisation and the seats it holds on boards the viewer may see."""
    organisation = queries.organisation_with_seats(organisation_id) or abort(404)
    require(can_view_organisation(current_user, organisation))
    seats = [s for s in organisation.seats if can_view_board(current_user, s.board)]
    on = clock.today()
    return render_template(
        "boards/organisation.html",
        organisation=organisation,
        seats=seats,
        holders={s.id: s.holder_on(on) for s in seats},
    )


def _organisation_values(form: OrganisationForm) -> dict:
    return {
        "name": form.name.data or "",
        "sector": Sector(form.sector.data),
        "agency_type": AgencyType(form.agency_type.data) if form.agency_type.data else None,
        "description": form.description.data or "",
    }


def _save_organisation(organisation: Organisation | None):
    if organisation is None:
        require(can_add_organisations(current_user))
    else:
        require(can_edit_organisation(current_user, organisation))
    form = OrganisationForm(obj=organisation)
    if form.validate_on_submit():
        saved = attempt(
            form,
            lambda: operations.save_organisation(
                current_user, organisation, _organisation_values(form)
            ),
        )
        if saved is not None:
            db.session.commit()
            flash(f"Organisation “{saved.name}” saved.", "success")
            return redirect(url_for("boards.organisation", organisation_id=saved.id))
    return render_template("boards/organisation_form.html", form=form, organisation=organisation), (
        400 if form.errors else 200
    )


@bp.route("/organisations/new", methods=["GET", "POST"])
def create_organisation():
    """Add an organisation."""
    return _save_organisation(None)


@bp.route("/organisations/<int:organisation_id>/edit", methods=["GET", "POST"])
def edit_organisation(organisation_id: int):
    """Edit an organisation."""
    return _save_organisation(get_or_404(Organisation, organisation_id))


# People ------------------------------------------------------------------------------------


@bp.route("/people")
def people():
    """The directory: everyone for administrators and auditors; for a secretary or chair, the
    people of the boards they serve (and, for a secretary, people on no board yet)."""
    require(can_list_people(current_user))
    people = [p for p in queries.people_with_boards() if can_view_person(current_user, p)]
    return render_template("boards/people.html", people=people)


@bp.route("/people/<int:person_id>")
def person(person_id: int):
    """A person: their seats past and present and the offices they hold."""
    person = queries.person_with_history(person_id) or abort(404)
    require(can_view_person(current_user, person))
    appointments = [a for a in person.appointments if can_view_board(current_user, a.seat.board)]
    offices = [o for o in person.offices if can_view_board(current_user, o.board)]
    return render_template(
        "boards/person.html",
        person=person,
        appointments=appointments,
        offices=offices,
        on=clock.today(),
    )


def _save_person(person: Person | None):
    if person is None:
        require(can_add_people(current_user))
    else:
        require(can_edit_person(current_user, person))
    form = PersonForm(obj=person)
    form.organisation_id.choices = organisation_choices()
    if form.validate_on_submit():
        values = {
            "full_name": form.full_name.data or "",
            "email": form.email.data,
            "phone": form.phone.data or "",
            "organisation_id": form.organisation_id.data
            if form.organisation_id.data and db.session.get(Organisation, form.organisation_id.data)
            else None,
            "job_title": form.job_title.data or "",
        }
        saved = attempt(form, lambda: operations.save_person(current_user, person, values))
        if saved is not None:
            db.session.commit()
            flash(f"{saved.full_name} saved.", "success")
            return redirect(url_for("boards.person", person_id=saved.id))
    return render_template("boards/person_form.html", form=form, person=person), (
        400 if form.errors else 200
    )


@bp.route("/people/new", methods=["GET", "POST"])
def create_person():
    """Add a person, member or not."""
    return _save_person(None)


@bp.route("/people/<int:person_id>/edit", methods=["GET", "POST"])
def edit_person(person_id: int):
    """Edit a person's details."""
    return _save_person(get_or_404(Person, person_id))
