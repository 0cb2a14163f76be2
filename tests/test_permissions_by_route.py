"""Every route, as every role: the expected allow or deny, and a denied request changes nothing.

A new route must be added to ROUTES, or test_every_route_is_covered fails.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from governance.attendance.models import AttendanceStatus
from governance.calendar.tokens import issue_calendar_token
from governance.decisions.operations import DecisionDraft, record_decision
from governance.extensions import db
from governance.models import (
    Action,
    ActionUpdate,
    AgendaItem,
    Appointment,
    Attendance,
    AuthorityCheck,
    Board,
    BoardOfficer,
    CalendarToken,
    Decision,
    DecisionPaper,
    Declaration,
    DelegatedAuthority,
    Interest,
    Meeting,
    MeetingReply,
    Minutes,
    Organisation,
    OutboxMessage,
    Paper,
    PaperOpen,
    PaperVersion,
    Person,
    RecoveryCode,
    Seat,
    SecurityPolicy,
    SubgroupReport,
    SupportNeed,
    TermsOfReference,
    User,
)
from tests.conftest import PDF, World, audit_count, start_meeting
from tests.induction.routes import MODELS as INDUCTION_MODELS
from tests.induction.routes import ROUTES as INDUCTION_ROUTES

ROLES = [
    "anonymous",
    "admin",
    "auditor",
    "secretary",
    "chair",
    "member",
    "parent",
    "observer",
    "outsider",
]
#: This table also checks the secretary of the Elsewhere Board (a second private board) and of
#: nothing else: beyond what any signed-in user may do, they reach only their own board, its
#: people and organisations. (ROLES, without them, is shared with tests/security.)
MATRIX_ROLES = [*ROLES, "other_secretary"]
SIGNED_IN = set(MATRIX_ROLES) - {"anonymous"}
BOARD_VIEWERS = {"admin", "auditor", "secretary", "chair", "member", "parent", "observer"}
MANAGERS = {"admin", "secretary"}
#: Anyone who may add people and organisations: administrators and any board's secretary.
ADDERS = MANAGERS | {"other_secretary"}
# Pages behind @login_required send visitors to the sign-in page rather than answering 401.
LOGIN_REDIRECTS = {
    "auth.change_password",
    "calendar.account",
    "calendar.revoke",
    "auth.account",
    "auth.sign_out_everywhere",
    "auth.two_factor_enrol",
    "auth.two_factor_disable",
    "auth.two_factor_recovery_codes",
    # With no password given first, the second step sends everyone back to sign in.
    "auth.login_two_factor",
}


def _member_interest(w: World) -> Any:
    """A register entry of the member's, made when the URL is built (before counts are taken)."""
    from datetime import date

    from governance.interests.operations import add_interest

    return add_interest(
        None,
        w.users["member"].person,
        {
            "description": "Trustee of Little Steps",
            "kind": "non-financial",
            "starts_on": date(2026, 1, 1),
            "published": True,
        },
    )


def _support_need(w: World) -> Any:
    """Once per world: the parent's reply to the upcoming meeting, asking for a crèche place."""
    if getattr(w, "support_need", None) is None:
        from governance.replies.models import NeedKind, ReplyChoice
        from governance.replies.operations import Answer, send_reply
        from governance.replies.rules import NeedRequest

        answer = Answer(ReplyChoice.ATTENDING, needs=(NeedRequest(NeedKind.CHILDCARE, 1, (2,)),))
        w.support_need = send_reply(None, w.meeting, w.users["parent"].person, answer).needs[0]
        db.session.flush()
    return w.support_need


REASON = "The paper showed the shortfall, and members agreed the figures were sound."
ALTERNATIVES = "Cutting outreach instead, rejected because families would lose the service."


def _present(meeting: Any, *people: Any) -> None:
    """Mark them present, over any row an earlier write in the same world left."""
    for person in people:
        row = db.session.execute(
            sa.select(Attendance).filter_by(meeting_id=meeting.id, person_id=person.id)
        ).scalar_one_or_none() or Attendance(meeting=meeting, person_id=person.id)
        row.status = AttendanceStatus.PRESENT
        db.session.add(row)
    db.session.flush()


def _quorate(w: World) -> World:
    """The noticed meeting under way (decisions wait for the start), the member and the parent
    present, so decisions can be taken."""
    if not getattr(w, "quorate", False):
        start_meeting(w.meeting)
        _present(w.meeting, w.users["member"].person, w.users["parent"].person)
        w.quorate = True
    return w


def _decision(w: World) -> Any:
    """A decision on the budget item of the meeting under way, made once per world."""
    if getattr(w, "decision", None) is None:
        _quorate(w)
        w.decision = record_decision(
            None,
            w.item,
            DecisionDraft(
                resolution="Agree the budget.", rationale=REASON, alternatives=ALTERNATIVES
            ),
            moment=w.meeting.starts_at + timedelta(minutes=10),
        )
    return w.decision


