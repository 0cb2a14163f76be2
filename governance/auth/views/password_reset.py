"""Forgotten passwords: asking for a link by mail, and the page the link opens."""

from __future__ import annotations

import time

from flask import current_app, flash, redirect, render_template, url_for
from flask_login import current_user

from governance.auth.blueprint import bp
from governance.auth.forms import ForgottenPasswordForm, NewPasswordForm
from governance.auth.reset import links
from governance.auth.reset import operations as reset
from governance.auth.signin import throttle
from governance.auth.views.account import client_address, new_password_checked
from governance.extensions import db
from governance.web import attempt


def _no_sooner_than(started: float, seconds: float) -> None:
    # Mailing an account costs an INSERT and a commit that an unknown address does not; on
    # PostgreSQL the commit's flush to disk is measurable. Answering every request after the
    # same floor hides that difference.
    time.sleep(max(0.0, seconds - (time.monotonic() - started)))


@bp.route("/password-reset", methods=["GET", "POST"])
def forgotten_password():
    """Ask for a link to set a new password; the answer never says whether there is an
    account (requests are capped per address, without saying so, and paused per client)."""
    if current_user.is_authenticated:
        return redirect(url_for("auth.change_password"))
    form = ForgottenPasswordForm()
    if form.validate_on_submit():
        started = time.monotonic()
        email, client = (form.email.data or "").strip().lower(), client_address()
        pause = throttle.reset_pause_for(email, client)
        if pause is not None and pause.scope == "address":
            form.form_errors.append(
                "Too many requests for a new password from your network. "
                f"Please wait about {pause.minutes} minutes and try again."
            )
            return render_template("auth/forgotten_password.html", form=form), 429
        if pause is None:
            throttle.record_reset_request(email, client)
            reset.request_reset(email)
            db.session.commit()
        _no_sooner_than(started, current_app.config["RESET_ANSWER_SECONDS"])
        return render_template(
            "auth/reset_sent.html",
            email=email,
            minutes=links.lifetime_minutes(),
            cap=throttle.reset_cap(),
        )
    status = 200 if not form.errors else 400
    return render_template("auth/forgotten_password.html", form=form), status


@bp.route("/password-reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    """The page a reset link opens: choose a new password, once, within the hour."""
    user = reset.user_for_link(token)
    if user is None:
        return render_template("auth/reset_link_dead.html", minutes=links.lifetime_minutes()), 410
    form = NewPasswordForm()
    if new_password_checked(form, user):
        done = attempt(form, lambda: reset.reset_password(user, form.new_password.data or ""))
        if done is not None:
            db.session.commit()
            throttle.clear_account(user.email)
            flash(
                "Your new password is set and every session of your account has ended. "
                "Sign in with the new password.",
                "success",
            )
            return redirect(url_for("auth.login"))
    status = 200 if not form.errors else 400
    return render_template("auth/reset_password.html", form=form), status
