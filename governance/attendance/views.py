"""The attendance register of a meeting, apologies, and a board's attendance figures."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import Field, SelectField, SubmitField, TimeField
from wtforms.validators import Optional

from governance import clock
from governance.attendance import figures as attendance_figures
from governance.attendance import operations as attendance
from governance.attendance.blueprint import bp
from governance.attendance.forms import DeputyForm, GuestForm, PeriodForm
from governance.attendance.models import AttendanceStatus
from governance.attendance.permissions import can_record_attendance
from governance.attendance.queries import RegisterRow, meeting_day, register_for
from governance.attendance.rules import MEMBER_STATUSES
from governance.boards import queries as board_queries
from governance.boards.forms import options
from governance.boards.models import Board, Person
from governance.boards.permissions import can_view_board
from governance.errors import DomainError
from governance.extensions import db
from governance.interests.operations import organisation_names, relevant_interests
from governance.interests.permissions import can_see_unpublished_interests
from governance.meetings.models import Meeting
from governance.meetings.permissions import can_view_meeting
from governance.meetings.rules import local_datetime

# The register shows the apologies form and the deputies named in replies: the one place
# attendance reads the replies area (declared in the import contracts, pyproject.toml).
from governance.replies.forms import ApologiesForm
from governance.replies.permissions import can_send_apologies
from governance.replies.queries import deputies_named
from governance.web import attempt, get_or_404, require, show_error

# Forms ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RegisterLine:
    row: RegisterRow
    status: Field
    arrived_at: Field
    departed_at: Field


def _local_time(value: datetime | None, zone: ZoneInfo) -> Any:
    return value.astimezone(zone).time() if value else None


def _register_form(meeting: Meeting, rows: list[RegisterRow]) -> tuple[FlaskForm, list]:
    """A form with a status and times for each member, named by person id."""
    zone = ZoneInfo(meeting.board.timezone)

    class RegisterForm(FlaskForm):
        submit = SubmitField("Save the register")

    members = [r for r in rows if r.is_member]
    for row in members:
        pid, recorded = row.person.id, row.attendance
        statuses = list(MEMBER_STATUSES)
        if recorded is not None and recorded.status not in statuses:
            statuses.append(recorded.status)
        blank = [("", "— not recorded —")] if recorded is None else []
        field = SelectField(
            f"Attendance of {row.person.full_name}",
            choices=options(blank + [(s.value, s.label) for s in statuses]),
            default=recorded.status.value if recorded else "",
            validators=[Optional()],
        )
        setattr(RegisterForm, f"status_{pid}", field)
        for name in ("arrived_at", "departed_at"):
            default = _local_time(getattr(recorded, name, None), zone)
            label = f"{'Arrived' if name == 'arrived_at' else 'Left'}: {row.person.full_name}"
            setattr(
                RegisterForm,
                f"{name}_{pid}",
                TimeField(label, default=default, validators=[Optional()]),
            )
    form = RegisterForm()
    lines = [
        RegisterLine(
            r,
            form[f"status_{r.person.id}"],
            form[f"arrived_at_{r.person.id}"],
            form[f"departed_at_{r.person.id}"],
        )
        for r in members
    ]
    return form, lines


def _instant(form: FlaskForm, field: Field, meeting: Meeting) -> tuple[bool, datetime | None]:
    """The field's wall-clock time on the meeting day; (False, None) if it does not exist."""
    if field.data is None:
        return True, None
    try:
        return True, local_datetime(meeting_day(meeting), field.data, meeting.board.timezone)
    except DomainError as error:
        show_error(form, DomainError(error.message, field=field.short_name))
        return False, None


def _times(form: FlaskForm, meeting: Meeting, arrived: Field, departed: Field) -> Any:
    ok_a, arrived_at = _instant(form, arrived, meeting)
    ok_d, departed_at = _instant(form, departed, meeting)
    return (arrived_at, departed_at) if ok_a and ok_d else None


def _entries(form: FlaskForm, meeting: Meeting, lines: list[RegisterLine]) -> list | None:
    """The register lines the secretary filled in or changed; None if a time is impossible."""
    entries, failed = [], False
    for line in lines:
        # Optional() lets a blank or all-space choice through as "not recorded".
        if not (line.status.data or "").strip():
            continue
        times = _times(form, meeting, line.arrived_at, line.departed_at)
        if times is None:
            failed = True
            continue
        status, recorded = AttendanceStatus(line.status.data), line.row.attendance
        if recorded is not None and (status, *times) == (
            recorded.status,
            recorded.arrived_at,
            recorded.departed_at,
        ):
            continue  # unchanged lines are left alone
        entries.append(attendance.RegisterEntry(line.row.person, status, *times))
    return None if failed else entries