def _two_factor_on(w: World) -> Any:
    """The member, with two-factor sign-in on (once per world), for an administrator to reset."""
    member = w.users["member"]
    if not member.has_two_factor:
        import pyotp

        from governance import clock
        from governance.auth.two_factor import operations as two_factor
        from governance.auth.two_factor import rules as tf

        secret = tf.new_secret()
        two_factor.enable_two_factor(member, secret, pyotp.TOTP(secret).at(clock.now()))
        db.session.flush()
    return member


def _period(decision: Any) -> str:
    """Query arguments for the days either side of a decision."""
    day = decision.taken_at.date()
    return f"taken_from={day - timedelta(days=1)}&taken_to={day + timedelta(days=1)}"


def _consent_request(w: World) -> Any:
    """Once per world: a request, waiting, for the chair's consent to a late paper."""
    if getattr(w, "consent_request", None) is None:
        from governance.meetings.models import MeetingStatus, Purpose
        from governance.papers import consent

        soon = datetime.now(UTC).replace(microsecond=0) + timedelta(days=2)
        meeting = Meeting(
            board=w.board,
            title="Extraordinary meeting",
            starts_at=soon,
            ends_at=soon + timedelta(hours=1),
            uid="consent-route@governance",
            status=MeetingStatus.NOTICE_ISSUED,
        )
        item = AgendaItem(meeting=meeting, position=1, title="Crèche", purpose=Purpose.DISCUSSION)
        paper = Paper(item=item, title="Late letter")
        version = PaperVersion(
            paper=paper,
            number=1,
            sha256="0" * 64,
            size=10,
            media_type="application/pdf",
            filename="letter.pdf",
        )
        db.session.add_all([meeting, item, paper, version])
        db.session.flush()
        w.consent_request = consent.request_consent(
            w.users["secretary"],
            meeting,
            [version],
            include_agenda=False,
            reason="The inspector's letter arrived after the deadline.",
        )
    return w.consent_request


def _consent_link(w: World) -> str:
    from governance.papers import consent

    return consent.link_token(_consent_request(w), w.users["chair"].person)


def _held(w: World) -> World:
    """Once per world: a meeting held two months ago (a decision, an action, circulated
    minutes) and one held last month (a decision approving them; its own minutes not begun)."""
    if getattr(w, "held", None) is not None:
        return w
    from governance.actions import operations as action_ops
    from governance.meetings import operations as meeting_ops
    from governance.meetings.models import MeetingStatus, Purpose
    from governance.minutes import operations as minutes_ops

    now = datetime.now(UTC).replace(microsecond=0)

    def held(days_ago: int) -> Any:
        starts = now - timedelta(days=days_ago)
        meeting = meeting_ops.schedule_meeting(
            None,
            w.board,
            {
                "title": "Board meeting",
                "starts_at": starts,
                "ends_at": starts + timedelta(hours=2),
                "location": "Children's Centre",
                "online_url": "",
            },
        )
        grants = {"title": "Grants", "purpose": Purpose.DECISION, "confidential": False}
        meeting_ops.save_item(None, meeting, None, grants)
        meeting.status = MeetingStatus.NOTICE_ISSUED
        meeting_ops.mark_held(None, meeting)
        _present(meeting, w.users["member"].person, w.users["parent"].person)
        return meeting

    def decide(meeting: Any, resolution: str) -> Any:
        return record_decision(
            None,
            meeting.items[0],
            DecisionDraft(resolution=resolution, rationale=REASON, alternatives=ALTERNATIVES),
            moment=meeting.starts_at + timedelta(minutes=10),
        )

    w.held, w.later = held(60), held(30)
    decide(w.held, "Fund the summer scheme.")
    w.approving = decide(w.later, "Approve the minutes of the previous meeting.")
    w.action = action_ops.create_action(
        None,
        w.board,
        "Write to the providers",
        w.users["member"].person,
        now.date() + timedelta(days=14),
        item=w.held.items[0],
    )
    minutes_ops.circulate_minutes(None, minutes_ops.minutes_for(w.held))
    db.session.flush()
    return w


def _approval(w: World) -> dict[str, str]:
    """The form approving the held meeting's minutes. Writes earlier in the table (a board
    or a person renamed) change their text, so a changed draft is circulated again first,
    as the secretary would before approval."""
    from governance.minutes import operations as minutes_ops

    db.session.expire_all()  # the requests before this one changed rows this session holds
    minutes = minutes_ops.find_minutes(_held(w).held)
    assert minutes is not None
    minutes_ops.reconcile(None, minutes)
    if minutes.is_changed_draft:
        minutes_ops.circulate_minutes(None, minutes)
        db.session.flush()
    return {"decision_id": str(w.approving.id)}


