"""The glossary page (public), its management and `flask glossary`."""

from __future__ import annotations

import click
from flask import flash, redirect, render_template, url_for
from flask_login import current_user

from governance.boards.forms import ConfirmForm
from governance.extensions import db
from governance.glossary import operations as glossary
from governance.glossary import rules as glossary_rules
from governance.glossary.blueprint import bp
from governance.glossary.forms import GlossaryForm
from governance.glossary.models import GlossaryTerm
from governance.induction.permissions import can_manage_glossary
from governance.web import attempt, get_or_404, require

# Pages ---------------------------------------------------------------------------------------


@bp.route("/glossary")
def index():
    """Every term with its plain-language meaning, open to everyone."""
    terms = glossary.all_terms()
    letters = sorted({t.term[0].upper() for t in terms})
    return render_template(
        "glossary/index.html",
        terms=terms,
        letters=letters,
        anchor=glossary_rules.anchor,
        manage=can_manage_glossary(current_user),
        confirm=ConfirmForm(),
    )


def _save(form: GlossaryForm, term: GlossaryTerm | None) -> GlossaryTerm | None:
    aliases = glossary_rules.split_aliases(form.aliases.data or "")
    return attempt(
        form,
        lambda: glossary.save_term(
            current_user, term, form.term.data or "", form.meaning.data or "", aliases
        ),
    )


@bp.route("/glossary/new", methods=["GET", "POST"])
def add_term():
    """Add a term to the glossary."""
    require(can_manage_glossary(current_user))
    form = GlossaryForm()
    if form.validate_on_submit() and (term := _save(form, None)) is not None:
        db.session.commit()
        flash(f"“{term.term}” added to the glossary.", "success")
        return redirect(url_for("glossary.index", _anchor=glossary_rules.anchor(term.key)))
    return render_template("glossary/form.html", form=form, term=None), (
        400 if form.errors else 200
    )


@bp.route("/glossary/<int:term_id>/edit", methods=["GET", "POST"])
def edit_term(term_id: int):
    """Change a term, its meaning or the other forms marked as it."""
    term = get_or_404(GlossaryTerm, term_id)
    require(can_manage_glossary(current_user))
    form = GlossaryForm(obj=term)
    if not form.is_submitted():
        form.aliases.data = "\n".join(term.aliases or [])
    if form.validate_on_submit() and _save(form, term) is not None:
        db.session.commit()
        flash(f"“{term.term}” saved.", "success")
        return redirect(url_for("glossary.index", _anchor=glossary_rules.anchor(term.key)))
    return render_template("glossary/form.html", form=form, term=term), (
        400 if form.errors else 200
    )


@bp.route("/glossary/<int:term_id>/delete", methods=["POST"])
def delete_term(term_id: int):
    """Remove a term from the glossary."""
    term = get_or_404(GlossaryTerm, term_id)
    require(can_manage_glossary(current_user))
    if ConfirmForm().validate_on_submit():
        name = term.term
        glossary.delete_term(current_user, term)
        db.session.commit()
        flash(f"“{name}” removed from the glossary.", "success")
    return redirect(url_for("glossary.index"))


# Command line --------------------------------------------------------------------------------


@bp.cli.command("seed")
def seed_command() -> None:
    """Load the standard plain-language glossary (entries already present are kept)."""
    added = glossary.seed_glossary(None)
    db.session.commit()
    click.echo(f"Glossary: {added} term{'s' if added != 1 else ''} added.")
