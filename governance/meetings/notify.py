"""Mails about meetings, queued in the outbox in the same transaction as the change."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from flask import current_app

from governance.boards.models import Person
from governance.database import utcnow
from governance.links import app_link
from governance.mail.operations import queue_mail
from governance.meetings import queries
from governance.meetings.ics import invitation
from governance.meetings.models import AgendaItem, Meeting
from governance.meetings.permissions import person_sees_confidential
from governance.meetings.rules import paper_deadline, reply_by_day

if TYPE_CHECKING:
    from governance.papers.models import PaperVersion


def _when(meeting: Meeting) -> str:
    local, end = meeting.local_start, meeting.local_end
    return f"{local:%A %-d %B %Y}, {local:%H:%M}–{end:%H:%M}"


def _where(meeting: Meeting) -> str:
    parts = [p for p in (meeting.location, meeting.online_url) if p]
    return " / ".join(parts) or "to be confirmed"


#: Makes a mail's body for one visibility class (True: may see confidential business), or
#: None when that class has nothing to be told.
BodyFor = Callable[[bool], str | None]


def _send(meeting: Meeting, kind: str, subject: str, body_for: BodyFor, method: str | None) -> int:
    """Queue one mail per recipient, its body made for what that recipient may see."""

    organiser = current_app.config["MAIL_FROM"]
    board = meeting.board
    bodies: dict[bool, str | None] = {}  # one body per visibility class, not one per person
    count = 0
    for person in queries.recipients(meeting):
        assert person.email is not None
        sees = person_sees_confidential(person, board)
        if sees not in bodies:
            bodies[sees] = body_for(sees)
        body = bodies[sees]
        if body is None:
            continue
        ics = invitation(meeting, board, method, person.email, organiser) if method else None
        queue_mail(person.email, subject, body, kind=kind, person_id=person.id, ics=ics)
        count += 1
    return count


def _everyone(body: str) -> BodyFor:
    """A mail that names no agenda item or paper: the same body for all."""
    return lambda sees: body


def _withheld(count: int, noun: str) -> str:
    """'1 confidential item is not listed here.', as the meeting page says it."""
    if not count:
        return ""
    return f"{count} confidential {noun}{'s are' if count != 1 else ' is'} not listed here.\n"


def _reply_request(meeting: Meeting) -> str:
    day = reply_by_day(meeting.starts_at, meeting.board.timezone)
    return (
        f"Members, please reply by {day:%A %-d %B}: say whether you can come, and any help "
        "you need to come (a crèche, travel, access, an interpreter).\n"
        f"Reply: {app_link('replies.reply', meeting_id=meeting.id)}\n"
    )


def _papers_due(meeting: Meeting, now: datetime) -> str:
    """When papers will come, promising clear days only while they can still be given."""
    board = meeting.board
    due = paper_deadline(
        meeting.starts_at, board.timezone, board.notice_clear_days, board.notice_working_days, now
    )
    if due.passed:
        return (
            f"Papers cannot now reach you {due.notice_words} before the meeting, as the board's "
            "rules ask: any paper sent from now on is marked late, with the reason and the "
            "chair's agreement.\n"
        )
    return (
        f"Papers will be circulated by the end of {due.last_day:%A %-d %B}, at least "
        f"{due.notice_words} before the meeting.\n"
    )


def _notice(meeting: Meeting, now: datetime) -> tuple[str, BodyFor]:
    """The notice's subject, and its body for each visibility class."""
    papers = _papers_due(meeting, now)

    def body(sees: bool) -> str:
        shown = [item for item in meeting.items if sees or not item.confidential]
        agenda = "\n".join(
            f"  {n}. {item.title} ({item.purpose.label.lower()})"
            for n, item in enumerate(shown, start=1)
        )
        withheld = _withheld(len(meeting.items) - len(shown), "item")
        return (
            f"{meeting.board.name}: {meeting.title}\n\n"
            f"When: {_when(meeting)}\nWhere: {_where(meeting)}\n\nAgenda:\n{agenda}\n"
            f"{withheld}\n{papers}\n{_reply_request(meeting)}\n"
            f"Meeting page: {app_link('pages.meeting', meeting_id=meeting.id)}\n"
        )

    return f"Notice of meeting: {meeting.board.name}, {_when(meeting)}", body


def notice_issued(meeting: Meeting, now: datetime | None = None) -> int:
    """Notice of meeting with the agenda and a calendar invitation; confidential items are
    listed only to those who may see them, and the others are told how many are left out."""
    subject, body = _notice(meeting, now or utcnow())
    return _send(meeting, "meeting.notice", subject, body, "REQUEST")


@dataclass(frozen=True)
class Preview:
    """One version of a mail, and the people who will read that version."""

    subject: str
    body: str
    people: list[Person]
    #: This version names confidential business.
    confidential: bool


def notice_preview(meeting: Meeting, now: datetime, recipients: list[Person]) -> list[Preview]:
    """The notice as each group of `recipients` will read it, built as `notice_issued` builds
    it; the version naming confidential items first."""
    subject, body_for = _notice(meeting, now)
    board = meeting.board
    groups: dict[bool, list[Person]] = {}
    for person in recipients:
        groups.setdefault(person_sees_confidential(person, board), []).append(person)
    previews = []
    for sees, people in sorted(groups.items(), reverse=True):
        body = body_for(sees)
        if body is not None:  # as `_send`: a group with nothing to be told gets no mail
            previews.append(Preview(subject, body, sorted(people, key=lambda p: p.full_name), sees))
    return previews


