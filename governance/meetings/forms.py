"""Forms for meetings, series, the agenda and circulation."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    RadioField,
    SelectField,
    SubmitField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import URL, DataRequired, InputRequired, Length, NumberRange, Optional

from governance.boards.forms import MultiCheckboxField, options
from governance.fields import IntegerField, StringField, URLField
from governance.meetings.models import Purpose
from governance.meetings.rules import WEEKDAY_NAMES


class MeetingForm(FlaskForm):
    title = StringField(
        "Title", default="Board meeting", validators=[DataRequired(), Length(max=200)]
    )
    day = DateField("Date", validators=[InputRequired()])
    starts_time = TimeField("Starts", validators=[InputRequired()])
    ends_time = TimeField("Ends", validators=[InputRequired()])
    location = StringField(
        "Place",
        description="E.g. Northbank Children's Centre, Room 2.",
        validators=[Optional(), Length(max=300)],
    )
    online_url = URLField(
        "Online link",
        validators=[Optional(), URL(message="Enter a full web address."), Length(max=500)],
    )
    submit = SubmitField("Save meeting")


class SeriesForm(FlaskForm):
    title = StringField(
        "Title", default="Board meeting", validators=[DataRequired(), Length(max=200)]
    )
    nth = SelectField(
        "Which",
        choices=options(
            [("1", "First"), ("2", "Second"), ("3", "Third"), ("4", "Fourth"), ("-1", "Last")]
        ),
        validators=[InputRequired()],
    )
    weekday = SelectField(
        "Day of the week",
        choices=options((str(n), name) for n, name in enumerate(WEEKDAY_NAMES)),
        validators=[InputRequired()],
    )
    every_months = IntegerField(
        "Every how many months", default=2, validators=[InputRequired(), NumberRange(1, 12)]
    )
    starting = DateField("Starting from", validators=[InputRequired()])
    count = IntegerField(
        "Number of meetings", default=6, validators=[InputRequired(), NumberRange(1, 60)]
    )
    starts_time = TimeField("Starts", validators=[InputRequired()])
    ends_time = TimeField("Ends", validators=[InputRequired()])
    location = StringField("Place", validators=[Optional(), Length(max=300)])
    online_url = URLField(
        "Online link",
        validators=[Optional(), URL(message="Enter a full web address."), Length(max=500)],
    )
    submit = SubmitField("Schedule the series")


class CancelForm(FlaskForm):
    reason = TextAreaField(
        "Why is it cancelled?",
        description="Members and calendars will see this.",
        validators=[DataRequired(), Length(max=500)],
    )
    submit = SubmitField("Cancel the meeting")


class ItemForm(FlaskForm):
    title = StringField("Title", validators=[DataRequired(), Length(max=300)])
    purpose = SelectField(
        "Purpose",
        choices=options((p.value, p.label) for p in Purpose),
        validators=[InputRequired()],
    )
    description = TextAreaField("What the item is about", validators=[Length(max=5000)])
    presenter = StringField("Presented by", validators=[Optional(), Length(max=200)])
    minutes_allotted = IntegerField(
        "Minutes allotted", validators=[Optional(), NumberRange(1, 480)]
    )
    confidential = BooleanField(
        "Confidential (voting members, chair, secretary and auditors only; never observers "
        "or the public)"
    )
    submit = SubmitField("Save item")


class CirculateForm(FlaskForm):
    include_agenda = BooleanField("The agenda")
    versions = MultiCheckboxField("Papers", coerce=int)
    late_reason = TextAreaField(
        "Why is this late?",
        description="Needed after the deadline. Members read this beside the paper.",
        validators=[Optional(), Length(max=500)],
    )
    consent_how = RadioField(
        "The chair's consent",
        choices=options(
            [
                (
                    "ask",
                    "Ask the chair: they grant or refuse in the app or from a link in a mail;"
                    " nothing goes out until they agree",
                ),
                (
                    "word",
                    "The chair has already agreed by phone or in person: record it as given"
                    " on the chair's word",
                ),
            ]
        ),
        default="ask",
        validators=[Optional()],
    )
    consent_by_id = SelectField(
        "Chair who agreed",
        description="Only when recording the chair's word.",
        coerce=lambda v: int(v) if v else None,
        validators=[Optional()],
    )
    #: Set by the check page: the secretary has seen whom it reaches and what they will read.
    confirmed = HiddenField()
    change = SubmitField("Change")
    submit = SubmitField("Circulate to members")


class WithdrawForm(FlaskForm):
    """Why something is withdrawn: kept in the record and shown beside it."""

    reason = TextAreaField(
        "Why is it withdrawn?",
        description="Kept in the record and shown beside it, to officers and auditors and to "
        "members who could already see it.",
        validators=[Length(max=500)],
    )
    submit = SubmitField("Withdraw")
