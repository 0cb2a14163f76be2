"""Who may read the outbox."""

from __future__ import annotations

from typing import Any

from governance.viewer import acting_admin


def can_view_outbox(user: Any) -> bool:
    """Administrators read the outbox; it holds every recipient's address and message."""
    return acting_admin(user)


PREDICATES = {"can_view_outbox": can_view_outbox}
