"""The chair's consent to late circulation: asked by the secretary, answered by the chair.

After the deadline nothing circulates on the secretary's say-so. The secretary states the
reason and asks (`request_consent`); the chair grants or refuses in the app or from a signed,
expiring link in a mail (`grant`, `refuse`). A grant sends the papers out, marked late with the
reason and the consent; a refusal sends nothing and the secretary is told. A consent the chair
gave by phone is recorded by the secretary as exactly that (`record_chairs_word`), so the
record always says how the consent was given.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

import sqlalchemy as sa
from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from governance.audit.operations import record_event
from governance.boards.models import Person
from governance.database import utcnow
from governance.errors import DomainError
from governance.extensions import db
from governance.links import app_link
from governance.mail.operations import queue_mail
from governance.meetings import rules
from governance.meetings.models import Meeting
from governance.meetings.permissions import person_sees_item
from governance.papers import circulation
from governance.papers.models import (
    ConsentRequest,
    ConsentStatus,
    ConsentVia,
    PaperVersion,
    consent_request_version,
)

if TYPE_CHECKING:
    from governance.auth.models import User

#: How long a link in the chair's mail answers; after that the chair answers in the app.
LINK_MAX_AGE = timedelta(days=3)
#: Binds the link's signature to this use: no other signed value of the app can pass for one.
LINK_SALT = "late-circulation-consent"


class LinkProblem(Exception):
    """A consent link that cannot be used; `expired` tells an old link from a forged one."""

    def __init__(self, expired: bool) -> None:
        super().__init__("expired" if expired else "invalid")
        self.expired = expired


def _signer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=LINK_SALT)


def link_token(request: ConsentRequest, chair: Person) -> str:
    """The signed token of the link that lets `chair` answer `request` from a mail."""
    return str(_signer().dumps([request.id, chair.id]))


def read_token(token: str) -> tuple[int, int]:
    """The (request id, chair's person id) a link was made for.

    Raises:
        LinkProblem: the link has expired, or was not made by this app.
    """
    try:
        request_id, person_id = _signer().loads(token, max_age=int(LINK_MAX_AGE.total_seconds()))
    except SignatureExpired as error:
        raise LinkProblem(expired=True) from error
    except (BadSignature, ValueError, TypeError) as error:
        raise LinkProblem(expired=False) from error
    if not isinstance(request_id, int) or not isinstance(person_id, int):
        raise LinkProblem(expired=False)
    return request_id, person_id


def pending_version_ids(meeting: Meeting) -> set[int]:
    """The versions of this meeting already waiting for the chair's answer."""
    rows = db.session.execute(
        sa.select(consent_request_version.c.paper_version_id)
        .join(ConsentRequest, ConsentRequest.id == consent_request_version.c.consent_request_id)
        .where(
            ConsentRequest.meeting_id == meeting.id,
            ConsentRequest.status == ConsentStatus.PENDING,
        )
    ).scalars()
    return set(rows)


def _agenda_pending(meeting: Meeting) -> bool:
    return (
        db.session.execute(
            sa.select(ConsentRequest.id).where(
                ConsentRequest.meeting_id == meeting.id,
                ConsentRequest.status == ConsentStatus.PENDING,
                ConsentRequest.include_agenda.is_(True),
            )
        ).first()
        is not None
    )


def check_request(
    meeting: Meeting,
    versions: list[PaperVersion],
    include_agenda: bool,
    reason: str | None,
    now: datetime,
) -> tuple[bool, str]:
    """Whether the agenda goes too, and the reason trimmed, for a request that may be made.

    Raises:
        DomainError: nothing to circulate, circulation is on time (no consent needed), the
        reason is missing, something chosen already waits for the chair, or there is no chair.
    """
    include_agenda = circulation.check_circulation(meeting, versions, include_agenda)
    if not circulation.timing(meeting).is_late(now):
        raise DomainError(
            "These papers are on time: circulate them now, no consent is needed.",
            field="late_reason",
        )
    reason = rules.check_late_reason(reason)
    waiting = pending_version_ids(meeting)
    for version in versions:
        if version.id in waiting:
            raise DomainError(
                f"“{version.paper.title}” version {version.number} already waits for the chair.",
                field="versions",
            )
    if include_agenda and _agenda_pending(meeting):
        raise DomainError("The agenda already waits for the chair.", field="versions")
    if not circulation.chairs(meeting):
        raise DomainError(
            "The board has no chair to consent: name one under the board's officers first.",
            field="consent_how",
        )
    return include_agenda, reason


def _new_request(
    actor: User | None,
    meeting: Meeting,
    versions: list[PaperVersion],
    include_agenda: bool,
    reason: str,
    now: datetime,
) -> ConsentRequest:
    request = ConsentRequest(
        meeting=meeting,
        reason=reason,
        include_agenda=include_agenda,
        status=ConsentStatus.PENDING,
        requested_by_id=actor.id if actor is not None else None,
        requested_at=now,
        note="",
    )
    request.versions = list(versions)
    db.session.add(request)
    record_event(
        actor,
        "paper.consent_request",
        request,
        f"Asked the chair to consent to late circulation for meeting {meeting.id}",
        {
            "meeting_id": [None, meeting.id],
            "reason": [None, reason],
            "include_agenda": [None, include_agenda],
            "paper_version_ids": [None, [v.id for v in versions]],
        },
    )
    return request


def request_consent(
    actor: User | None,
    meeting: Meeting,
    versions: list[PaperVersion],
    *,
    include_agenda: bool,
    reason: str | None,
    now: datetime | None = None,
) -> ConsentRequest:
    """Ask the chair to agree to circulating these papers late; nothing goes out meanwhile.

    Each chair gets a mail with a signed link to answer from, naming only what they may see.
    """
    now = now or utcnow()
    include_agenda, reason = check_request(meeting, versions, include_agenda, reason, now)
    request = _new_request(actor, meeting, versions, include_agenda, reason, now)
    for chair in circulation.chairs(meeting):
        if chair.email:
            _mail_chair(request, chair)
    return request


def _what(request: ConsentRequest, person: Person) -> str:
    """The agenda and papers of a request, naming only what `person` may see."""
    shown = [v for v in request.versions if person_sees_item(person, v.paper.item)]
    lines = (["  - The agenda"] if request.include_agenda else []) + [
        f"  - {v.paper.title} (version {v.number})" for v in shown
    ]
    hidden = len(request.versions) - len(shown)
    if hidden:
        lines.append(f"  - {hidden} confidential paper{'s' if hidden != 1 else ''}")
    return "\n".join(lines)


def _mail_chair(request: ConsentRequest, chair: Person) -> None:
    meeting = request.meeting
    board = meeting.board
    asked_by = request.requested_by.person.full_name if request.requested_by else "The secretary"
    hours = int(LINK_MAX_AGE.total_seconds() // 3600)
    body = (
        f"{asked_by} asks your consent, as chair of {board.name}, to circulate these after "
        f"the {board.notice_clear_days}-clear-day deadline for {meeting.title} "
        f"({meeting.local_start:%A %-d %B %Y, %H:%M}):\n\n{_what(request, chair)}\n\n"
        f"Why they are late: {request.reason}\n\n"
        "Nothing goes out until you answer. If you agree, members receive them marked late,"
        " with this reason and your consent; if you refuse, nothing is sent and the secretary"
        " is told.\n\n"
        f"Answer from this link (it works once, for {hours} hours, and asks before it acts):\n"
        f"{app_link('papers.consent_link', token=link_token(request, chair))}\n\n"
        f"Or sign in and answer: {app_link('papers.consent_request', request_id=request.id)}\n"
    )
    queue_mail(
        chair.email or "",
        f"Your consent is asked: late papers for {board.name}",
        body,
        kind="papers.consent_asked",
        person_id=chair.id,
    )


def _check_answer(request: ConsentRequest, chair: Person) -> None:
    if not request.is_pending:
        raise DomainError(f"This request has already been answered: {request.status.label}.")
    if request.meeting.is_closed:
        raise DomainError(f"This meeting is {request.meeting.status.label.lower()}.")
    if chair not in circulation.chairs(request.meeting):
        raise DomainError("Consent must come from the board's chair.", field="consent_by_id")


def _answer(
    request: ConsentRequest,
    status: ConsentStatus,
    chair: Person,
    via: ConsentVia,
    recorder: User | None,
    note: str,
    now: datetime,
) -> None:
    _check_answer(request, chair)
    request.status = status
    request.answered_by_id = chair.id
    request.answered_by = chair
    request.answered_at = now
    request.answered_via = via
    request.recorded_by_id = recorder.id if recorder is not None else None
    request.note = (note or "").strip()[:500]
    verb = "granted" if status is ConsentStatus.GRANTED else "refused"
    record_event(
        recorder,
        f"paper.consent_{'grant' if status is ConsentStatus.GRANTED else 'refuse'}",
        request,
        f"The chair {verb} late circulation for meeting {request.meeting_id} ({via.label})",
        {
            "status": [ConsentStatus.PENDING.value, status.value],
            "answered_by_id": [None, chair.id],
            "answered_at": [None, now.isoformat()],
            "answered_via": [None, via.value],
            "note": [None, request.note or None],
        },
    )


def grant(
    request: ConsentRequest,
    chair: Person,
    via: ConsentVia,
    recorder: User | None,
    *,
    note: str = "",
    now: datetime | None = None,
) -> int:
    """The chair agrees: what the request names and is still to go out is circulated late,
    with the reason and this consent. Returns the number of members notified."""
    now = now or utcnow()
    _answer(request, ConsentStatus.GRANTED, chair, via, recorder, note, now)
    meeting = request.meeting
    versions = [v for v in request.versions if v.circulated_at is None]
    agenda = request.include_agenda and meeting.agenda_circulated_at is None
    count = 0
    if versions or agenda:
        count = circulation.circulate(
            recorder, meeting, versions, include_agenda=agenda, consent=request, now=now
        )
    _tell_secretary(request, count)
    return count


def refuse(
    request: ConsentRequest,
    chair: Person,
    via: ConsentVia,
    recorder: User | None,
    *,
    note: str = "",
    now: datetime | None = None,
) -> None:
    """The chair does not agree: nothing circulates, and the secretary who asked is told."""
    _answer(request, ConsentStatus.REFUSED, chair, via, recorder, note, now or utcnow())
    _tell_secretary(request, 0)


def record_chairs_word(
    actor: User | None,
    meeting: Meeting,
    versions: list[PaperVersion],
    *,
    include_agenda: bool,
    reason: str | None,
    chair: Person | None,
    note: str = "",
    now: datetime | None = None,
) -> tuple[ConsentRequest, int]:
    """The secretary records a consent the chair gave by phone or in person, as exactly that,
    and the papers go out. Returns the request and the number of members notified."""
    now = now or utcnow()
    if chair is None or chair not in circulation.chairs(meeting):
        raise DomainError(
            "Choose the chair who agreed: only the board's chair can consent.",
            field="consent_by_id",
        )
    include_agenda, reason = check_request(meeting, versions, include_agenda, reason, now)
    request = _new_request(actor, meeting, versions, include_agenda, reason, now)
    count = grant(request, chair, ConsentVia.SECRETARY, actor, note=note, now=now)
    return request, count


def record_word_on(
    request: ConsentRequest,
    chair: Person | None,
    actor: User | None,
    *,
    note: str = "",
    now: datetime | None = None,
) -> int:
    """A request still waiting, answered by the chair by phone: the secretary records it."""
    if chair is None:
        raise DomainError("Choose the chair who agreed.", field="consent_by_id")
    return grant(request, chair, ConsentVia.SECRETARY, actor, note=note, now=now)


def withdraw(request: ConsentRequest, actor: User | None, now: datetime | None = None) -> None:
    """The secretary no longer asks: the request stays in the record, marked withdrawn."""
    if not request.is_pending:
        raise DomainError(f"This request has already been answered: {request.status.label}.")
    request.status = ConsentStatus.WITHDRAWN
    request.answered_at = now or utcnow()
    request.recorded_by_id = actor.id if actor is not None else None
    record_event(
        actor,
        "paper.consent_withdraw",
        request,
        f"Withdrew the request for late circulation for meeting {request.meeting_id}",
        {"status": [ConsentStatus.PENDING.value, ConsentStatus.WITHDRAWN.value]},
    )


def _tell_secretary(request: ConsentRequest, count: int) -> None:
    """Mail the secretary who asked what the chair answered."""
    asker = request.requested_by.person if request.requested_by is not None else None
    if asker is None or not asker.email:
        return
    meeting = request.meeting
    chair = request.answered_by.full_name if request.answered_by else "The chair"
    if request.is_granted:
        how = request.answered_via.label if request.answered_via else "granted"
        outcome = (
            f"{chair} granted consent ({how})."
            f" The papers went out late to {count} people, with your reason."
        )
    else:
        outcome = f"{chair} refused consent. Nothing was circulated."
    note = f"\nThe chair's words: {request.note}\n" if request.note else ""
    body = (
        f"Late papers for {meeting.board.name}: {meeting.title} "
        f"({meeting.local_start:%A %-d %B %Y}):\n\n{_what(request, asker)}\n\n"
        f"{outcome}\n{note}\n"
        f"Meeting page: {app_link('pages.meeting', meeting_id=meeting.id)}\n"
    )
    subject = "Consent " + ("granted" if request.is_granted else "refused")
    queue_mail(
        asker.email,
        f"{subject}: late papers for {meeting.board.name}",
        body,
        kind="papers.consent_answered",
        person_id=asker.id,
    )
