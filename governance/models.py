"""Every model, imported in one place so the metadata is complete for migrations."""

from governance.actions.models import Action, ActionUpdate
from governance.attendance.models import Attendance
from governance.audit.models import AuditEvent
from governance.auth.models import RecoveryCode, SecurityPolicy, User
from governance.boards.models import Appointment, Board, BoardOfficer, Organisation, Person, Seat
from governance.calendar.models import CalendarToken
from governance.decisions.models import Decision, DecisionPaper, NamedVote
from governance.glossary.models import GlossaryTerm
from governance.induction.models import (
    InductionItem,
    InductionMaterial,
    InductionProgramme,
    InductionRecord,
    InductionStep,
    MaterialRead,
)
from governance.interests.models import Declaration, Interest
from governance.mail.models import OutboxMessage
from governance.meetings.models import AgendaItem, Meeting
from governance.minutes.models import Minutes, MinutesVersion
from governance.page_cache import DataStamp
from governance.papers.models import ConsentRequest, Paper, PaperOpen, PaperVersion
from governance.replies.models import MeetingReply, SupportNeed
from governance.subgroups.models import (
    AuthorityCheck,
    DelegatedAuthority,
    SubgroupReport,
    TermsOfReference,
)

__all__ = [
    "Action",
    "ActionUpdate",
    "AgendaItem",
    "Attendance",
    "AuthorityCheck",
    "DelegatedAuthority",
    "SubgroupReport",
    "TermsOfReference",
    "Decision",
    "DecisionPaper",
    "Declaration",
    "Interest",
    "GlossaryTerm",
    "InductionItem",
    "InductionMaterial",
    "InductionProgramme",
    "InductionRecord",
    "InductionStep",
    "MaterialRead",
    "Minutes",
    "MinutesVersion",
    "NamedVote",
    "Appointment",
    "AuditEvent",
    "Board",
    "BoardOfficer",
    "CalendarToken",
    "DataStamp",
    "Meeting",
    "MeetingReply",
    "Organisation",
    "OutboxMessage",
    "Paper",
    "ConsentRequest",
    "PaperOpen",
    "PaperVersion",
    "Person",
    "RecoveryCode",
    "Seat",
    "SecurityPolicy",
    "SupportNeed",
    "User",
]
