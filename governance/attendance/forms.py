"""The attendance forms: the register of a meeting (built per meeting and read back), adding a
deputy or a guest, the period of the figures."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from flask_wtf import FlaskForm
from wtforms import DateField, Field, SelectField, SubmitField, TextAreaField, TimeField
from wtforms.validators import InputRequired, Length, Optional

from governance.attendance import operations as attendance
from governance.attendance.models import AttendanceStatus
from governance.attendance.queries import RegisterRow, meeting_day
from governance.attendance.rules import MEMBER_STATUSES
from governance.boards import queries as board_queries
from governance.boards.forms import options
from governance.errors import DomainError
from governance.fields import StringField, optional_id
from governance.meetings.models import Meeting
from governance.meetings.rules import local_datetime

# The register shows the apologies form and the deputies named in replies: the one place
# attendance reads the replies area (declared in the import contracts, pyproject.toml).
from governance.web import show_error


def _arrived() -> TimeField:
    return TimeField(
        "Arrived", description="Leave blank if there from the start.", validators=[Optional()]
    )


def _departed() -> TimeField:
    return TimeField(
        "Left", description="Leave blank if there to the end.", validators=[Optional()]
    )


def _correction_reason() -> TextAreaField:
    return TextAreaField(
        "Reason for the correction",
        description="Needed only when a change alters who a decision already recorded at this "
        "meeting would count for its quorum. The decision keeps what it counted; its trail "
        "shows the correction and this reason.",
        validators=[Optional(), Length(max=2000)],
    )


class DeputyForm(FlaskForm):
    person_id = SelectField(
        "Deputy", coerce=optional_id, validators=[InputRequired(message="Choose the deputy.")]
    )
    deputy_for_id = SelectField("Standing in for", coerce=optional_id, validators=[Optional()])
    arrived_at = _arrived()
    departed_at = _departed()
    note = StringField("Note", validators=[Optional(), Length(max=300)])
    correction_reason = _correction_reason()
    submit = SubmitField("Add the deputy")


class GuestForm(FlaskForm):
    person_id = SelectField(
        "Person",
        coerce=optional_id,
        description="Not on the list? Add them to the people directory first.",
        validators=[InputRequired(message="Choose who attended.")],
    )
    note = StringField(
        "Role", description="E.g. Finance officer, or guest speaker.", validators=[Length(max=300)]
    )
    arrived_at = _arrived()
    departed_at = _departed()
    submit = SubmitField("Add to those in attendance")


class PeriodForm(FlaskForm):
    class Meta:
        csrf = False  # a GET form: it changes nothing

    starts = DateField("From", name="from", validators=[Optional()])
    ends = DateField("To", name="to", validators=[Optional()])
    submit = SubmitField("Show")


@dataclass(frozen=True)
class RegisterLine:
    row: RegisterRow
    status: Field
    arrived_at: Field
    departed_at: Field


def _local_time(value: datetime | None, zone: ZoneInfo) -> Any:
    return value.astimezone(zone).time() if value else None


def register_form(meeting: Meeting, rows: list[RegisterRow]) -> tuple[FlaskForm, list]:
    """A form with a status and times for each member, named by person id."""
    zone = ZoneInfo(meeting.board.timezone)

    class RegisterForm(FlaskForm):
        correction_reason = _correction_reason()
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


def times_from(form: FlaskForm, meeting: Meeting, arrived: Field, departed: Field) -> Any:
    ok_a, arrived_at = _instant(form, arrived, meeting)
    ok_d, departed_at = _instant(form, departed, meeting)
    return (arrived_at, departed_at) if ok_a and ok_d else None


def entries_from(form: FlaskForm, meeting: Meeting, lines: list[RegisterLine]) -> list | None:
    """The register lines the secretary filled in or changed; None if a time is impossible."""
    entries, failed = [], False
    for line in lines:
        # Optional() lets a blank or all-space choice through as "not recorded".
        if not (line.status.data or "").strip():
            continue
        times = times_from(form, meeting, line.arrived_at, line.departed_at)
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


def deputy_form(rows: list[RegisterRow]) -> DeputyForm:
    form = DeputyForm(prefix="deputy")
    form.person_id.choices = _people_choices(rows, "— choose the deputy —")
    form.deputy_for_id.choices = options(
        [
            ("", "— choose the member —"),
            *((r.person.id, r.person.full_name) for r in rows if r.is_member),
        ]
    )
    return form


def guest_form(rows: list[RegisterRow]) -> GuestForm:
    form = GuestForm(prefix="guest")
    form.person_id.choices = _people_choices(rows, "— choose a person —")
    return form
