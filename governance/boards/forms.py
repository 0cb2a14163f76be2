"""Forms for organisations, people, boards, seats, appointments and officers."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    SubmitField,
    TextAreaField,
    widgets,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from governance.boards.models import AGENCY_LABELS, OfficerRole, SeatCategory, Sector
from governance.fields import EmailField, IntegerField, StringField, optional_id
from governance.web import EMAIL


def _coerceoptional_id(value: object) -> int | None:
    return optional_id(value)


class MultiCheckboxField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


def options(pairs: object) -> list[SelectChoice]:
    """Select options from (value, label) pairs."""
    return [SelectChoice(value, label) for value, label in pairs]  # type: ignore[attr-defined]


SECTOR_CHOICES = options((s.value, s.label) for s in Sector)
AGENCY_CHOICES = options((a.value, label) for a, label in AGENCY_LABELS.items())
CATEGORY_CHOICES = options((c.value, c.label) for c in SeatCategory)


class OrganisationForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired(), Length(max=200)])
    sector = SelectField("Sector", choices=SECTOR_CHOICES, validators=[InputRequired()])
    agency_type = SelectField(
        "Agency type",
        description="Statutory organisations only.",
        choices=[SelectChoice("", "— not statutory —"), *AGENCY_CHOICES],
        validators=[Optional()],
    )
    description = TextAreaField("What the organisation does", validators=[Length(max=5000)])
    submit = SubmitField("Save organisation")


class PersonForm(FlaskForm):
    full_name = StringField("Full name", validators=[DataRequired(), Length(max=200)])
    email = EmailField("Email address", validators=[Optional(), EMAIL, Length(max=254)])
    phone = StringField("Phone", validators=[Optional(), Length(max=40)])
    organisation_id = SelectField(
        "Organisation", coerce=_coerceoptional_id, validators=[Optional()]
    )
    job_title = StringField("Job title or role", validators=[Optional(), Length(max=200)])
    submit = SubmitField("Save person")


class BoardForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired(), Length(max=200)])
    code = StringField(
        "Code",
        description="Used in decision numbers, e.g. PB for PB/2026/014.",
        validators=[DataRequired(), Length(max=12)],
    )
    description = TextAreaField("Purpose", validators=[Length(max=5000)])
    #: Not checked against the list here: the view refuses a board the viewer may not choose
    #: with a message beside the field (a forged id would otherwise read "Not a valid choice").
    parent_id = SelectField(
        "Reports to (for a sub-group)",
        coerce=_coerceoptional_id,
        validators=[Optional()],
        validate_choice=False,
    )
    timezone = StringField("Timezone", default="Europe/London", validators=[DataRequired()])
    notice_clear_days = IntegerField(
        "Notice period (clear days)",
        default=5,
        description="Whole days between circulating papers and the meeting, counting neither day.",
        validators=[InputRequired(), NumberRange(min=0, max=60)],
    )
    notice_working_days = BooleanField(
        "Count only working days (Monday to Friday, not bank holidays) as clear days"
    )
    is_public = BooleanField("Public board (membership and decisions published to anyone)")
    accountable_body_id = SelectField(
        "Accountable Body", coerce=_coerceoptional_id, validators=[Optional()]
    )
    lead_agency_id = SelectField("Lead Agency", coerce=_coerceoptional_id, validators=[Optional()])
    required_agency_types = MultiCheckboxField(
        "Statutory agencies that must be represented", choices=AGENCY_CHOICES
    )
    min_parent_seats = IntegerField(
        "Minimum parent representatives",
        default=0,
        validators=[InputRequired(), NumberRange(0, 100)],
    )
    min_voluntary_community_seats = IntegerField(
        "Minimum voluntary and community members",
        default=0,
        validators=[InputRequired(), NumberRange(0, 100)],
    )
    max_size = IntegerField("Maximum number of seats", validators=[Optional(), NumberRange(1, 200)])
    quorum_min_count = IntegerField(
        "Quorum: at least this many voting members present",
        validators=[Optional(), NumberRange(1, 200)],
    )
    quorum_fraction = StringField(
        "Quorum: at least this fraction of filled voting seats",
        description="For example 1/3 or 1/2. Leave blank for none.",
        validators=[Optional(), Length(max=7)],
    )
    quorum_min_parents = IntegerField(
        "Quorum: parent members present, at least",
        default=0,
        validators=[Optional(), NumberRange(0, 20)],
    )
    quorum_min_statutory = IntegerField(
        "Quorum: statutory members present, at least",
        default=0,
        validators=[Optional(), NumberRange(0, 20)],
    )
    inquorate_recommendations = BooleanField(
        "When inquorate, the board may still record recommendations", default=True
    )
    induction_categories = MultiCheckboxField(
        "Also start an induction for new members in these seats (parent seats always have one)",
        choices=[c for c in CATEGORY_CHOICES if c.value != SeatCategory.PARENT.value],
    )
    submit = SubmitField("Save board")


class SeatForm(FlaskForm):
    title = StringField(
        "Seat title",
        description="E.g. “Primary Care Trust (health visiting)” or “Parent representative”.",
        validators=[DataRequired(), Length(max=200)],
    )
    category = SelectField("Category", choices=CATEGORY_CHOICES, validators=[InputRequired()])
    voting = BooleanField("Voting seat", default=True)
    organisation_id = SelectField(
        "Organisation represented", coerce=_coerceoptional_id, validators=[Optional()]
    )
    position = IntegerField("Order on the board page", default=0, validators=[Optional()])
    abolished_on = DateField("Abolished on", validators=[Optional()])
    submit = SubmitField("Save seat")


class AppointmentForm(FlaskForm):
    person_id = SelectField("Person", coerce=_coerceoptional_id, validators=[InputRequired()])
    starts_on = DateField("Term starts", validators=[InputRequired()])
    ends_on = DateField(
        "Term ends",
        description="Leave blank for an open-ended appointment.",
        validators=[Optional()],
    )
    submit = SubmitField("Appoint")


class TermForm(FlaskForm):
    starts_on = DateField("Term starts", validators=[InputRequired()])
    ends_on = DateField("Term ends", validators=[Optional()])
    submit = SubmitField("Save term")


class EndAppointmentForm(FlaskForm):
    ends_on = DateField("Last day in the seat", validators=[InputRequired()])
    reason = StringField(
        "Reason",
        description="E.g. resigned, replaced by their agency, term expired.",
        validators=[DataRequired(), Length(max=200)],
    )
    submit = SubmitField("End appointment")


class OfficerForm(FlaskForm):
    person_id = SelectField("Person", coerce=_coerceoptional_id, validators=[InputRequired()])
    role = SelectField(
        "Role",
        choices=options((r.value, r.label) for r in OfficerRole),
        validators=[InputRequired()],
    )
    submit = SubmitField("Add officer")


class ConfirmForm(FlaskForm):
    """A bare form for buttons that post: it carries the CSRF token."""

    submit = SubmitField("Confirm")
