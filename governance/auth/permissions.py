"""Who may manage logins."""

from __future__ import annotations

from typing import Any


def can_manage_accounts(user: Any) -> bool:
    """Only administrators create logins and set roles."""
    return bool(
        user is not None and user.is_authenticated and user.is_admin and not user.is_auditor
    )


PREDICATES = {"can_manage_accounts": can_manage_accounts}