TERMS = {
    "purpose": "Budget monitoring with the Accountable Body.",
    "membership": "Four members including a parent.",
    "chair": "The Accountable Body's representative.",
    "quorum": "Two members.",
    "quorum_min_count": "1",
    "meeting_frequency": "Every six weeks",
    "reporting_every": "2",
    "reporting_basis": "months",
    "review_on": "2027-09-30",
    "authorities-0-kind": "Publicity",
    "authorities-0-limit": "250",
}


def _terms(w: World) -> World:
    """Once per world: the sub-group's terms approved by a board decision, and a new draft."""
    if getattr(w, "draft", None) is None:
        from datetime import date

        from governance.subgroups import operations as subgroup_ops

        values = {
            **TERMS,
            "reporting_every": 2,
            "quorum_min_count": 1,
            "review_on": date(2027, 9, 30),
            "authorities": [("Publicity", 25_000)],
        }
        first = subgroup_ops.start_draft(None, w.subgroup, values)
        subgroup_ops.approve_terms(None, first, _decision(w))
        w.draft = subgroup_ops.start_draft(None, w.subgroup, {**values, "quorum": "Three."})
    return w


def _second_subgroup(w: World) -> Any:
    """Once per world: another sub-group of the board, with no terms of reference yet."""
    if getattr(w, "second_subgroup", None) is None:
        from tests.subgroups.conftest import new_subgroup

        w.second_subgroup = new_subgroup(w.board)
    return w.second_subgroup


def _waiting(w: World) -> Any:
    """Once per world: a sub-group recommendation made after every meeting the board has
    in its diary, so it waits to be put on an agenda."""
    if getattr(w, "waiting", None) is None:
        from tests.subgroups.conftest import waiting_recommendation

        w.waiting = waiting_recommendation(w)
    return w.waiting


def _erasable(w: World) -> Any:
    """Once per world: a person of no other route's concern, for the erasure route."""
    if getattr(w, "erasable", None) is None:
        from governance.boards.operations import save_person

        w.erasable = save_person(None, None, {"full_name": "Robin Erasable", "email": None})
        db.session.flush()
    return w.erasable


def _reset_link(w: World) -> str:
    """A fresh password-reset link of the member's (the token is the credential, not the role)."""
    from governance.auth.reset.links import make_token

    return f"/password-reset/{make_token(w.users['member'])}"


def _spare_draft(w: World) -> Any:
    """Once per world: a draft meeting of no other route's concern, for withdrawing."""
    if getattr(w, "spare_draft", None) is None:
        from governance.meetings.models import Purpose
        from governance.meetings.operations import save_item, schedule_meeting

        starts = w.draft_meeting.starts_at + timedelta(days=7)
        w.spare_draft = schedule_meeting(
            None,
            w.board,
            {"title": "Spare meeting", "starts_at": starts, "ends_at": starts + timedelta(hours=1)},
        )
        save_item(
            None, w.spare_draft, None, {"title": "Spare item", "purpose": Purpose.INFORMATION}
        )
        db.session.flush()
    return w.spare_draft


def _spare_version(w: World) -> Any:
    """Once per world: an uncirculated version of its own paper, for withdrawing."""
    if getattr(w, "spare_version", None) is None:
        from governance.papers.models import Paper, PaperVersion

        paper = Paper(item=w.item, title="Spare paper")
        w.spare_version = PaperVersion(
            paper=paper,
            number=1,
            sha256=w.version.sha256,
            size=w.version.size,
            media_type=w.version.media_type,
            filename="spare.pdf",
            summary="Spare.",
        )
        db.session.add_all([paper, w.spare_version])
        db.session.flush()
    return w.spare_version


