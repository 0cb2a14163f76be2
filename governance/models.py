"""Every model, imported in one place so the metadata is complete for migrations."""

from governance.audit.models import AuditEvent
from governance.auth.models import User
from governance.boards.models import Appointment, Board, BoardOfficer, Organisation, Person, Seat

__all__ = [
    "AuditEvent",
    "Appointment",
    "Board",
    "BoardOfficer",
    "Organisation",
    "Person",
    "Seat",
    "User",
]
