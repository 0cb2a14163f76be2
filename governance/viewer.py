"""Who is asking, as every area's permission predicates need to know it: below every area, so
that any of them may use it (the import contracts in pyproject.toml)."""

from __future__ import annotations

from typing import Any


def signed_in(user: Any) -> bool:
    """The user is a signed-in account (not None, not the anonymous user)."""
    return bool(user is not None and getattr(user, "is_authenticated", False))


def acting_admin(user: Any) -> bool:
    """A signed-in administrator who is not also an auditor (auditors read, never write)."""
    return signed_in(user) and bool(user.is_admin and not user.is_auditor)
