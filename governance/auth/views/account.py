"""Sign in, sign out, the account page, change password, logins for people, the policy."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import urlsplit

from flask import flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from wtforms import Field

from governance import clock
from governance.auth import operations, rules
from governance.auth.blueprint import bp
from governance.auth.forms import (
    AccountForm,
    ChangePasswordForm,
    LoginForm,
    NewPasswordForm,
    NewRecoveryCodesForm,
    SecurityPolicyForm,
    SignOutEverywhereForm,
    TwoFactorOffForm,
)
from governance.auth.models import User
from governance.auth.permissions import can_manage_accounts
from governance.auth.sessions import end_session, guard_session, renew_session, start_session
from governance.auth.signin import known_device, throttle
from governance.auth.two_factor import operations as two_factor
from governance.boards.models import Person
from governance.extensions import db
from governance.web import attempt, check_all, get_or_404, require

T = TypeVar("T")
bp.before_app_request(guard_session)
log = logging.getLogger("governance.auth")

#: Session key holding a sign-in that passed the password and awaits its second factor.
PENDING = "two_factor_pending"
#: Minutes allowed between the password and the code.
PENDING_MINUTES = 5


def _safe_next(target: str | None) -> str:
    # Only same-site paths: an absolute or scheme-relative URL would be an open redirect.
    if target and target.startswith("/") and not target.startswith("//"):
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc:
            return target
    return url_for("pages.home")


def client_address() -> str:
    """The client's address (set TRUSTED_PROXIES when behind a reverse proxy)."""
    return request.remote_addr or "unknown"


def pause_message(pause: throttle.Pause) -> str:
    """What the sign-in form says while sign-in is paused."""
    if pause.scope == "account":
        return (
            "Too many failed attempts to sign in to this account, so signing in to it is "
            f"paused for about {pause.minutes} minutes. If the address has an account, "
            "its holder has been sent an email about this."
        )
    if pause.scope == "device":
        return (
            "Too many failed attempts to sign in from this browser, so signing in here is "
            f"paused for about {pause.minutes} minutes."
        )
    return (
        "Too many failed sign-in attempts from your network. "
        f"Please wait about {pause.minutes} minutes and try again."
    )


def device_for_email(email: str) -> str | None:
    """This browser's id, when it has signed in before to the account with this address."""
    if not known_device.has_cookie():
        return None
    user = operations.user_by_email(email)
    return known_device.device_for(user.id if user is not None else None)


def count_failure(email: str, device: str | None = None) -> throttle.Pause | None:
    """Count a failed attempt; mail the holder when it pauses the account; return any pause."""
    address = client_address()
    log.warning("Failed sign-in for %r from %s", email[:254], address)
    started = throttle.record_failure(email, address, device)
    pause = throttle.pause_for(email, address, device)
    if started:
        operations.notify_lockout(email, pause.minutes if pause else 15)
        db.session.commit()
    return pause


def with_password_recheck(
    form: FlaskForm, field: Field, operation: Callable[[], T]
) -> tuple[T | None, throttle.Pause | None]:
    """Run an operation that checks the signed-in user's password again, under the sign-in
    throttle: a wrong password counts as a failed sign-in, and while the account or address
    is paused the operation does not run. Returns its result (None when refused) and any
    pause, whose message is then on the form."""
    email = current_user.email
    device = known_device.device_for(current_user.id)
    pause = throttle.pause_for(email, client_address(), device)
    if pause is None:
        result = attempt(form, operation)
        if result is not None or not field.errors:
            return result, None
        pause = count_failure(email, device)
        if pause is None:
            return None, None
    form.form_errors.append(pause_message(pause))
    return None, pause


def new_password_checked(form: ChangePasswordForm | NewPasswordForm, user: User) -> bool:
    """On a POST: the form's own validation and the password rules for the new password,
    every problem at once."""
    if not form.is_submitted():
        return False
    valid = form.validate()
    new = form.new_password.data or ""
    return check_all(form, lambda: operations.check_new_password(user, new)) and valid