# endpoint -> (method, url builder, roles allowed, form data for a write, or a builder of it)
Route = tuple[str, Callable[[World], str], set[str], Any]
ROUTES: dict[str, Route] = {
    "pages.home": ("GET", lambda w: "/", set(MATRIX_ROLES), {}),
    "auth.login": ("GET", lambda w: "/login", set(MATRIX_ROLES), {}),
    "auth.logout": ("POST", lambda w: "/logout", set(MATRIX_ROLES), {}),
    "auth.forgotten_password": ("GET", lambda w: "/password-reset", set(MATRIX_ROLES), {}),
    "auth.reset_password": ("GET", lambda w: _reset_link(w), set(MATRIX_ROLES), {}),
    "auth.change_password": ("GET", lambda w: "/account/password", SIGNED_IN, {}),
    "auth.account": ("GET", lambda w: "/account", SIGNED_IN, {}),
    # Empty data: the writes check below skips these (they end sessions or need a code);
    # tests/auth covers them.
    "auth.sign_out_everywhere": ("POST", lambda w: "/account/sign-out-everywhere", SIGNED_IN, {}),
    "auth.login_two_factor": ("GET", lambda w: "/login/two-factor", SIGNED_IN, {}),
    "auth.two_factor_enrol": ("GET", lambda w: "/account/two-factor", SIGNED_IN, {}),
    "auth.two_factor_disable": ("POST", lambda w: "/account/two-factor/off", SIGNED_IN, {}),
    "auth.two_factor_recovery_codes": (
        "POST",
        lambda w: "/account/two-factor/recovery-codes",
        SIGNED_IN,
        {},
    ),
    "auth.security_policy": ("GET", lambda w: "/admin/security", {"admin"}, {}),
    "auth.create_account": (
        "POST",
        lambda w: f"/people/{w.plain_person.id}/login",
        {"admin"},
        {"email": "new-login@example.org", "password": "a long enough passphrase"},
    ),
    "auth.reset_two_factor": (
        "POST",
        lambda w: f"/people/{_two_factor_on(w).person_id}/two-factor/reset",
        {"admin"},
        {"submit": "Reset two-factor sign-in"},
    ),
    "boards.index": ("GET", lambda w: "/boards", set(MATRIX_ROLES), {}),
    "pages.board": ("GET", lambda w: f"/boards/{w.board.id}", BOARD_VIEWERS, {}),
    "boards.create_board": (
        "POST",
        lambda w: "/boards/new",
        {"admin"},
        {
            "name": "New board",
            "code": "NEW",
            "timezone": "Europe/London",
            "notice_clear_days": "5",
            "min_parent_seats": "0",
            "min_voluntary_community_seats": "0",
        },
    ),
    "boards.edit_board": (
        "POST",
        lambda w: f"/boards/{w.board.id}/edit",
        MANAGERS,
        {
            "name": "Renamed",
            "code": "PB",
            "timezone": "Europe/London",
            "notice_clear_days": "3",
            "min_parent_seats": "0",
            "min_voluntary_community_seats": "0",
        },
    ),
    "boards.add_officer": (
        "POST",
        lambda w: f"/boards/{w.board.id}/officers",
        {"admin"},
        lambda w: {"person_id": str(w.users["member"].person.id), "role": "chair"},
    ),
    "boards.remove_officer": (
        "POST",
        lambda w: f"/officers/{w.board.officers[0].id}/remove",
        {"admin"},
        {},
    ),
    "boards.create_seat": (
        "POST",
        lambda w: f"/boards/{w.board.id}/seats/new",
        MANAGERS,
        {"title": "New seat", "category": "community", "voting": "y", "position": "0"},
    ),
    "boards.edit_seat": (
        "POST",
        lambda w: f"/seats/{w.parent_seat.id}/edit",
        MANAGERS,
        {"title": "Renamed seat", "category": "parent", "voting": "y", "position": "0"},
    ),
    "boards.appoint": (
        "POST",
        lambda w: f"/seats/{w.vacant_seat.id}/appoint",
        MANAGERS,
        lambda w: {"person_id": str(w.users["secretary"].person.id), "starts_on": "2020-01-01"},
    ),
    "boards.edit_term": (
        "POST",
        lambda w: f"/appointments/{w.member_appointment.id}/term",
        MANAGERS,
        {"starts_on": "2025-10-19", "ends_on": "2030-01-01"},
    ),
    "boards.end_appointment": (
        "POST",
        lambda w: f"/appointments/{w.member_appointment.id}/end",
        MANAGERS,
        {"ends_on": "2026-11-23", "reason": "Resigned"},
    ),
    "boards.organisations": ("GET", lambda w: "/organisations", SIGNED_IN, {}),
    "boards.organisation": ("GET", lambda w: f"/organisations/{w.health.id}", SIGNED_IN, {}),
    "boards.create_organisation": (
        "POST",
        lambda w: "/organisations/new",
        ADDERS,
        {"name": "New charity", "sector": "voluntary"},
    ),
    "boards.edit_organisation": (
        "POST",
        lambda w: f"/organisations/{w.health.id}/edit",
        MANAGERS,
        {"name": "Renamed PCT", "sector": "statutory", "agency_type": "health"},
    ),
    # Each officer's directory lists only the people they may see (tests/boards).
    "boards.people": (
        "GET",
        lambda w: "/people",
        {"admin", "auditor", "secretary", "chair", "other_secretary"},
        {},
    ),
    "boards.person": (
        "GET",
        lambda w: f"/people/{w.users['member'].person.id}",
        {"admin", "auditor", "secretary", "chair", "member", "parent", "observer"},
        {},
    ),
    "boards.create_person": (
        "POST",
        lambda w: "/people/new",
        ADDERS,
        {"full_name": "New Person"},
    ),
    "boards.edit_person": (
        "POST",
        lambda w: f"/people/{w.users['parent'].person.id}/edit",
        MANAGERS | {"parent"},
        {"full_name": "Renamed Person"},
    ),
    # Meetings
    "meetings.board_meetings": (
        "GET",
        lambda w: f"/boards/{w.board.id}/meetings",
        BOARD_VIEWERS,
        {},
    ),
    "pages.meeting": ("GET", lambda w: f"/meetings/{w.meeting.id}", BOARD_VIEWERS, {}),
    "papers.compliance": ("GET", lambda w: f"/boards/{w.board.id}/compliance", BOARD_VIEWERS, {}),
    "meetings.create_meeting": (
        "POST",
        lambda w: f"/boards/{w.board.id}/meetings/new",
        MANAGERS,
        {
            "title": "Extra meeting",
            "day": "2027-02-02",
            "starts_time": "10:00",
            "ends_time": "12:00",
        },
    ),
    "meetings.create_series": (
        "POST",
        lambda w: f"/boards/{w.board.id}/meetings/series",
        MANAGERS,
        {
            "title": "Board",
            "nth": "1",
            "weekday": "1",
            "every_months": "2",
            "starting": "2027-01-01",
            "count": "3",
            "starts_time": "10:00",
            "ends_time": "12:00",
        },
    ),
    "meetings.edit_meeting": (
        "POST",
        lambda w: f"/meetings/{w.draft_meeting.id}/edit",
        MANAGERS,
        {
            "title": "Renamed meeting",
            "day": "2027-02-02",
            "starts_time": "10:00",
            "ends_time": "12:00",
        },
    ),
    "meetings.issue_notice": (
        "POST",
        lambda w: f"/meetings/{w.draft_meeting.id}/notice",
        MANAGERS,
        {"submit": "y"},
    ),
    "meetings.confirm_notice": (
        "GET",
        lambda w: f"/meetings/{w.draft_meeting.id}/notice",
        MANAGERS,
        {},
    ),
    "meetings.add_standard_items": (
        "POST",
        lambda w: f"/meetings/{w.draft_meeting.id}/items/standard",
        MANAGERS,
        {},
    ),
    "meetings.copy_last_agenda": (
        "POST",
        lambda w: f"/meetings/{w.draft_meeting.id}/items/copy",
        MANAGERS,
        {},
    ),
    "meetings.cancel_meeting": (
        "POST",
        lambda w: f"/meetings/{w.draft_meeting.id}/cancel",
        MANAGERS,
        {"reason": "Clashes with the half-term holiday"},
    ),
    "meetings.create_item": (
        "POST",
        lambda w: f"/meetings/{w.draft_meeting.id}/items/new",
        MANAGERS,
        {"title": "Any other business", "purpose": "information"},
    ),
    "meetings.edit_item": (
        "POST",
        lambda w: f"/items/{w.draft_meeting.items[0].id}/edit",
        MANAGERS,
        {"title": "Apologies for absence", "purpose": "information"},
    ),
    "meetings.move_item": (
        "POST",
        lambda w: f"/items/{w.draft_meeting.items[1].id}/move",
        MANAGERS,
        {"direction": "up"},
    ),
    "papers.circulate": (
        "POST",
        lambda w: f"/meetings/{w.meeting.id}/circulate",
        MANAGERS,
        {"include_agenda": "y", "confirmed": "y"},
    ),
    "papers.consent_requests": ("GET", lambda w: "/consent-requests", SIGNED_IN, {}),
    "papers.consent_request": (
        "POST",
        lambda w: f"/consent-requests/{_consent_request(w).id}",
        {"admin", "secretary"},
        lambda w: {"word-consent_by_id": str(w.users["chair"].person_id), "word-record": "y"},
    ),
    "papers.consent_link": (
        "GET",
        lambda w: f"/consent/{_consent_link(w)}",
        set(MATRIX_ROLES),
        {},
    ),
    # Papers
    "papers.upload": (
        "POST",
        lambda w: f"/items/{w.item.id}/papers/new",
        MANAGERS,
        lambda w: {
            "title": "Another paper",
            "summary": "What we ask.",
            "file": (io.BytesIO(PDF), "another.pdf"),
        },
    ),
    "papers.new_version": (
        "POST",
        lambda w: f"/papers/{w.paper.id}/versions/new",
        MANAGERS,
        lambda w: {"summary": "Revised figures.", "file": (io.BytesIO(PDF + b" "), "v2.pdf")},
    ),
    "papers.paper": ("GET", lambda w: f"/papers/{w.paper.id}", BOARD_VIEWERS, {}),
    "papers.download": ("GET", lambda w: f"/versions/{w.version.id}/download", BOARD_VIEWERS, {}),
    "papers.pack": ("GET", lambda w: f"/meetings/{w.meeting.id}/pack.zip", BOARD_VIEWERS, {}),
    "papers.withdraw_version": (
        "POST",
        lambda w: f"/versions/{_spare_version(w).id}/withdraw",
        MANAGERS,
        {"reason": "Uploaded by mistake"},
    ),
    "meetings.withdraw_item": (
        "POST",
        lambda w: f"/items/{_spare_draft(w).items[0].id}/withdraw",
        MANAGERS,
        {"reason": "Added by mistake"},
    ),
    "meetings.withdraw_meeting": (
        "POST",
        lambda w: f"/meetings/{_spare_draft(w).id}/withdraw",
        MANAGERS,
        {"reason": "Scheduled on the wrong day"},
    ),
    # Calendars
    "calendar.meeting_ics": (
        "GET",
        lambda w: f"/meetings/{w.meeting.id}/calendar.ics",
        BOARD_VIEWERS,
        {},
    ),
    "calendar.board_feed": (
        "GET",
        lambda w: f"/boards/{w.board.id}/calendar.ics",
        BOARD_VIEWERS,
        {},
    ),
    "calendar.personal_feed": (
        "GET",
        lambda w: f"/calendar/{issue_calendar_token(w.users['member'])}.ics",
        set(MATRIX_ROLES),
        {},
    ),
    "calendar.account": ("GET", lambda w: "/account/calendar", SIGNED_IN, {}),
    "calendar.revoke": ("POST", lambda w: "/account/calendar/revoke", SIGNED_IN, {}),
    # Mail
    "mail.outbox": ("GET", lambda w: "/outbox/", {"admin"}, {}),
    "mail.message": ("GET", lambda w: f"/outbox/{w.message.id}", {"admin"}, {}),
    "audit.log": ("GET", lambda w: "/audit/", {"admin", "auditor"}, {}),
    "audit.verify": ("GET", lambda w: "/audit/verify", {"admin", "auditor"}, {}),
    # Attendance
    "pages.attendance_register": (
        "GET",
        lambda w: f"/meetings/{w.meeting.id}/attendance",
        BOARD_VIEWERS,
        {},
    ),
    "pages.save_attendance": (
        "POST",
        lambda w: f"/meetings/{w.meeting.id}/attendance",
        MANAGERS,
        # The parent: the member's appointment is ended by an earlier row of the write test.
        lambda w: {f"status_{w.users['parent'].person.id}": "apologies"},
    ),
    "pages.add_deputy": (
        "POST",
        lambda w: f"/meetings/{w.meeting.id}/attendance/deputy",
        MANAGERS,
        # Not the outsider: an earlier row of the write test appoints them to the board.
        lambda w: {
            "deputy-person_id": str(w.users["chair"].person.id),
            "deputy-deputy_for_id": str(w.users["parent"].person.id),
        },
    ),
    "pages.add_guest": (
        "POST",
        lambda w: f"/meetings/{w.meeting.id}/attendance/guest",
        MANAGERS,
        lambda w: {"guest-person_id": str(w.plain_person.id), "guest-note": "Finance officer"},
    ),
    "replies.send_apologies": (
        "POST",
        lambda w: f"/meetings/{w.meeting.id}/apologies",
        {"member", "parent", "observer"},
        {"note": "On holiday"},
    ),
    "replies.reply": (
        "POST",
        lambda w: f"/meetings/{w.meeting.id}/reply",
        {"member", "parent", "observer"},
        {"choice": "attending", "childcare": "y", "children": "1", "ages": "2"},
    ),
    "replies.replies_summary": (
        "GET",
        lambda w: f"/meetings/{_support_need(w).reply.meeting_id}/replies",
        {"admin", "auditor", "secretary"},
        {},
    ),
    "replies.mark_need_done": (
        "POST",
        lambda w: f"/support-needs/{_support_need(w).id}/done",
        {"admin", "secretary"},
        {"note": "Crèche place booked"},
    ),
    "attendance.board_attendance": (
        "GET",
        lambda w: f"/boards/{w.board.id}/attendance",
        BOARD_VIEWERS,
        {},
    ),
    # Interests and declarations
    "interests.register": (
        "GET",
        lambda w: f"/people/{w.users['member'].person.id}/interests",
        {"admin", "auditor", "secretary", "chair", "member", "parent", "observer"},
        {},
    ),
    "interests.add_interest": (
        "POST",
        lambda w: f"/people/{w.users['member'].person.id}/interests/new",
        {"admin", "secretary", "member"},
        {
            "description": "Trustee of Little Steps",
            "kind": "non-financial",
            "starts_on": "2026-01-01",
            "published": "y",
        },
    ),
    "interests.end_interest": (
        "POST",
        lambda w: f"/interests/{_member_interest(w).id}/end",
        {"admin", "secretary", "member"},
        {"ends_on": "2026-11-23"},
    ),
    "interests.add_declaration": (
        "POST",
        lambda w: f"/items/{w.item.id}/declarations/new",
        MANAGERS,
        lambda w: {
            "person_id": str(w.users["parent"].person.id),
            "nature": "Trustee of a bidder",
            "action": "withdrew",
        },
    ),
    # Decisions
    "decisions.record": (
        "POST",
        lambda w: f"/items/{_quorate(w).item.id}/decisions/new",
        MANAGERS,
        lambda w: {
            "resolution": "Agree the 2027 budget as set out in the paper.",
            "rationale": REASON,
            "alternatives": ALTERNATIVES,
            "method": "consensus",
            "relied_on": [str(w.version.id)],
        },
    ),
    "decisions.register": ("GET", lambda w: "/decisions", set(MATRIX_ROLES), {}),
    "evidence.register_csv": ("GET", lambda w: "/decisions.csv", SIGNED_IN, {}),
    "evidence.register_json": ("GET", lambda w: "/decisions.json", SIGNED_IN, {}),
    "decisions.trail": (
        "GET",
        lambda w: f"/decisions/{_decision(w).id}",
        BOARD_VIEWERS,
        {},
    ),
    "evidence.evidence_pack": (
        "GET",
        lambda w: f"/decisions/{_decision(w).id}/evidence.zip",
        {"admin", "auditor"},
        {},
    ),
    "evidence.board_evidence_pack": (
        "GET",
        lambda w: f"/decisions/evidence.zip?board_id={w.board.id}&{_period(_decision(w))}",
        {"admin", "auditor"},
        {},
    ),
    # Minutes and actions
    "minutes.minutes": (
        "GET",
        lambda w: f"/meetings/{_held(w).held.id}/minutes",
        BOARD_VIEWERS,
        {},
    ),
    "minutes.edit_minutes": (
        "POST",
        lambda w: f"/meetings/{_held(w).later.id}/minutes/edit",
        MANAGERS,
        lambda w: {f"item_{w.later.items[0].id}": "Members discussed the grants."},
    ),
    "minutes.circulate_minutes": (
        "POST",
        lambda w: f"/meetings/{_held(w).later.id}/minutes/circulate",
        MANAGERS,
        {},
    ),
    "minutes.approve_minutes": (
        "POST",
        lambda w: f"/meetings/{_held(w).held.id}/minutes/approve",
        MANAGERS,
        lambda w: _approval(w),
    ),
    "minutes.minutes_version": (
        "GET",
        lambda w: f"/meetings/{_held(w).held.id}/minutes/versions/1",
        BOARD_VIEWERS,
        {},
    ),
    "minutes.add_approval_item": (
        "POST",
        lambda w: f"/meetings/{_held(w).held.id}/minutes/approval-item",
        MANAGERS,
        {},
    ),
    "actions.board_actions": (
        "GET",
        lambda w: f"/boards/{w.board.id}/actions",
        BOARD_VIEWERS,
        {},
    ),
    "actions.create_action": (
        "POST",
        lambda w: f"/items/{_held(w).later.items[0].id}/actions/new",
        MANAGERS,
        lambda w: {
            "title": "Send the grant letters",
            "owner_id": str(w.users["member"].person.id),
            "due_on": "2027-01-15",
            "decision_id": "",
        },
    ),
    "actions.action": (
        "POST",
        lambda w: f"/actions/{_held(w).action.id}",
        {"admin", "secretary", "member"},
        {"text": "Letters drafted.", "status": "open"},
    ),
    "actions.matters_arising": (
        "GET",
        lambda w: f"/meetings/{w.meeting.id}/matters-arising",
        BOARD_VIEWERS,
        {},
    ),
    # Sub-groups: terms of reference, reports and recommendations
    "subgroups.terms": (
        "GET",
        lambda w: f"/boards/{_terms(w).subgroup.id}/terms",
        BOARD_VIEWERS,
        {},
    ),
    "subgroups.history": (
        "GET",
        lambda w: f"/boards/{_terms(w).subgroup.id}/terms/history",
        BOARD_VIEWERS,
        {},
    ),
    "subgroups.version": ("GET", lambda w: f"/terms/{_terms(w).draft.id}", BOARD_VIEWERS, {}),
    "subgroups.compare": (
        "GET",
        lambda w: f"/boards/{_terms(w).subgroup.id}/terms/compare?from=1&to=2",
        BOARD_VIEWERS,
        {},
    ),
    "subgroups.new_terms": (
        "POST",
        lambda w: f"/boards/{_second_subgroup(w).id}/terms/new",
        MANAGERS,
        TERMS,
    ),
    # Editing comes before approving, which ends the draft's editing.
    "subgroups.edit_terms": (
        "POST",
        lambda w: f"/terms/{_terms(w).draft.id}/edit",
        MANAGERS,
        {**TERMS, "quorum": "Three members, one of them a parent."},
    ),
    "subgroups.approve_terms": (
        "POST",
        lambda w: f"/terms/{_terms(w).draft.id}/approve",
        MANAGERS,
        lambda w: {"decision_id": str(_decision(w).id)},
    ),
    "subgroups.overview": (
        "GET",
        lambda w: f"/boards/{_waiting(w).decision.board.parent_id}/subgroups",
        BOARD_VIEWERS,
        {},
    ),
    "subgroups.record_report": (
        "POST",
        lambda w: f"/boards/{w.board.id}/subgroup-reports/new",
        MANAGERS,
        lambda w: {
            "subgroup_id": str(w.subgroup.id),
            "agenda_item_id": str(w.item.id),
            "summary": "Spending is on track.",
        },
    ),
    "subgroups.refer": (
        "POST",
        lambda w: f"/authority-checks/{_waiting(w).id}/refer",
        MANAGERS,
        {"submit": "y"},
    ),
    "privacy.data_export": (
        "GET",
        lambda w: f"/people/{w.users['parent'].person.id}/data-export.zip",
        {"admin"},
        {},
    ),
    "privacy.erase": (
        "POST",
        lambda w: f"/people/{_erasable(w).id}/erase",
        {"admin"},
        {"confirm": "ERASE"},
    ),
}
ROUTES.update(INDUCTION_ROUTES)


