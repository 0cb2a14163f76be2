"""Every model, imported in one place so the metadata is complete for migrations."""

from governance.audit.models import AuditEvent
from governance.auth.models import RecoveryCode, SecurityPolicy, User
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
from governance.induction.models import (
    GlossaryTerm,
    InductionItem,
    InductionMaterial,
    InductionProgramme,
    InductionRecord,
    InductionStep,
    MaterialRead,
)
from governance.mail.models import OutboxMessage
from governance.meetings.models import (
    AgendaItem,
    Attendance,
    CalendarToken,
    Meeting,
    MeetingReply,
    SupportNeed,
)
from governance.page_cache import DataStamp
from governance.papers.models import Paper, PaperOpen, PaperVersion
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
    "PaperOpen",
    "PaperVersion",
    "Person",
    "RecoveryCode",
    "Seat",
    "SecurityPolicy",
    "SupportNeed",
    "User",
]
