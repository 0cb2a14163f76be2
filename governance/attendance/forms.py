"""Forms of the attendance register and the attendance figures."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, SubmitField, TimeField
from wtforms.validators import InputRequired, Length, Optional

from governance.fields import StringField, optional_id


def _arrived() -> TimeField:
    return TimeField(
        "Arrived", description="Leave blank if there from the start.", validators=[Optional()]
    )


def _departed() -> TimeField:
    return TimeField(
        "Left", description="Leave blank if there to the end.", validators=[Optional()]
    )


class DeputyForm(FlaskForm):
    person_id = SelectField(
        "Deputy", coerce=optional_id, validators=[InputRequired(message="Choose the deputy.")]
    )
    deputy_for_id = SelectField("Standing in for", coerce=optional_id, validators=[Optional()])
    arrived_at = _arrived()
    departed_at = _departed()
    note = StringField("Note", validators=[Optional(), Length(max=300)])
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
