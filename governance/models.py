"""Every model, imported in one place so the metadata is complete for migrations."""

from governance.audit.models import AuditEvent
from governance.auth.models import User
from governance.boards.models import Appointment, Board, BoardOfficer, Organisation, Person, Seat
from governance.decisions.models import (
    Action,
    ActionUpdate,
    Decision,
    DecisionPaper,
    Declaration,
    Interest,
    Minutes,
    NamedVote,
)
from governance.mail.models import OutboxMessage
from governance.meetings.models import AgendaItem, Attendance, CalendarToken, Meeting
from governance.papers.models import Paper, PaperOpen, PaperVersion

__all__ = [
    "Action",
    "ActionUpdate",
    "AgendaItem",
    "Attendance",
    "Decision",
    "DecisionPaper",
    "Declaration",
    "Interest",
    "Minutes",
    "NamedVote",
    "Appointment",
    "AuditEvent",
    "Board",
    "BoardOfficer",
    "CalendarToken",
    "Meeting",
    "Organisation",
    "OutboxMessage",
    "Paper",
    "PaperOpen",
    "PaperVersion",
    "Person",
    "Seat",
    "User",
]
