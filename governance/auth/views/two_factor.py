"""Two-factor sign-in pages: the second step of signing in, setting up, turning off, codes."""

from __future__ import annotations

from typing import Any

from flask import abort, current_app, flash, redirect, render_template, session, url_for
from flask_login import current_user, login_required

from governance import clock
from governance.auth.blueprint import bp
from governance.auth.forms import (
    CodeForm,
    EnrolForm,
    NewRecoveryCodesForm,
    ResetTwoFactorForm,
    TwoFactorOffForm,
)
from governance.auth.loader import load_user
from governance.auth.models import User
from governance.auth.permissions import can_reset_two_factor
from governance.auth.sessions import MUST_ENROL
from governance.auth.signin import known_device, throttle
from governance.auth.two_factor import operations as two_factor
from governance.auth.two_factor import rules
from governance.auth.two_factor.secret_box import SecretUnreadable, seal, unseal
from governance.auth.views.account import (
    PENDING,
    PENDING_MINUTES,
    client_address,
    count_failure,
    finish_sign_in,
    pause_message,
    render_account,
    with_password_recheck,
)
from governance.boards.models import Person
from governance.extensions import db
from governance.web import attempt, get_or_404, require

#: Session key for the secret shown while setting up (sealed), until a code confirms it.
ENROL_SECRET = "two_factor_enrol_secret"  # noqa: S105  (a session key)


def _pending_user() -> User | None:
    """The account whose password was just given, if that was recent and it is still valid."""
    pending = session.get(PENDING)
    if not isinstance(pending, dict) or not isinstance(pending.get("at"), int | float):
        return None
    if clock.now().timestamp() - pending["at"] > PENDING_MINUTES * 60:
        return None
    user = load_user(str(pending.get("user", "")))
    return user if user is not None and user.has_two_factor else None


@bp.route("/login/two-factor", methods=["GET", "POST"])
def login_two_factor():
    """Second step of signing in: a code from the authenticator app, or a recovery code."""
    if current_user.is_authenticated:
        return redirect(url_for("pages.home"))
    user = _pending_user()
    if user is None:
        if session.pop(PENDING, None) is not None:
            flash("That took too long. Please sign in again.", "info")
        return redirect(url_for("auth.login"))
    form = CodeForm()
    if form.validate_on_submit():
        device = known_device.device_for(user.id)
        pause = throttle.pause_for(user.email, client_address(), device)
        if pause is None:
            method = attempt(
                form, lambda: two_factor.verify_second_factor(user, form.code.data or "")
            )
            if method is not None:
                return finish_sign_in(user, method, session[PENDING].get("next"))
            pause = count_failure(user.email, device)
        if pause is not None:
            form.form_errors.append(pause_message(pause))
            return render_template("auth/login_two_factor.html", form=form), 429
    return render_template("auth/login_two_factor.html", form=form), 200 if not form.errors else 400


def _enrol_context() -> str:
    # Binds the sealed secret to this account: a cookie copied to another one will not open.
    return f"session:{current_user.id}:totp-enrol"


def _enrol_secret() -> str:
    """The secret being set up: kept sealed in the session, whose cookie is signed but
    readable; a fresh one when there is none (or it cannot be opened)."""
    key = current_app.config["SECRET_KEY"]
    sealed = session.get(ENROL_SECRET)
    if isinstance(sealed, str):
        try:
            secret = unseal(sealed, key, _enrol_context())
        except SecretUnreadable:
            secret = ""
        if len(secret) == 32:
            return secret
    secret = rules.new_secret()
    session[ENROL_SECRET] = seal(secret, key, _enrol_context())
    return secret


@bp.route("/account/two-factor", methods=["GET", "POST"])
@login_required
def two_factor_enrol():
    """Set up two-factor sign-in: add the secret to an app, then confirm it with a code."""
    if current_user.has_two_factor:
        flash("Two-factor sign-in is already on.", "info")
        return redirect(url_for("auth.account"))
    secret = _enrol_secret()
    form = EnrolForm()
    if form.validate_on_submit():
        codes = attempt(
            form, lambda: two_factor.enable_two_factor(current_user, secret, form.code.data or "")
        )
        if codes is not None:
            db.session.commit()
            session.pop(ENROL_SECRET, None)
            session.pop(MUST_ENROL, None)
            flash("Two-factor sign-in is on.", "success")
            return render_template("auth/recovery_codes.html", codes=codes)
    uri = rules.provisioning_uri(secret, current_user.email, current_app.config["TOTP_ISSUER"])
    return render_template(
        "auth/two_factor_enrol.html",
        form=form,
        secret=rules.grouped(secret),
        uri=uri,
        required=bool(session.get(MUST_ENROL)),
    ), 200 if not form.errors else 400


def _not_on() -> Any:
    flash("Two-factor sign-in is not on for your account.", "info")
    return redirect(url_for("auth.account"))


@bp.route("/account/two-factor/off", methods=["POST"])
@login_required
def two_factor_disable():
    """Turn two-factor sign-in off, giving the password again."""
    if not current_user.has_two_factor:
        return _not_on()
    form = TwoFactorOffForm(prefix="off")
    if form.validate_on_submit():
        done, pause = with_password_recheck(
            form,
            form.password,
            lambda: two_factor.disable_two_factor(current_user, form.password.data or ""),
        )
        if pause is not None:
            return render_account(429, off_form=form)
        if done is not None:
            db.session.commit()
            flash("Two-factor sign-in is off.", "success")
            if two_factor.must_enrol(current_user):
                session[MUST_ENROL] = True
            return redirect(url_for("auth.account"))
    return render_account(400, off_form=form)


@bp.route("/account/two-factor/recovery-codes", methods=["POST"])
@login_required
def two_factor_recovery_codes():
    """Replace the recovery codes, giving the password again; the new ones are shown once."""
    if not current_user.has_two_factor:
        return _not_on()
    form = NewRecoveryCodesForm(prefix="codes")
    if form.validate_on_submit():
        codes, pause = with_password_recheck(
            form,
            form.password,
            lambda: two_factor.replace_recovery_codes(current_user, form.password.data or ""),
        )
        if pause is not None:
            return render_account(429, codes_form=form)
        if codes is not None:
            db.session.commit()
            return render_template("auth/recovery_codes.html", codes=codes)
    return render_account(400, codes_form=form)


@bp.route("/people/<int:person_id>/two-factor/reset", methods=["GET", "POST"])
def reset_two_factor(person_id: int):
    """Confirm, then clear someone's lost two-factor sign-in (administrators; not their own)."""
    person = get_or_404(Person, person_id)
    target = person.user or abort(404)
    require(can_reset_two_factor(current_user, target))
    back = url_for("boards.person", person_id=person.id)
    if not target.has_two_factor:
        flash("Two-factor sign-in is not on for this account: nothing to reset.", "info")
        return redirect(back)
    form = ResetTwoFactorForm()
    if form.validate_on_submit():
        if attempt(form, lambda: two_factor.reset_two_factor(current_user, target)) is not None:
            db.session.commit()
            flash(
                f"Two-factor sign-in reset for {person.full_name}. They have been signed out "
                "and told by email.",
                "success",
            )
            return redirect(back)
    return render_template(
        "auth/reset_two_factor.html", form=form, person=person, back=back
    ), 400 if form.errors or form.form_errors else 200
