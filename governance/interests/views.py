"""Registers of interests, and declarations of interest on agenda items."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user

from governance import clock
from governance.attendance.queries import meeting_day
from governance.boards.choices import organisation_choices
from governance.boards.forms import options
from governance.boards.models import Person
from governance.boards.permissions import can_view_person
from governance.extensions import db
from governance.interests import operations as interests
from governance.interests import rules as interest_rules
from governance.interests.blueprint import bp
from governance.interests.forms import DeclarationForm, EndInterestForm, InterestForm
from governance.interests.models import DeclarationAction, Interest
from governance.interests.permissions import can_manage_interests, can_see_unpublished_interests
from governance.meetings.models import AgendaItem
from governance.meetings.permissions import can_manage_meeting
from governance.web import attempt, get_or_404, query_int, require

INTEREST_FIELDS = ("description", "kind", "organisation_id", "starts_on", "published")


# Who may -------------------------------------------------------------------------------------


# Forms ---------------------------------------------------------------------------------------


# The register --------------------------------------------------------------------------------


@bp.route("/people/<int:person_id>/interests")
def register(person_id: int):
    """A person's register of interests: current entries, then ended ones kept as history."""
    person = get_or_404(Person, person_id)
    require(can_view_person(current_user, person))
    entries = interests.person_register(person)
    if not can_see_unpublished_interests(current_user, person):
        entries = [e for e in entries if e.published]
    today = clock.today()
    return render_template(
        "interests/register.html",
        person=person,
        current=[e for e in entries if e.ends_on is None or e.ends_on >= today],
        ended=[e for e in entries if e.ends_on is not None and e.ends_on < today],
        names=interests.organisation_names(entries),
        kinds=interest_rules.KINDS,
        manage=can_manage_interests(current_user, person),
    )


@bp.route("/people/<int:person_id>/interests/new", methods=["GET", "POST"])
def add_interest(person_id: int):
    """Add an entry to a person's register of interests."""
    person = get_or_404(Person, person_id)
    require(can_manage_interests(current_user, person))
    form = InterestForm()
    form.organisation_id.choices = organisation_choices()
    if not form.is_submitted():
        form.starts_on.data = clock.today()
    if form.validate_on_submit():
        values = {name: getattr(form, name).data for name in INTEREST_FIELDS}
        if attempt(form, lambda: interests.add_interest(current_user, person, values)):
            db.session.commit()
            flash("Entry added to the register of interests.", "success")
            return redirect(url_for("interests.register", person_id=person.id))
    return render_template("interests/form.html", form=form, person=person), (
        400 if form.errors else 200
    )


@bp.route("/interests/<int:interest_id>/end", methods=["GET", "POST"])
def end_interest(interest_id: int):
    """End a register entry on a given day; it stays in the register as history."""
    interest = get_or_404(Interest, interest_id)
    require(can_manage_interests(current_user, interest.person))
    form = EndInterestForm()
    if not form.is_submitted():
        form.ends_on.data = clock.today()
    if form.validate_on_submit():
        assert form.ends_on.data is not None
        ends_on = form.ends_on.data
        if attempt(form, lambda: interests.end_interest(current_user, interest, ends_on)):
            db.session.commit()
            flash("Entry ended; it stays in the register as history.", "success")
            return redirect(url_for("interests.register", person_id=interest.person_id))
    return render_template("interests/end.html", form=form, interest=interest), (
        400 if form.errors else 200
    )


# Declarations --------------------------------------------------------------------------------


def _declaration_form(item: AgendaItem) -> DeclarationForm:
    meeting = item.meeting
    form = DeclarationForm()
    people = interests.declarants(meeting)
    form.person_id.choices = options(
        [("", "— choose a person —"), *((p.id, p.full_name) for p in people)]
    )
    # Narrowed to one person when the page is opened for them (no script needed to filter).
    chosen = query_int("person_id")
    ids = {chosen} if chosen in {p.id for p in people} else {p.id for p in people}
    if chosen in ids and not form.is_submitted():
        form.person_id.data = chosen
    entries = interest_rules.relevant_first(
        interests.current_entries(ids, meeting_day(meeting)),
        interests.board_organisation_ids(meeting.board),
    )
    form.interest_id.choices = options(
        [
            ("", "— none: describe it below —"),
            *((e.id, f"{e.person.full_name}: {e.description}") for e in entries),
        ]
    )
    return form


@bp.route("/items/<int:item_id>/declarations/new", methods=["GET", "POST"])
def add_declaration(item_id: int):
    """Record an interest declared on an agenda item, and what the person then did."""
    item = get_or_404(AgendaItem, item_id)
    require(can_manage_meeting(current_user, item.meeting))
    form = _declaration_form(item)
    if form.validate_on_submit():
        person = get_or_404(Person, form.person_id.data)
        entry = db.session.get(Interest, form.interest_id.data) if form.interest_id.data else None
        done = attempt(
            form,
            lambda: interests.record_declaration(
                current_user,
                item,
                person,
                interest=entry,
                nature=form.nature.data or "",
                action=DeclarationAction(form.action.data),
                dispensation_by=form.dispensation_by.data,
                dispensation_reason=form.dispensation_reason.data,
            ),
        )
        if done is not None:
            db.session.commit()
            flash(f"Declaration by {person.full_name} recorded.", "success")
            return redirect(url_for("interests.add_declaration", item_id=item.id))
    return render_template(
        "interests/declaration_form.html",
        form=form,
        item=item,
        meeting=item.meeting,
        declarations=interests.item_declarations(item),
    ), (400 if form.errors else 200)
