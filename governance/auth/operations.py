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
    """Return the enabled account with this email and password.

    Raises:
        DomainError: the email and password do not match an enabled account.
    """
    user = user_by_email(email)
    if user is None:
        dummy_verify(password)
    elif verify_password(user.password_hash, password) and user.is_enabled:
        user.last_login_at = utcnow()
        record_event(user, "user.login", user, f"User {user.id} signed in")
        return user
    raise DomainError("That email and password do not match an account.", field="password")


def change_password(user: User, current: str, new: str) -> User:
    """Change a user's own password; every other session of theirs ends."""
    if not verify_password(user.password_hash, current):
        raise DomainError("Your current password is not right.", field="current_password")
    try:
        rules.check_password(new, email=user.email, name=user.person.full_name)
    except DomainError as error:
        raise DomainError(error.message, field="new_password") from None
    user.password_hash = hash_password(new)
    user.session_version += 1
    record_event(
        user,
        "user.password_change",
        user,
        f"User {user.id} changed their password",
        {
            "password_hash": ["[withheld]", "[withheld]"],
            "session_version": [user.session_version - 1, user.session_version],
        },
    )
    return user
