"""The writes of a password reset: mailing the link, and setting the new password."""

from __future__ import annotations

from governance.auth.models import User
from governance.auth.operations import set_new_password, user_by_email
from governance.auth.reset import links
from governance.extensions import db
from governance.links import app_link
from governance.mail.models import OutboxMessage
from governance.mail.operations import queue_mail

RESET_MAIL = """Dear {name},

Someone asked to set a new password for your governance account. If it was you, open
this link within {lifetime} and choose a new password:

{link}

The link works once. Setting a new password signs your account out on every device.

If you did not ask for this, you can ignore this email: your password stays as it is.
"""


def _lifetime(minutes: int) -> str:
    if minutes % 60 == 0:
        hours = minutes // 60
        return f"{hours} hour{'s' if hours != 1 else ''}"
    return f"{minutes} minutes"


def request_reset(email: str) -> OutboxMessage | None:
    """Mail a link to the enabled account with this address; nothing for any other address.

    The caller answers the same either way, so the answer does not reveal who has an account.
    """
    user = user_by_email(email)
    if user is None or not user.is_enabled:
        return None
    body = RESET_MAIL.format(
        name=user.person.full_name,
        lifetime=_lifetime(links.lifetime_minutes()),
        link=app_link("auth.reset_password", token=links.make_token(user)),
    )
    return queue_mail(
        user.email,
        "Set a new password for your governance account",
        body,
        kind="auth.password_reset",
        person_id=user.person_id,
    )


def user_for_link(token: str) -> User | None:
    """The enabled account a link was made for, while the link is fresh and unused."""
    claim = links.read_token(token)
    if claim is None or not links.is_fresh(claim):
        return None
    user = db.session.get(User, claim.user_id)
    if user is None or not user.is_enabled or not links.is_current(claim, user):
        return None
    return user


def reset_password(user: User, new: str) -> User:
    """Set a new password from a reset link; every session of the account ends.

    Raises:
        DomainError: the new password breaks the password rules (on `new_password`).
    """
    return set_new_password(
        user, new, "user.password_reset", "set a new password from an emailed link"
    )