def meeting_moved(meeting: Meeting) -> int:
    """The meeting's time or place changed."""
    body = (
        f"{meeting.board.name}: {meeting.title} has changed.\n\n"
        f"Now: {_when(meeting)}\nWhere: {_where(meeting)}\n\n"
        f"Meeting page: {app_link('pages.meeting', meeting_id=meeting.id)}\n"
    )
    return _send(
        meeting,
        "meeting.moved",
        f"Meeting changed: {meeting.board.name}",
        _everyone(body),
        "REQUEST",
    )


def meeting_cancelled(meeting: Meeting) -> int:
    """The meeting is cancelled, with the reason."""
    body = (
        f"{meeting.board.name}: {meeting.title} on {_when(meeting)} is cancelled.\n\n"
        f"Reason: {meeting.cancel_reason}\n"
    )
    return _send(
        meeting,
        "meeting.cancelled",
        f"Meeting cancelled: {meeting.board.name}",
        _everyone(body),
        "CANCEL",
    )


def _papers_mail(
    meeting: Meeting, agenda: bool, versions: list[PaperVersion], late_reason: str | None
) -> tuple[str, str, BodyFor]:
    """The kind, subject and body-maker of the mail that circulates papers."""
    late = (
        f"\nThese papers are LATE (after the {meeting.board.notice_clear_days}-clear-day deadline)."
        f"\nReason, agreed by the chair: {late_reason}\n"
        if late_reason
        else ""
    )

    def body(sees: bool) -> str | None:
        shown = [v for v in versions if sees or not v.paper.item.confidential]
        titles = (["Agenda"] if agenda else []) + [
            f"{v.paper.title} (version {v.number})" for v in shown
        ]
        if not titles:
            return None
        listing = "\n".join(f"  - {t}" for t in titles)
        withheld = _withheld(len(versions) - len(shown), "paper")
        return (
            f"Papers for {meeting.board.name}: {meeting.title} ({_when(meeting)}):\n{listing}\n"
            f"{withheld}{late}\n"
            f"Read them: {app_link('pages.meeting', meeting_id=meeting.id)}\n"
        )

    subject = ("Late paper" if late_reason else "Papers") + f" for {meeting.board.name}"
    return ("papers.late" if late_reason else "papers.circulated"), subject, body


def papers_circulated(
    meeting: Meeting, agenda: bool, versions: list[PaperVersion], late_reason: str | None
) -> int:
    """Papers are ready to read; a late circulation says so, with the reason.

    A paper on a confidential item is named only to those who may see it; the others are told
    how many are left out, and get no mail when nothing else went out.
    """
    kind, subject, body = _papers_mail(meeting, agenda, versions, late_reason)
    return _send(meeting, kind, subject, body, None)


@dataclass(frozen=True)
class CirculationPreview:
    """What a mass mail will do before it is sent: who gets which body, who gets none."""

    subject: str
    #: The body for those who may see confidential business, and for those who may not
    #: (None: that group gets no mail); the same text when nothing confidential is named.
    bodies: dict[bool, str | None]
    #: (name, may see confidential business) of each person the mail reaches, in sending order.
    recipients: list[tuple[str, bool]]
    #: Names of members and officers who get no mail, having nothing here they may see.
    left_out: list[str]

    @property
    def differs(self) -> bool:
        """Whether some recipients get a different body (confidential papers left out)."""
        return len({b for b in self.bodies.values() if b is not None}) > 1


def papers_preview(
    meeting: Meeting, agenda: bool, versions: list[PaperVersion], late_reason: str | None
) -> CirculationPreview:
    """The circulation mail as each recipient would get it, without sending anything."""
    _kind, subject, body_for = _papers_mail(meeting, agenda, versions, late_reason)
    bodies: dict[bool, str | None] = {}
    reached: list[tuple[str, bool]] = []
    left_out: list[str] = []
    for person in queries.recipients(meeting):
        sees = person_sees_confidential(person, meeting.board)
        if sees not in bodies:
            bodies[sees] = body_for(sees)
        if bodies[sees] is None:
            left_out.append(person.full_name)
        else:
            reached.append((person.full_name, sees))
    return CirculationPreview(subject, bodies, reached, left_out)


def paper_withdrawn(meeting: Meeting, version: PaperVersion) -> int:
    """A circulated paper version was withdrawn: members who had it are told, with why.

    Named only to those who may see its item; nobody else is mailed (they never had it).
    """
    item = version.paper.item

    def body(sees: bool) -> str | None:
        if item.confidential and not sees:
            return None
        return (
            f"A paper for {meeting.board.name}: {meeting.title} ({_when(meeting)}) has been "
            f"withdrawn:\n  - {version.paper.title} (version {version.number})\n"
            f"Reason: {version.withdrawn_reason}\n"
            "It is no longer among the meeting's papers; please set aside any copy you have.\n\n"
            f"The meeting's papers: {app_link('pages.meeting', meeting_id=meeting.id)}\n"
        )

    return _send(
        meeting, "papers.withdrawn", f"Paper withdrawn for {meeting.board.name}", body, None
    )


def item_withdrawn(meeting: Meeting, item: AgendaItem) -> int:
    """An item was withdrawn from the agenda of a called meeting: members are told, with why.

    A confidential item is named only to those who may see it; nobody else is mailed.
    """

    def body(sees: bool) -> str | None:
        if item.confidential and not sees:
            return None
        return (
            f"An item has been withdrawn from the agenda of {meeting.board.name}: "
            f"{meeting.title} ({_when(meeting)}):\n  - {item.title}\n"
            f"Reason: {item.withdrawn_reason}\n\n"
            f"The agenda as it now stands: {app_link('pages.meeting', meeting_id=meeting.id)}\n"
        )

    return _send(
        meeting,
        "agenda.item_withdrawn",
        f"Agenda item withdrawn for {meeting.board.name}",
        body,
        None,
    )
