"""Who may manage logins."""

from __future__ import annotations

from typing import Any


def signed_in(user: Any) -> bool:
    """The user is a signed-in account (not None, not the anonymous user)."""
    return bool(user is not None and getattr(user, "is_authenticated", False))


def acting_admin(user: Any) -> bool:
    """A signed-in administrator who is not also an auditor (auditors read, never write)."""
    return signed_in(user) and bool(user.is_admin and not user.is_auditor)


def can_manage_accounts(user: Any) -> bool:
    """Only administrators create logins and set roles."""
    return acting_admin(user)


def can_reset_two_factor(user: Any, target: Any) -> bool:
    """Administrators reset someone's lost two-factor sign-in, never their own."""
    return bool(
        can_manage_accounts(user)
        and target is not None
        and getattr(target, "id", None) is not None
        and target.id != user.id
    )


PREDICATES = {
    "can_manage_accounts": can_manage_accounts,
    "can_reset_two_factor": can_reset_two_factor,
}
