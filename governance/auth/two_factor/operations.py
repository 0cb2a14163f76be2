"""The writes of two-factor sign-in: enrol, verify at sign-in, recovery codes, the policy."""

from __future__ import annotations

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm.attributes import set_committed_value

from governance import clock
from governance.audit.operations import record_event
from governance.auth.models import RecoveryCode, SecurityPolicy, User
from governance.auth.passwords import verify_password
from governance.auth.two_factor import rules
from governance.auth.two_factor.secret_box import SecretUnreadable, seal, unseal
from governance.boards.models import OfficerRole
from governance.errors import DomainError
from governance.extensions import db
from governance.mail.operations import queue_mail

POLICY_ID = 1


def _context(user: User) -> str:
    # Binds the ciphertext to its row: a secret copied onto another account will not open.
    return f"user_account:{user.id}:totp"


def _check_password(user: User, password: str) -> None:
    if not verify_password(user.password_hash, password):
        raise DomainError("Your password is not right.", field="password")


def _new_recovery_codes(user: User) -> list[str]:
    codes = [rules.new_recovery_code() for _ in range(rules.RECOVERY_CODE_COUNT)]
    user.recovery_codes.clear()
    user.recovery_codes.extend(RecoveryCode(code_hash=rules.hash_recovery_code(c)) for c in codes)
    return codes


def current_policy() -> SecurityPolicy:
    """The site's sign-in policy; an unsaved default when nobody has set one."""
    return db.session.get(SecurityPolicy, POLICY_ID) or SecurityPolicy(
        id=POLICY_ID, require_two_factor_for_officers=False
    )


def is_secretary(user: User) -> bool:
    """True when the user's person is secretary of any board."""
    return any(office.role is OfficerRole.SECRETARY for office in user.person.offices)


def must_enrol(user: User) -> bool:
    """True when the policy obliges this user to use two-factor sign-in and it is off."""
    if user.has_two_factor:
        return False
    return rules.must_use_two_factor(
        is_admin=user.is_admin,
        is_secretary=is_secretary(user),
        required_for_officers=current_policy().require_two_factor_for_officers,
    )


def set_policy(actor: User, require_for_officers: bool) -> SecurityPolicy:
    """Require (or stop requiring) two-factor sign-in for administrators and secretaries."""
    policy = current_policy()
    before = policy.require_two_factor_for_officers
    policy.require_two_factor_for_officers = require_for_officers
    policy.changed_at = clock.now()
    policy.changed_by_id = actor.id
    db.session.add(policy)
    record_event(
        actor,
        "security_policy.update",
        policy,
        "Two-factor sign-in "
        + ("required" if require_for_officers else "optional")
        + " for administrators and secretaries",
        {"require_two_factor_for_officers": [before, require_for_officers]},
    )
    return policy


def enable_two_factor(user: User, secret: str, code: str) -> list[str]:
    """Turn two-factor sign-in on once the app shows the right code; return recovery codes."""
    if user.has_two_factor:
        raise DomainError("Two-factor sign-in is already on for your account.", field="code")
    step = rules.matching_step(secret, code, clock.now(), None)
    user.totp_secret = seal(secret, current_app.config["SECRET_KEY"], _context(user))
    user.totp_enabled_at = clock.now()
    user.totp_last_step = step
    codes = _new_recovery_codes(user)
    record_event(
        user,
        "user.two_factor_on",
        user,
        f"User {user.id} turned on two-factor sign-in",
        {"totp_secret": [None, "[withheld]"]},
    )
    return codes


def disable_two_factor(user: User, password: str) -> User:
    """Turn two-factor sign-in off, after the password is given again."""
    _check_password(user, password)
    user.totp_secret = None
    user.totp_enabled_at = None
    user.totp_last_step = None
    user.recovery_codes.clear()
    record_event(
        user,
        "user.two_factor_off",
        user,
        f"User {user.id} turned off two-factor sign-in",
        {"totp_secret": ["[withheld]", None]},
    )
    return user