def test_every_route_is_covered(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules() if rule.endpoint != "static"}
    assert endpoints == set(ROUTES)


def row_counts() -> dict[str, int]:
    return {
        model.__name__: db.session.execute(
            sa.select(sa.func.count()).select_from(model)
        ).scalar_one()
        for model in (
            *INDUCTION_MODELS,
            Appointment,
            Board,
            BoardOfficer,
            Organisation,
            Person,
            Seat,
            User,
            Meeting,
            AgendaItem,
            Paper,
            PaperVersion,
            PaperOpen,
            OutboxMessage,
            CalendarToken,
            Attendance,
            Interest,
            Declaration,
            Decision,
            DecisionPaper,
            Minutes,
            Action,
            ActionUpdate,
            MeetingReply,
            SupportNeed,
            TermsOfReference,
            DelegatedAuthority,
            AuthorityCheck,
            SubgroupReport,
            RecoveryCode,
            SecurityPolicy,
        )
    }


def stored_files(app) -> list[str]:
    root = Path(app.config["STORAGE_PATH"])
    return sorted(str(p) for p in root.rglob("*") if p.is_file())


@pytest.fixture
def route_world(agenda_world: World, make_user: Callable[..., Any]) -> World:
    """The agenda world plus the secretary of the Elsewhere Board, a second private board."""
    from governance.boards.models import OfficerRole
    from governance.boards.operations import assign_officer

    user = make_user("other-secretary@example.org")
    assign_officer(None, agenda_world.other_board, user.person, OfficerRole.SECRETARY)
    db.session.flush()
    agenda_world.users["other_secretary"] = user
    return agenda_world


