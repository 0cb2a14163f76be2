"""How the pages area answers the audit log: names for the people and things its events
refer to by id, its filters' choices, and which events concern a board.

The audit area sits below every other and so cannot read their tables; this module gathers
them, as the other pages do, and names each thing only as far as the viewer may see it, by that
thing's own permission predicate (a confidential item's title only to those who may see it).
The log page itself is for administrators and auditors only (`audit.permissions`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from governance.actions.models import Action
from governance.attendance.models import Attendance
from governance.audit import signals
from governance.audit.models import AuditEvent
from governance.audit.signals import Choices, Ref
from governance.audit.wording import Name
from governance.auth.models import User
from governance.boards.models import Appointment, Board, BoardOfficer, Organisation, Person, Seat
from governance.boards.permissions import can_view_board
from governance.decisions.models import Decision
from governance.decisions.permissions import can_view_decision
from governance.extensions import db
from governance.glossary.models import GlossaryTerm
from governance.induction.models import (
    InductionItem,
    InductionMaterial,
    InductionProgramme,
    InductionRecord,
    InductionStep,
)
from governance.interests.models import Declaration, Interest
from governance.meetings.models import AgendaItem, Meeting
from governance.meetings.permissions import can_view_item, can_view_meeting
from governance.minutes.models import Minutes
from governance.papers.models import Paper, PaperVersion
from governance.replies.models import MeetingReply, SupportNeed
from governance.subgroups.models import AuthorityCheck, SubgroupReport, TermsOfReference


def _day(moment: datetime, board: Board) -> str:
    return moment.astimezone(ZoneInfo(board.timezone)).strftime("%-d %b %Y")


def _meeting(viewer: Any, meeting: Meeting) -> Name:
    if not can_view_meeting(viewer, meeting):
        return Name("a meeting not open to you (a draft, or a board you do not see)", hidden=True)
    return Name(f"{meeting.title}, {_day(meeting.starts_at, meeting.board)} ({meeting.board.name})")


def _item(viewer: Any, item: AgendaItem) -> Name:
    if not can_view_item(viewer, item):
        where = _meeting(viewer, item.meeting)
        if where.hidden:
            return Name(f"an item of {where.text}", hidden=True)
        return Name(f"a confidential item at {where.text}", hidden=True)
    return Name(f"“{item.title}” at {_meeting(viewer, item.meeting).text}")


def _within(text: str, inner: Name) -> Name:
    return Name(f"{text} {inner.text}", hidden=inner.hidden)


def _decision(viewer: Any, decision: Decision) -> Name:
    if not can_view_decision(viewer, decision):
        return Name("a decision you may not see", hidden=True)
    words = decision.resolution if len(decision.resolution) <= 80 else decision.resolution[:79]
    more = "…" if len(decision.resolution) > 80 else ""
    return Name(f"{decision.number}: {words}{more}")


def _paper(viewer: Any, paper: Paper) -> Name:
    if not can_view_item(viewer, paper.item):
        return _item(viewer, paper.item)
    return Name(f"“{paper.title}” for {_item(viewer, paper.item).text}")


def _action(viewer: Any, action: Action) -> Name:
    item = db.session.get(AgendaItem, action.agenda_item_id) if action.agenda_item_id else None
    allowed = can_view_item(viewer, item) if item else can_view_board(viewer, action.board)
    if not allowed:
        return Name("an action you may not see", hidden=True)
    return Name(f"“{action.title}” ({action.board.name})")


Namer = Callable[[Any, Any], Name]
#: For each table: its model, what to load with it, and how to name one row for a viewer.
_NAMERS: dict[str, tuple[Any, tuple[Any, ...], Namer]] = {
    "user_account": (User, (joinedload(User.person),), lambda v, u: Name(u.person.full_name)),
    "person": (Person, (), lambda v, p: Name(p.full_name)),
    "organisation": (Organisation, (), lambda v, o: Name(o.name)),
    "board": (Board, (), lambda v, b: Name(b.name)),
    "seat": (Seat, (joinedload(Seat.board),), lambda v, s: Name(f"{s.title} ({s.board.name})")),
    "appointment": (
        Appointment,
        (joinedload(Appointment.person), joinedload(Appointment.seat).joinedload(Seat.board)),
        lambda v, a: Name(f"{a.person.full_name} to {a.seat.title} ({a.seat.board.name})"),
    ),
    "board_officer": (
        BoardOfficer,
        (joinedload(BoardOfficer.person), joinedload(BoardOfficer.board)),
        lambda v, o: Name(f"{o.person.full_name}, {o.role.value} of {o.board.name}"),
    ),
    "meeting": (Meeting, (joinedload(Meeting.board),), _meeting),
    "agenda_item": (
        AgendaItem,
        (joinedload(AgendaItem.meeting).joinedload(Meeting.board),),
        _item,
    ),
    "paper": (
        Paper,
        (joinedload(Paper.item).joinedload(AgendaItem.meeting).joinedload(Meeting.board),),
        _paper,
    ),
    "paper_version": (
        PaperVersion,
        (
            joinedload(PaperVersion.paper)
            .joinedload(Paper.item)
            .joinedload(AgendaItem.meeting)
            .joinedload(Meeting.board),
        ),
        lambda v, pv: _within(f"version {pv.number} of", _paper(v, pv.paper)),
    ),
    "decision": (
        Decision,
        (joinedload(Decision.item).joinedload(AgendaItem.meeting).joinedload(Meeting.board),),
        _decision,
    ),
    "minutes": (
        Minutes,
        (joinedload(Minutes.meeting).joinedload(Meeting.board),),
        lambda v, m: _within("the meeting", _meeting(v, m.meeting)),
    ),
    "attendance": (
        Attendance,
        (joinedload(Attendance.person), joinedload(Attendance.meeting).joinedload(Meeting.board)),
        lambda v, a: _within(f"{a.person.full_name} at", _meeting(v, a.meeting)),
    ),
    "declaration": (
        Declaration,
        (
            joinedload(Declaration.person),
            joinedload(Declaration.item).joinedload(AgendaItem.meeting).joinedload(Meeting.board),
        ),
        lambda v, d: _within(f"{d.person.full_name} on", _item(v, d.item)),
    ),
    # What an interest is stays out of the log: it may be personal.
    "interest": (
        Interest,
        (joinedload(Interest.person),),
        lambda v, i: Name(f"an entry of {i.person.full_name}"),
    ),
    "meeting_reply": (
        MeetingReply,
        (joinedload(MeetingReply.person), joinedload(MeetingReply.meeting)),
        lambda v, r: _within(f"of {r.person.full_name} to", _meeting(v, r.meeting)),
    ),
    # The kind of support is not named: it can say something about a person's health.
    "support_need": (
        SupportNeed,
        (
            joinedload(SupportNeed.reply).joinedload(MeetingReply.person),
            joinedload(SupportNeed.reply).joinedload(MeetingReply.meeting),
        ),
        lambda v, n: _within(f"{n.reply.person.full_name} at", _meeting(v, n.reply.meeting)),
    ),
    "action": (Action, (joinedload(Action.board),), _action),
    "terms_of_reference": (
        TermsOfReference,
        (joinedload(TermsOfReference.board),),
        lambda v, t: Name(f"version {t.version} of the {t.board.name}'s"),
    ),
    "subgroup_report": (
        SubgroupReport,
        (joinedload(SubgroupReport.subgroup),),
        lambda v, r: Name(f"of the {r.subgroup.name}"),
    ),
    "authority_check": (
        AuthorityCheck,
        (joinedload(AuthorityCheck.decision).joinedload(Decision.item),),
        lambda v, c: _within("the decision", _decision(v, c.decision)),
    ),
    "glossary_term": (GlossaryTerm, (), lambda v, g: Name(f"“{g.term}”")),
    "induction_programme": (
        InductionProgramme,
        (joinedload(InductionProgramme.board),),
        lambda v, p: Name(f"{p.title} ({p.board.name})"),
    ),
    "induction_step": (InductionStep, (), lambda v, s: Name(f"“{s.title}”")),
    "induction_material": (InductionMaterial, (), lambda v, m: Name(f"“{m.title}”")),
    "induction_record": (
        InductionRecord,
        (joinedload(InductionRecord.person), joinedload(InductionRecord.board)),
        lambda v, r: Name(f"of {r.person.full_name} ({r.board.name})"),
    ),
    "induction_item": (
        InductionItem,
        (joinedload(InductionItem.record).joinedload(InductionRecord.person),),
        lambda v, i: Name(f"“{i.title}” of {i.record.person.full_name}"),
    ),
}


def _by_type(refs: Iterable[Ref]) -> dict[str, set[int]]:
    grouped: dict[str, set[int]] = {}
    for kind, ident in refs:
        grouped.setdefault(kind, set()).add(ident)
    return grouped


@signals.names_wanted.connect
def name_refs(viewer: Any, refs: set[Ref]) -> dict[Ref, Name]:
    """One query per kind of thing on the page; a thing no longer held is left out (the page
    shows its kind and id)."""
    names: dict[Ref, Name] = {}
    for kind, ids in _by_type(refs).items():
        if kind not in _NAMERS:
            continue
        model, options, namer = _NAMERS[kind]
        rows = (
            db.session.execute(sa.select(model).where(model.id.in_(ids)).options(*options))
            .unique()
            .scalars()
        )
        for row in rows:
            names[(kind, row.id)] = namer(viewer, row)
    return names


@signals.choices_wanted.connect
def filter_choices(viewer: Any) -> Choices:
    """Everyone with a login, and the boards the viewer may see, by name."""
    people = db.session.execute(
        sa.select(User.id, Person.full_name).join(Person, User.person_id == Person.id)
        .order_by(Person.full_name, User.id)
    ).all()  # fmt: skip
    boards = db.session.execute(sa.select(Board).order_by(Board.name)).scalars()
    return Choices(
        people=[(row.id, row.full_name) for row in people],
        boards=[(b.id, b.name) for b in boards if can_view_board(viewer, b)],
    )


def _about(kind: str, ids: Any) -> Any:
    return sa.and_(AuditEvent.target_type == kind, AuditEvent.target_id.in_(ids))


@signals.board_events_wanted.connect
def board_events(viewer: Any, board_id: int) -> Any:
    """The events about the board and what belongs to it: seats, meetings and their record."""
    meetings = sa.select(Meeting.id).where(Meeting.board_id == board_id)
    items = sa.select(AgendaItem.id).where(AgendaItem.meeting_id.in_(meetings))
    papers = sa.select(Paper.id).where(Paper.agenda_item_id.in_(items))
    seats = sa.select(Seat.id).where(Seat.board_id == board_id)
    replies = sa.select(MeetingReply.id).where(MeetingReply.meeting_id.in_(meetings))
    decisions = sa.select(Decision.id).where(Decision.board_id == board_id)
    programmes = sa.select(InductionProgramme.id).where(InductionProgramme.board_id == board_id)
    records = sa.select(InductionRecord.id).where(InductionRecord.board_id == board_id)

    def on_board(model: Any) -> Any:
        return sa.select(model.id).where(model.board_id == board_id)

    return sa.or_(
        sa.and_(AuditEvent.target_type == "board", AuditEvent.target_id == board_id),
        _about("seat", seats),
        _about("appointment", sa.select(Appointment.id).where(Appointment.seat_id.in_(seats))),
        _about("board_officer", on_board(BoardOfficer)),
        _about("meeting", meetings),
        _about("agenda_item", items),
        _about("paper", papers),
        _about("paper_version", sa.select(PaperVersion.id).where(
            PaperVersion.paper_id.in_(papers))),
        _about("decision", decisions),
        _about("authority_check", sa.select(AuthorityCheck.id).where(
            AuthorityCheck.decision_id.in_(decisions))),
        _about("minutes", sa.select(Minutes.id).where(Minutes.meeting_id.in_(meetings))),
        _about("attendance", sa.select(Attendance.id).where(Attendance.meeting_id.in_(meetings))),
        _about("declaration", sa.select(Declaration.id).where(
            Declaration.agenda_item_id.in_(items))),
        _about("meeting_reply", replies),
        _about("support_need", sa.select(SupportNeed.id).where(SupportNeed.reply_id.in_(replies))),
        _about("action", on_board(Action)),
        _about("terms_of_reference", on_board(TermsOfReference)),
        _about("subgroup_report", sa.select(SubgroupReport.id).where(
            SubgroupReport.subgroup_id == board_id)),
        _about("induction_programme", programmes),
        _about("induction_step", sa.select(InductionStep.id).where(
            InductionStep.programme_id.in_(programmes))),
        _about("induction_record", records),
        _about("induction_item", sa.select(InductionItem.id).where(
            InductionItem.record_id.in_(records))),
    )  # fmt: skip