def _people_choices(rows: list[RegisterRow], blank: str) -> list:
    members = {r.person.id for r in rows if r.is_member}
    people = [p for p in board_queries.people() if p.id not in members]
    return options([("", blank), *((p.id, p.full_name) for p in people)])


def _deputy_form(rows: list[RegisterRow]) -> DeputyForm:
    form = DeputyForm(prefix="deputy")
    form.person_id.choices = _people_choices(rows, "— choose the deputy —")
    form.deputy_for_id.choices = options(
        [
            ("", "— choose the member —"),
            *((r.person.id, r.person.full_name) for r in rows if r.is_member),
        ]
    )
    return form


def _guest_form(rows: list[RegisterRow]) -> GuestForm:
    form = GuestForm(prefix="guest")
    form.person_id.choices = _people_choices(rows, "— choose a person —")
    return form


# The register ----------------------------------------------------------------------------------


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
        register = register or _register_form(meeting, rows)
        forms.setdefault("deputy_form", _deputy_form(rows))
        forms.setdefault("guest_form", _guest_form(rows))
    reminders = _reminders(meeting, rows)
    return render_template(
        "attendance/register.html",
        meeting=meeting,
        board=meeting.board,
        members=[r for r in rows if r.is_member],
        others=[r for r in rows if not r.is_member],
        editable=editable,
        register_form=register[0] if register else None,
        lines=register[1] if register else [],
        apologies_form=ApologiesForm() if can_send_apologies(current_user, meeting) else None,
        named=deputies_named(meeting) if editable else {},
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
    form, lines = _register_form(meeting, register_for(meeting))
    if form.validate_on_submit() and (entries := _entries(form, meeting, lines)) is not None:
        changed = attempt(form, lambda: attendance.record_register(current_user, meeting, entries))
        if changed is not None:
            db.session.commit()
            flash(
                f"Register saved: {changed} line{'s' if changed != 1 else ''} changed.", "success"
            )
            return redirect(url_for("attendance.attendance_register", meeting_id=meeting.id))
    return _page(meeting, 400, register=(form, lines))


def _add(meeting: Meeting, form: DeputyForm | GuestForm, status: AttendanceStatus):
    """Record a deputy or someone in attendance from their sub-form."""
    if form.validate_on_submit() and (
        times := _times(form, meeting, form.arrived_at, form.departed_at)
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
            ),
        )
        if done is not None:
            db.session.commit()
            flash(f"{person.full_name} recorded as {status.label.lower()}.", "success")
            return redirect(url_for("attendance.attendance_register", meeting_id=meeting.id))
    key = "deputy_form" if status is AttendanceStatus.DEPUTY else "guest_form"
    return _page(meeting, 400, **{key: form})


@bp.route("/meetings/<int:meeting_id>/attendance/deputy", methods=["POST"])
def add_deputy(meeting_id: int):
    """Record a deputy sitting in for a member."""
    meeting = get_or_404(Meeting, meeting_id)
    require(can_record_attendance(current_user, meeting))
    return _add(meeting, _deputy_form(register_for(meeting)), AttendanceStatus.DEPUTY)


@bp.route("/meetings/<int:meeting_id>/attendance/guest", methods=["POST"])
def add_guest(meeting_id: int):
    """Record an officer or guest in attendance."""
    meeting = get_or_404(Meeting, meeting_id)
    require(can_record_attendance(current_user, meeting))
    return _add(meeting, _guest_form(register_for(meeting)), AttendanceStatus.IN_ATTENDANCE)


# Figures ---------------------------------------------------------------------------------------


def _period(form: PeriodForm, today: date) -> tuple[date, date] | None:
    ends = form.ends.data or today
    starts = form.starts.data or ends - timedelta(days=365)
    if starts > ends:
        form.ends.errors = [*form.ends.errors, "The end of the period must be after its start."]
        return None
    # Show the period used, defaults included, so the next change starts from it.
    form.starts.data, form.ends.data = starts, ends
    return starts, ends


@bp.route("/boards/<int:board_id>/attendance")
def board_attendance(board_id: int):
    """Attendance over a period, per member, organisation and seat category."""
    board = get_or_404(Board, board_id)
    require(can_view_board(current_user, board))
    form = PeriodForm(formdata=request.args)
    period = _period(form, clock.today(board.timezone)) if form.validate() else None
    figures = attendance_figures.board_figures(board, *period) if period else None
    return render_template(
        "attendance/figures.html",
        board=board,
        form=form,
        figures=figures,
        chart=attendance_figures.rate_chart(figures.categories) if figures else None,
        streak=attendance_figures.DEFAULT_STREAK,
    ), (200 if figures else 400)
