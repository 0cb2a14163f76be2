"""Who may manage logins."""

from __future__ import annotations

from typing import Any

from governance.viewer import acting_admin


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
