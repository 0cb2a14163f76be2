"""Mails about meetings, queued in the outbox in the same transaction as the change."""

from __future__ import annotations

from flask import current_app

from governance.meetings import queries
from governance.meetings.models import Meeting


def _link(path: str) -> str:
    return current_app.config["BASE_URL"].rstrip("/") + path


def _when(meeting: Meeting) -> str:
    from zoneinfo import ZoneInfo

    local = meeting.starts_at.astimezone(ZoneInfo(meeting.board.timezone))
    end = meeting.ends_at.astimezone(ZoneInfo(meeting.board.timezone))
    return f"{local:%A %-d %B %Y}, {local:%H:%M}–{end:%H:%M}"


def _where(meeting: Meeting) -> str:
    parts = [p for p in (meeting.location, meeting.online_url) if p]
    return " / ".join(parts) or "to be confirmed"


def _send(meeting: Meeting, kind: str, subject: str, body: str, method: str | None) -> int:
    from governance.mail.operations import queue_mail
    from governance.meetings.calendar import invitation

    organiser = current_app.config["MAIL_FROM"]
    count = 0
    for person in queries.recipients(meeting):
        assert person.email is not None
        ics = (
            invitation(meeting, meeting.board, method, person.email, organiser) if method else None
        )
        queue_mail(person.email, subject, body, kind=kind, person_id=person.id, ics=ics)
        count += 1
    return count


def _reply_request(meeting: Meeting) -> str:
    from governance.meetings.replies_rules import reply_by_day

    day = reply_by_day(meeting.starts_at, meeting.board.timezone)
    return (
        f"Members, please reply by {day:%A %-d %B}: say whether you can come, and any help "
        "you need to come (a crèche, travel, access, an interpreter).\n"
        f"Reply: {_link(f'/meetings/{meeting.id}/reply')}\n"
    )


def notice_issued(meeting: Meeting) -> int:
    """Notice of meeting with the agenda and a calendar invitation."""
    agenda = "\n".join(
        f"  {n}. {item.title} ({item.purpose.label.lower()})"
        for n, item in enumerate(meeting.items, start=1)
    )
    body = (
        f"{meeting.board.name}: {meeting.title}\n\n"
        f"When: {_when(meeting)}\nWhere: {_where(meeting)}\n\nAgenda:\n{agenda}\n\n"
        f"Papers will be circulated at least {meeting.board.notice_clear_days} clear days "
        f"before the meeting.\n\n{_reply_request(meeting)}\n"
        f"Meeting page: {_link(f'/meetings/{meeting.id}')}\n"
    )
    return _send(
        meeting,
        "meeting.notice",
        f"Notice of meeting: {meeting.board.name}, {_when(meeting)}",
        body,
        "REQUEST",
    )


def meeting_moved(meeting: Meeting) -> int:
    """The meeting's time or place changed."""
    body = (
        f"{meeting.board.name}: {meeting.title} has changed.\n\n"
        f"Now: {_when(meeting)}\nWhere: {_where(meeting)}\n\n"
        f"Meeting page: {_link(f'/meetings/{meeting.id}')}\n"
    )
    return _send(
        meeting, "meeting.moved", f"Meeting changed: {meeting.board.name}", body, "REQUEST"
    )


def meeting_cancelled(meeting: Meeting) -> int:
    """The meeting is cancelled, with the reason."""
    body = (
        f"{meeting.board.name}: {meeting.title} on {_when(meeting)} is cancelled.\n\n"
        f"Reason: {meeting.cancel_reason}\n"
    )
    return _send(
        meeting, "meeting.cancelled", f"Meeting cancelled: {meeting.board.name}", body, "CANCEL"
    )


def papers_circulated(meeting: Meeting, titles: list[str], late_reason: str | None) -> int:
    """Papers are ready to read; a late circulation says so, with the reason."""
    listing = "\n".join(f"  - {t}" for t in titles)
    late = (
        f"\nThese papers are LATE (after the {meeting.board.notice_clear_days}-clear-day deadline)."
        f"\nReason, agreed by the chair: {late_reason}\n"
        if late_reason
        else ""
    )
    body = (
        f"Papers for {meeting.board.name}: {meeting.title} ({_when(meeting)}):\n{listing}\n{late}\n"
        f"Read them: {_link(f'/meetings/{meeting.id}')}\n"
    )
    subject = ("Late paper" if late_reason else "Papers") + f" for {meeting.board.name}"
    return _send(
        meeting, "papers.late" if late_reason else "papers.circulated", subject, body, None
    )
