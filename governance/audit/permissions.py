"""Who may read the audit log."""

from __future__ import annotations

from typing import Any

from governance.viewer import signed_in


def can_view_audit(user: Any) -> bool:
    """Administrators and auditors read the audit log."""
    return signed_in(user) and bool(user.is_admin or user.is_auditor)


PREDICATES = {"can_view_audit": can_view_audit}
