"""A meeting's attendance register: who is expected and who came, with the deputies named in
replies, the apologies form, and the interests members have registered, for the chair."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, url_for
from flask_login import current_user
from flask_wtf import FlaskForm

from governance.attendance import operations as attendance
from governance.attendance.forms import (
    DeputyForm,
    GuestForm,
    RegisterLine,
    deputy_form,
    entries_from,
    guest_form,
    register_form,
    times_from,
)
from governance.attendance.models import AttendanceStatus
from governance.attendance.permissions import can_record_attendance
from governance.attendance.queries import RegisterRow, register_for
from governance.boards.models import Person
from governance.decisions.queries import decisions_at
from governance.extensions import db
from governance.interests.operations import organisation_names, relevant_interests
from governance.interests.permissions import can_see_unpublished_interests
from governance.meetings.models import Meeting
from governance.meetings.permissions import can_view_meeting
from governance.pages.blueprint import bp
from governance.replies.forms import ApologiesForm
from governance.replies.permissions import can_send_apologies
from governance.replies.queries import deputies_named
from governance.web import attempt, get_or_404, require


def _reminders(meeting: Meeting, rows: list[RegisterRow]) -> list[tuple[Person, list]]:
    """Members' current register entries that the viewer may see, for the chair to read out."""
    people = {r.person.id: r.person for r in rows if r.is_member}
    shown = []
    for person_id, entries in relevant_interests(meeting).items():
        person = people.get(person_id)
        if person is None:
            continue
        if not can_see_unpublished_interests(current_user, person):
            entries = [e for e in entries if e.published]
        if entries:
            shown.append((person, entries))
    return sorted(shown, key=lambda pair: pair[0].full_name)


def _page(
    meeting: Meeting,
    status: int = 200,
    register: tuple[FlaskForm, list[RegisterLine]] | None = None,
    **forms: Any,
):
    rows = register_for(meeting)
    editable = can_record_attendance(current_user, meeting)
    if editable:
        register = register or register_form(meeting, rows)
        forms.setdefault("deputy_form", deputy_form(rows))
        forms.setdefault("guest_form", guest_form(rows))
    reminders = _reminders(meeting, rows)
    return render_template(
        "pages/attendance.html",
        meeting=meeting,
        board=meeting.board,
        members=[r for r in rows if r.is_member],
        others=[r for r in rows if not r.is_member],
        editable=editable,
        register_form=register[0] if register else None,
        lines=register[1] if register else [],
        apologies_form=ApologiesForm() if can_send_apologies(current_user, meeting) else None,
        named=deputies_named(meeting) if editable else {},
        decided=editable and bool(decisions_at(meeting)),
        reminders=reminders,
        names=organisation_names([e for _, entries in reminders for e in entries]),
        **forms,
    ), status


@bp.route("/meetings/<int:meeting_id>/attendance")
def attendance_register(meeting_id: int):
    """The register: who is expected, who came, deputies and others in attendance."""
    meeting = get_or_404(Meeting, meeting_id)
    require(can_view_meeting(current_user, meeting))
    return _page(meeting)


@bp.route("/meetings/<int:meeting_id>/attendance", methods=["POST"])
def save_attendance(meeting_id: int):
    """Save each member's attendance, with arrival and departure times."""
    meeting = get_or_404(Meeting, meeting_id)
    require(can_record_attendance(current_user, meeting))
    form, lines = register_form(meeting, register_for(meeting))
    if form.validate_on_submit() and (entries := entries_from(form, meeting, lines)) is not None:
        reason = form.correction_reason.data or ""
        changed = attempt(
            form, lambda: attendance.record_register(current_user, meeting, entries, reason)
        )
        if changed is not None:
            db.session.commit()
            flash(
                f"Register saved: {changed} line{'s' if changed != 1 else ''} changed.", "success"
            )
            return redirect(url_for("pages.attendance_register", meeting_id=meeting.id))
    return _page(meeting, 400, register=(form, lines))


def _add(meeting: Meeting, form: DeputyForm | GuestForm, status: AttendanceStatus):
    """Record a deputy or someone in attendance from their sub-form."""
    if form.validate_on_submit() and (
        times := times_from(form, meeting, form.arrived_at, form.departed_at)
    ):
        person = get_or_404(Person, form.person_id.data)
        holder_id = getattr(form, "deputy_for_id", None) and form.deputy_for_id.data
        holder = db.session.get(Person, holder_id) if holder_id else None
        done = attempt(
            form,
            lambda: attendance.record_attendance(
                current_user,
                meeting,
                person,
                status,
                deputy_for=holder,
                arrived_at=times[0],
                departed_at=times[1],
                note=form.note.data or "",
                correction_reason=getattr(form, "correction_reason", None)
                and form.correction_reason.data
                or "",
            ),
        )
        if done is not None:
            db.session.commit()
            flash(f"{person.full_name} recorded as {status.label.lower()}.", "success")
            return redirect(url_for("pages.attendance_register", meeting_id=meeting.id))
    key = "deputy_form" if status is AttendanceStatus.DEPUTY else "guest_form"
    return _page(meeting, 400, **{key: form})


@bp.route("/meetings/<int:meeting_id>/attendance/deputy", methods=["POST"])
def add_deputy(meeting_id: int):
    """Record a deputy sitting in for a member."""
    meeting = get_or_404(Meeting, meeting_id)
    require(can_record_attendance(current_user, meeting))
    return _add(meeting, deputy_form(register_for(meeting)), AttendanceStatus.DEPUTY)


@bp.route("/meetings/<int:meeting_id>/attendance/guest", methods=["POST"])
def add_guest(meeting_id: int):
    """Record an officer or guest in attendance."""
    meeting = get_or_404(Meeting, meeting_id)
    require(can_record_attendance(current_user, meeting))
    return _add(meeting, guest_form(register_for(meeting)), AttendanceStatus.IN_ATTENDANCE)
