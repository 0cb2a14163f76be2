"""Who may read the outbox."""

from __future__ import annotations

from typing import Any


def can_view_outbox(user: Any) -> bool:
    """Administrators read the outbox; it holds every recipient's address and message."""
    return bool(
        user is not None and user.is_authenticated and user.is_admin and not user.is_auditor
    )


PREDICATES = {"can_view_outbox": can_view_outbox}
