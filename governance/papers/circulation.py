"""Circulating the agenda and papers under the 'no surprises' rule."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from governance.audit.operations import record_event
from governance.boards.models import OfficerRole, Person
from governance.database import utcnow
from governance.errors import DomainError
from governance.meetings import notify, rules
from governance.meetings.models import Meeting
from governance.papers.models import ConsentRequest, PaperVersion

if TYPE_CHECKING:
    from governance.auth.models import User


@dataclass(frozen=True)
class Timing:
    """Where a meeting stands against its circulation deadline."""

    deadline: datetime
    clear_days: int
    working_days: bool
    #: The last day on which papers can go out on time (the day before the deadline, locally).
    last_day: date

    def is_late(self, at: datetime) -> bool:
        return rules.is_late(at, self.deadline)


def timing(meeting: Meeting) -> Timing:
    """The meeting's circulation deadline under its board's notice period."""
    board = meeting.board
    deadline = rules.circulation_deadline(
        meeting.starts_at, board.timezone, board.notice_clear_days, board.notice_working_days
    )
    return Timing(
        deadline=deadline,
        clear_days=board.notice_clear_days,
        working_days=board.notice_working_days,
        last_day=rules.local_date(deadline, board.timezone) - timedelta(days=1),
    )


def is_version_late(meeting: Meeting, version: PaperVersion) -> bool:
    """A circulated version that reached members after the deadline."""
    return version.circulated_at is not None and timing(meeting).is_late(version.circulated_at)


def chairs(meeting: Meeting) -> list[Person]:
    """The people who may consent, as chair, to late circulation for this meeting."""
    return [o.person for o in meeting.board.officers if o.role is OfficerRole.CHAIR]


def _check_uncirculated(meeting: Meeting, versions: list[PaperVersion]) -> None:
    """Every version is of this meeting's papers and not yet circulated."""
    for version in versions:
        if version.paper.item.meeting_id != meeting.id:
            raise DomainError("That paper belongs to another meeting.", field="versions")
        if version.is_withdrawn:
            raise DomainError(
                f"“{version.paper.title}” version {version.number} has been withdrawn.",
                field="versions",
            )
        if version.circulated_at is not None:
            raise DomainError(
                f"“{version.paper.title}” version {version.number} has already been circulated.",
                field="versions",
            )


def check_circulation(meeting: Meeting, versions: list[PaperVersion], include_agenda: bool) -> bool:
    """Whether the agenda goes too, once the meeting may circulate and there is something new.

    Raises:
        DomainError: the meeting is a draft or closed, nothing is chosen, or a version is of
        another meeting or already out.
    """
    if meeting.is_draft:
        raise DomainError("Issue the notice of meeting before circulating papers.")
    if meeting.is_closed:
        raise DomainError(f"This meeting is {meeting.status.label.lower()}.")
    include_agenda = include_agenda and meeting.agenda_circulated_at is None
    if not versions and not include_agenda:
        raise DomainError("Choose the agenda or at least one paper to circulate.", field="versions")
    _check_uncirculated(meeting, versions)
    return include_agenda


def _circulate_agenda(
    actor: User | None, meeting: Meeting, now: datetime, consent: ConsentRequest | None
) -> None:
    meeting.agenda_circulated_at = now
    reason = consent.reason if consent is not None else None
    chair_id = consent.answered_by_id if consent is not None else None
    meeting.agenda_late_reason = reason
    meeting.agenda_consent_by_id = chair_id
    record_event(
        actor,
        "meeting.agenda_circulate",
        meeting,
        f"Circulated the agenda of meeting {meeting.id}" + (" (late)" if consent else ""),
        {
            "agenda_circulated_at": [None, now.isoformat()],
            "late_reason": [None, reason],
            "consent_by_id": [None, chair_id],
            **({"consent_request_id": [None, consent.id]} if consent is not None else {}),
        },
    )


def _circulate_version(
    actor: User | None, version: PaperVersion, now: datetime, consent: ConsentRequest | None
) -> None:
    version.circulated_at = now
    version.circulated_by_id = actor.id if actor is not None else None
    if consent is not None:
        # Sent out by the secretary who asked, whoever's answer released it.
        version.circulated_by_id = consent.requested_by_id or version.circulated_by_id
        version.late_reason = consent.reason
        version.consent_by_id = consent.answered_by_id
        version.consent_at = consent.answered_at
        version.consent_request_id = consent.id
    record_event(
        actor,
        "paper.circulate",
        version,
        f"Circulated paper {version.paper_id} version {version.number}"
        + (" (late)" if consent else ""),
        {
            "circulated_at": [None, now.isoformat()],
            "late_reason": [None, version.late_reason],
            "consent_by_id": [None, version.consent_by_id],
            **({"consent_request_id": [None, consent.id]} if consent is not None else {}),
        },
    )


def circulate(
    actor: User | None,
    meeting: Meeting,
    versions: list[PaperVersion],
    *,
    include_agenda: bool,
    consent: ConsentRequest | None = None,
    now: datetime | None = None,
) -> int:
    """Send the agenda and/or paper versions to members; after the deadline only under a
    consent request the chair has granted (governance.papers.consent).

    Each member's mail names only the papers they may open. Returns the number of members
    notified.
    """
    now = now or utcnow()
    include_agenda = check_circulation(meeting, versions, include_agenda)
    late = timing(meeting).is_late(now)
    granted = consent if consent is not None and consent.is_granted else None
    if late:
        rules.check_late_circulation(
            late,
            granted.reason if granted else None,
            granted.answered_by_id if granted else None,
        )
    used = granted if late else None
    if include_agenda:
        _circulate_agenda(actor, meeting, now, used)
    for version in versions:
        _circulate_version(actor, version, now, used)
    return notify.papers_circulated(
        meeting, include_agenda, versions, used.reason if used is not None else None
    )
