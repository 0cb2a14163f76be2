"""Who may read the audit log."""

from __future__ import annotations

from typing import Any


def can_view_audit(user: Any) -> bool:
    """Administrators and auditors read the audit log."""
    return bool(user is not None and user.is_authenticated and (user.is_admin or user.is_auditor))


PREDICATES = {"can_view_audit": can_view_audit}
