"""Signed-in sessions: a fresh one at every sign-in, ended when idle or simply too old.

The session lives in Flask's signed cookie. Sign-in clears it first, so nothing planted
before sign-in (a CSRF token, a half-finished second step) survives into the signed-in
session. Every request checks the sign-in and last-seen times kept in it; the cookie is
signed, so they cannot be moved forward by the browser.
"""

from __future__ import annotations

from typing import Any

from flask import current_app, flash, redirect, request, session, url_for
from flask_login import login_user, logout_user

from governance import clock
from governance.auth import rules
from governance.web import LAST_SEEN_AT

SIGNED_IN_AT = "signed_in_at"
#: Set at sign-in when the site's policy obliges this user to set up two-factor sign-in.
MUST_ENROL = "must_enrol_two_factor"
#: Last-seen is rewritten at most this often, so most responses leave the cookie alone.
TOUCH_SECONDS = 60
#: Where someone who must set up two-factor sign-in may still go.
ENROL_ENDPOINTS = frozenset({"auth.two_factor_enrol", "auth.logout", "static"})


def _now() -> float:
    return clock.now().timestamp()


def start_session(user: Any, *, must_enrol: bool = False) -> None:
    """Sign `user` in on a brand-new session."""
    session.clear()
    login_user(user)
    stamp = _now()
    session[SIGNED_IN_AT] = stamp
    session[LAST_SEEN_AT] = stamp
    if must_enrol:
        session[MUST_ENROL] = True


def renew_session(user: Any) -> None:
    """Keep this browser signed in after the user's session version changed."""
    signed_in_at = session.get(SIGNED_IN_AT)
    must_enrol = bool(session.get(MUST_ENROL))
    start_session(user, must_enrol=must_enrol)
    if signed_in_at is not None:
        session[SIGNED_IN_AT] = signed_in_at  # renewing does not extend the absolute limit


def end_session() -> None:
    """Forget everything this browser's session held."""
    logout_user()
    session.clear()


def guard_session() -> Any:
    """Before each request: end an expired session; keep a must-enrol user on enrolment."""
    if request.endpoint == "static" or "_user_id" not in session:
        return None
    now = _now()
    reason = rules.session_end_reason(
        session.get(SIGNED_IN_AT),
        session.get(LAST_SEEN_AT),
        now,
        idle_minutes=current_app.config["SESSION_IDLE_MINUTES"],
        absolute_hours=current_app.config["SESSION_ABSOLUTE_HOURS"],
    )
    if reason is not None:
        end_session()
        flash(reason, "info")
        target = request.full_path.rstrip("?") if request.method == "GET" else None
        return redirect(url_for("auth.login", next=target))
    if now - session[LAST_SEEN_AT] >= TOUCH_SECONDS:
        session[LAST_SEEN_AT] = now
    if session.get(MUST_ENROL) and request.endpoint not in ENROL_ENDPOINTS:
        flash("Set up two-factor sign-in before you continue: your role requires it.", "info")
        return redirect(url_for("auth.two_factor_enrol"))
    return None