@pytest.mark.parametrize("role", MATRIX_ROLES)
@pytest.mark.parametrize("endpoint", sorted(ROUTES))
def test_route_allows_or_denies_by_role(endpoint, role, client, route_world, login, app):
    world = route_world
    method, build, allowed, data = ROUTES[endpoint]
    if role != "anonymous":
        login(world.users[role])
    url = build(world)
    data = data(world) if callable(data) else data
    before_rows, before_events = row_counts(), audit_count()
    before_files = stored_files(app)
    if method == "GET":
        response = client.get(url)
    else:
        response = client.post(url, data=data)
    response.close()  # file downloads stream from disk; close them as a browser would
    location = response.headers.get("Location", "")
    if role in allowed:
        assert response.status_code in (200, 302), (endpoint, role, response.status_code)
        assert "/login" not in location or endpoint == "auth.logout"
    else:
        expected = 401 if role == "anonymous" else 403
        if endpoint in LOGIN_REDIRECTS and role == "anonymous":
            assert response.status_code == 302 and "/login" in location
        else:
            assert response.status_code == expected, (endpoint, role, response.status_code)
        db.session.expire_all()
        assert row_counts() == before_rows
        assert stored_files(app) == before_files
        assert audit_count() == before_events


def test_allowed_writes_in_the_table_really_change_something(client, agenda_world, login):
    """Guards the table above: its form data is good enough to succeed for an allowed role."""
    world = agenda_world
    login(world.users["admin"])
    # Table order, except that cancelling freezes the meeting the other writes use, so it goes
    # last. (Editing minutes comes before circulating them, which ends their editing.)
    ordered = sorted(ROUTES.items(), key=lambda kv: kv[0] == "meetings.cancel_meeting")
    for endpoint, (method, build, allowed, data) in ordered:
        if method != "POST" or not data or "admin" not in allowed:
            continue
        before = audit_count()
        response = client.post(build(world), data=data(world) if callable(data) else data)
        assert response.status_code == 302, (endpoint, response.get_data(as_text=True)[:2000])
        assert audit_count() > before, endpoint