def finish_sign_in(user: User, method: str, next_url: str | None) -> Any:
    """Record the sign-in, start a fresh session and send the user on."""
    operations.record_sign_in(user, method)
    enrol = two_factor.must_enrol(user)
    db.session.commit()
    start_session(user, must_enrol=enrol)
    flash("Signed in.", "success")
    target = url_for("auth.two_factor_enrol") if enrol else _safe_next(next_url)
    return known_device.remember(redirect(target), user.id)


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Sign in with email and password."""
    if current_user.is_authenticated:
        return redirect(url_for("pages.home"))
    form = LoginForm()
    if form.validate_on_submit():
        email, password = form.email.data or "", form.password.data or ""
        device = device_for_email(email)
        pause = throttle.pause_for(email, client_address(), device)
        if pause is None:
            user = attempt(form, lambda: operations.authenticate(email, password))
            if user is not None and user.has_two_factor:
                session.clear()
                session[PENDING] = {
                    "user": user.get_id(),
                    "at": clock.now().timestamp(),
                    "next": request.args.get("next"),
                }
                return redirect(url_for("auth.login_two_factor"))
            if user is not None:
                return finish_sign_in(user, "password", request.args.get("next"))
            pause = count_failure(email, device)
        if pause is not None:
            form.form_errors.append(pause_message(pause))
            return render_template("auth/login.html", form=form), 429
    return render_template("auth/login.html", form=form), 200 if not form.errors else 400


@bp.route("/logout", methods=["POST"])
def logout():
    """Sign out, ending every session of the account (sessions are not held on the server)."""
    if current_user.is_authenticated:
        operations.end_all_sessions(
            current_user, "user.logout", f"User {current_user.id} signed out"
        )
        db.session.commit()
    end_session()
    flash("Signed out.", "success")
    return redirect(url_for("auth.login"))


def render_account(status: int = 200, **forms: Any) -> Any:
    """The account page, with any form given back filled in."""
    forms.setdefault("off_form", TwoFactorOffForm(prefix="off"))
    forms.setdefault("codes_form", NewRecoveryCodesForm(prefix="codes"))
    forms.setdefault("everywhere_form", SignOutEverywhereForm(prefix="everywhere"))
    left = sum(1 for code in current_user.recovery_codes if code.used_at is None)
    return render_template(
        "auth/account.html",
        codes_left=left,
        must_use=two_factor.must_enrol(current_user) or False,
        policy=two_factor.current_policy(),
        **forms,
    ), status


@bp.route("/account")
@login_required
def account():
    """One's own account: password, two-factor sign-in, sessions."""
    return render_account()


@bp.route("/account/sign-out-everywhere", methods=["POST"])
@login_required
def sign_out_everywhere():
    """End every other session of this account, on any device; this one stays signed in."""
    form = SignOutEverywhereForm(prefix="everywhere")
    if form.validate_on_submit():
        operations.end_all_sessions(
            current_user,
            "user.sign_out_everywhere",
            f"User {current_user.id} signed out everywhere",
        )
        db.session.commit()
        renew_session(current_user)
        flash("Every other session of your account has been signed out.", "success")
    return redirect(url_for("auth.account"))


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    """Change one's own password."""
    form = ChangePasswordForm()
    if new_password_checked(form, current_user):
        assert form.current_password.data is not None and form.new_password.data is not None
        done, pause = with_password_recheck(
            form,
            form.current_password,
            lambda: operations.change_password(
                current_user, form.current_password.data, form.new_password.data
            ),
        )
        if pause is not None:
            return render_template("auth/change_password.html", form=form), 429
        if done:
            db.session.commit()
            renew_session(current_user)  # the new session version keeps this session signed in
            flash("Password changed. Other devices have been signed out.", "success")
            return redirect(url_for("auth.account"))
    return render_template("auth/change_password.html", form=form), 200 if not form.errors else 400


def _account_checked(form: AccountForm, person: Person) -> bool:
    """On a POST: the form's own validation and the password rules, every problem at once."""
    if not form.is_submitted():
        return False
    valid = form.validate()
    password, email = form.password.data or "", form.email.data or ""
    checked = check_all(
        form, lambda: rules.check_password(password, email=email, name=person.full_name)
    )
    return checked and valid


@bp.route("/people/<int:person_id>/login", methods=["GET", "POST"])
def create_account(person_id: int):
    """Give a person a login (administrators only)."""
    person = get_or_404(Person, person_id)
    require(can_manage_accounts(current_user))
    form = AccountForm(email=person.email)
    if _account_checked(form, person):
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


@bp.route("/admin/security", methods=["GET", "POST"])
def security_policy():
    """The site's sign-in policy (administrators only)."""
    require(can_manage_accounts(current_user))
    policy = two_factor.current_policy()
    form = SecurityPolicyForm(
        require_two_factor_for_officers=policy.require_two_factor_for_officers
    )
    if form.validate_on_submit():
        two_factor.set_policy(current_user, bool(form.require_two_factor_for_officers.data))
        db.session.commit()
        flash("Sign-in policy saved.", "success")
        return redirect(url_for("auth.security_policy"))
    return render_template("auth/security_policy.html", form=form, policy=policy)
