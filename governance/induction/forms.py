"""Forms of induction and the glossary (input validation only; the rules do the rest)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import DateField, SelectField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from governance.boards.forms import options
from governance.fields import IntegerField, StringField, optional_id
from governance.induction.models import StepKind
from governance.induction.rules import MAX_OFFSET_DAYS


class StepForm(FlaskForm):
    title = StringField(
        "Step",
        description="E.g. “Safeguarding briefing”.",
        validators=[DataRequired(), Length(max=200)],
    )
    description = TextAreaField(
        "What it involves, for the new member",
        validators=[Optional(), Length(max=2000)],
    )
    kind = SelectField(
        "How it is done",
        choices=options((k.value, k.label) for k in StepKind),
        default=StepKind.TASK.value,
        validators=[InputRequired()],
    )
    due_offset_days = IntegerField(
        "Due within (days of the appointment starting)",
        description="E.g. 14 for “within two weeks”, 183 for the six-month review.",
        validators=[InputRequired(), NumberRange(0, MAX_OFFSET_DAYS)],
    )
    submit = SubmitField("Save step")


class PageForm(FlaskForm):
    title = StringField("Title", validators=[DataRequired(), Length(max=200)])
    body = TextAreaField(
        "Text",
        description="Plain language; leave a blank line between paragraphs.",
        validators=[DataRequired(), Length(max=20000)],
    )
    submit = SubmitField("Add page")


class DocumentForm(FlaskForm):
    title = StringField("Title", validators=[DataRequired(), Length(max=200)])
    file = FileField("File", validators=[FileRequired("Choose a file to upload.")])
    submit = SubmitField("Upload document")


class SignOffForm(FlaskForm):
    done_on = DateField("Done on", description="Leave blank for today.", validators=[Optional()])
    note = StringField("Note (optional)", validators=[Optional(), Length(max=500)])
    submit = SubmitField("Mark done")


class BuddyForm(FlaskForm):
    buddy_id = SelectField(
        "Buddy",
        coerce=optional_id,
        validators=[InputRequired(message="Choose a buddy.")],
    )
    submit = SubmitField("Assign buddy")
