"""Sign in, sign out, change password, and logins for people."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user

from governance.auth import operations
from governance.auth.forms import AccountForm, ChangePasswordForm, LoginForm
from governance.auth.permissions import can_manage_accounts
from governance.boards.models import Person
from governance.extensions import db
from governance.web import attempt, get_or_404, require

bp = Blueprint("auth", __name__)


def _safe_next(target: str | None) -> str:
    # Only same-site paths: an absolute or scheme-relative URL would be an open redirect.
    if target and target.startswith("/") and not target.startswith("//"):
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc:
            return target
    return url_for("main.home")


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Sign in with email and password."""
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = LoginForm()
    if form.validate_on_submit():
        assert form.email.data is not None and form.password.data is not None
        user = attempt(form, lambda: operations.authenticate(form.email.data, form.password.data))
        if user is not None:
            db.session.commit()
            login_user(user)
            flash("Signed in.", "success")
            return redirect(_safe_next(request.args.get("next")))
    return render_template("auth/login.html", form=form), 200 if not form.errors else 400


@bp.route("/logout", methods=["POST"])
def logout():
    """Sign out."""
    logout_user()
    flash("Signed out.", "success")
    return redirect(url_for("auth.login"))


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    """Change one's own password."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        assert form.current_password.data is not None and form.new_password.data is not None
        done = attempt(
            form,
            lambda: (
                operations.change_password(
                    current_user, form.current_password.data, form.new_password.data
                )
                or True
            ),
        )
        if done:
            db.session.commit()
            login_user(current_user)  # the new session version keeps this session signed in
            flash("Password changed. Other devices have been signed out.", "success")
            return redirect(url_for("main.home"))
    return render_template("auth/change_password.html", form=form), 200 if not form.errors else 400


@bp.route("/people/<int:person_id>/login", methods=["GET", "POST"])
def create_account(person_id: int):
    """Give a person a login (administrators only)."""
    person = get_or_404(Person, person_id)
    require(can_manage_accounts(current_user))
    form = AccountForm(email=person.email)
    if form.validate_on_submit():
        user = attempt(
            form,
            lambda: operations.create_account(
                current_user,
                person,
                form.email.data or "",
                form.password.data or "",
                is_admin=form.is_admin.data,
                is_auditor=form.is_auditor.data,
            ),
        )
        if user is not None:
            db.session.commit()
            flash("Login created.", "success")
            return redirect(url_for("boards.person", person_id=person.id))
    return render_template(
        "auth/create_account.html", form=form, person=person
    ), 200 if not form.errors else 400