def reset_two_factor(actor: User, user: User) -> User:
    """An administrator clears someone's lost two-factor sign-in: secret and recovery codes
    go, every session of theirs ends, and they are told by mail."""
    rules.check_reset(actor.id, user.id, user.has_two_factor)
    left = sum(1 for code in user.recovery_codes if code.used_at is None)
    user.totp_secret = None
    user.totp_enabled_at = None
    user.totp_last_step = None
    user.recovery_codes.clear()
    user.session_version += 1
    record_event(
        actor,
        "user.two_factor_reset",
        user,
        f"User {actor.id} reset the two-factor sign-in of user {user.id}",
        {
            "totp_secret": ["[withheld]", None],
            "recovery_codes_left": [left, 0],
            "session_version": [user.session_version - 1, user.session_version],
        },
    )
    queue_mail(
        user.email,
        "Two-factor sign-in for your governance account was reset",
        RESET_MAIL.format(name=user.person.full_name),
        kind="auth.two_factor_reset",
        person_id=user.person_id,
    )
    return user


RESET_MAIL = """Dear {name},

An administrator has reset two-factor sign-in for your governance account, as you would
need if you lost your phone or your recovery codes. Your old authenticator entry and
recovery codes no longer work, and you have been signed out everywhere.

Sign in with your password; if your role requires two-factor sign-in you will be asked to
set it up again straight away. You can turn it on again from your account page.

If you did not ask for this, tell an administrator at once.
"""


def replace_recovery_codes(user: User, password: str) -> list[str]:
    """Issue a new set of recovery codes; the old ones stop working."""
    _check_password(user, password)
    if not user.has_two_factor:
        raise DomainError("Turn on two-factor sign-in first.", field="password")
    codes = _new_recovery_codes(user)
    record_event(user, "user.recovery_codes", user, f"User {user.id} made new recovery codes")
    return codes


def verify_second_factor(user: User, code: str) -> str:
    """Check an authenticator or recovery code at sign-in and spend it; return which it was."""
    if not user.has_two_factor or user.totp_secret is None:
        raise DomainError("Two-factor sign-in is not on for this account.", field="code")
    if rules.looks_like_recovery_code(code):
        return _spend_recovery_code(user, code)
    try:
        secret = unseal(user.totp_secret, current_app.config["SECRET_KEY"], _context(user))
    except SecretUnreadable:
        current_app.logger.error("Two-factor secret of user %s cannot be decrypted", user.id)
        raise DomainError(
            "Your authenticator cannot be checked just now. Use a recovery code, "
            "or ask an administrator for help.",
            field="code",
        ) from None
    step = rules.matching_step(secret, code, clock.now(), user.totp_last_step)
    # A conditional update, so two requests racing with the same code cannot both pass.
    spent = db.session.execute(
        sa.update(User)
        .where(
            User.id == user.id,
            sa.or_(User.totp_last_step.is_(None), User.totp_last_step < step),
        )
        .values(totp_last_step=step)
        .execution_options(synchronize_session=False)
    )
    if spent.rowcount != 1:  # type: ignore[attr-defined]
        raise DomainError("That code has been used already. Wait for the next one.", field="code")
    set_committed_value(user, "totp_last_step", step)
    return "password and authenticator code"


def _spend_recovery_code(user: User, code: str) -> str:
    for row in user.recovery_codes:
        if row.used_at is None and rules.recovery_code_matches(code, row.code_hash):
            spent = db.session.execute(
                sa.update(RecoveryCode)
                .where(RecoveryCode.id == row.id, RecoveryCode.used_at.is_(None))
                .values(used_at=clock.now())
                .execution_options(synchronize_session=False)
            )
            if spent.rowcount != 1:  # type: ignore[attr-defined]
                break
            set_committed_value(row, "used_at", clock.now())
            left = sum(1 for r in user.recovery_codes if r.used_at is None)
            record_event(
                user,
                "user.recovery_code_used",
                user,
                f"User {user.id} signed in with a recovery code; {left} left",
            )
            return "password and recovery code"
    raise DomainError("That recovery code is not right, or has been used.", field="code")
