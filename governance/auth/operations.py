"""The writes of the auth area: accounts, sign-in and passwords."""

from __future__ import annotations

import sqlalchemy as sa

from governance.audit.operations import record_event
from governance.auth import rules
from governance.auth.models import User
from governance.auth.passwords import dummy_verify, hash_password, verify_password
from governance.boards.models import Person
from governance.database import utcnow
from governance.errors import DomainError
from governance.extensions import db
from governance.mail.operations import queue_mail


def user_by_email(email: str) -> User | None:
    return db.session.execute(
        sa.select(User).where(User.email == email.strip().lower())
    ).scalar_one_or_none()


def create_account(
    actor: User | None,
    person: Person,
    email: str,
    password: str,
    *,
    is_admin: bool = False,
    is_auditor: bool = False,
) -> User:
    """Give a person a login."""
    email = email.strip().lower()
    if not email:
        raise DomainError("Give an email address to sign in with.", field="email")
    if person.user is not None:
        raise DomainError("This person already has a login.", field="email")
    if user_by_email(email) is not None:
        raise DomainError("That email address already has a login.", field="email")
    if is_admin and is_auditor:
        raise DomainError(
            "An auditor cannot also be an administrator: auditors change nothing.",
            field="is_auditor",
        )
    rules.check_password(password, email=email, name=person.full_name)
    user = User(
        person=person,
        email=email,
        password_hash=hash_password(password),
        is_admin=is_admin,
        is_auditor=is_auditor,
    )
    db.session.add(user)
    record_event(
        actor,
        "user.create",
        user,
        f"Login created for person {person.id}",
        {"is_admin": [None, is_admin], "is_auditor": [None, is_auditor]},
    )
    return user


def authenticate(email: str, password: str) -> User:
    """Return the enabled account with this email and password (the first factor only).

    Raises:
        DomainError: the email and password do not match an enabled account.
    """
    user = user_by_email(email)
    if user is None:
        dummy_verify(password)
    elif verify_password(user.password_hash, password) and user.is_enabled:
        return user
    raise DomainError("That email and password do not match an account.", field="password")


def record_sign_in(user: User, method: str) -> User:
    """Note a completed sign-in, and how it was made, in the audit log."""
    user.last_login_at = utcnow()
    record_event(user, "user.login", user, f"User {user.id} signed in with {method}")
    return user


def end_all_sessions(user: User, action: str, summary: str) -> User:
    """End every session of this user's, on every device, by moving their session version on."""
    user.session_version += 1
    record_event(
        user,
        action,
        user,
        summary,
        {"session_version": [user.session_version - 1, user.session_version]},
    )
    return user


def notify_lockout(email: str, minutes: int) -> User | None:
    """Tell an account's holder their sign-in is paused after repeated failures."""
    user = user_by_email(email)
    if user is None:
        return None
    queue_mail(
        user.email,
        "Sign-in to your governance account is paused",
        LOCKOUT_MAIL.format(name=user.person.full_name, minutes=minutes),
        kind="auth.lockout",
        person_id=user.person_id,
    )
    record_event(None, "user.lockout", user, f"Sign-in paused for user {user.id} after failures")
    return user


LOCKOUT_MAIL = """Dear {name},

Someone has tried and failed to sign in to your governance account several times, so
signing in to it is paused for about {minutes} minutes.

If this was you, wait and try again, or choose "Forgotten your password?" on the
sign-in page to be sent a link that sets a new one.
If it was not you, your password has held; consider changing it to a longer one once
you can sign in, and tell an administrator.
"""


def check_new_password(user: User, new: str) -> None:
    """The password rules for a user's new password.

    Raises:
        DomainError: the password is refused (on the `new_password` field).
    """
    try:
        rules.check_password(new, email=user.email, name=user.person.full_name)
    except DomainError as error:
        raise DomainError(error.message, field="new_password") from None


def change_password(user: User, current: str, new: str) -> User:
    """Change a user's own password; every other session of theirs ends."""
    if not verify_password(user.password_hash, current):
        raise DomainError("Your current password is not right.", field="current_password")
    return set_new_password(user, new, "user.password_change", "changed their password")


def set_new_password(user: User, new: str, action: str, done: str) -> User:
    """Give the account a new password under the password rules, end every session, and
    record `action` ("User 5 <done>") with the hash withheld."""
    check_new_password(user, new)
    user.password_hash = hash_password(new)
    user.session_version += 1
    record_event(
        user,
        action,
        user,
        f"User {user.id} {done}",
        {
            "password_hash": ["[withheld]", "[withheld]"],
            "session_version": [user.session_version - 1, user.session_version],
        },
    )
    return user
