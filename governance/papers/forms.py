"""Forms for uploading papers and their new versions (input shape only; the rules decide)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import SelectField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from governance.fields import StringField, optional_id
from governance.papers.rules import SUMMARY_MAX, TITLE_MAX


def _coerceoptional_id(value: object) -> int | None:
    return optional_id(value)


SUMMARY_HINT = (
    "In plain words: what the paper is about and what the board is asked to do."
    " Required for decision items."
)


def _file_field() -> FileField:
    return FileField("File", validators=[FileRequired("Choose the file to upload.")])


def _summary_field() -> TextAreaField:
    return TextAreaField(
        "Plain-language summary", description=SUMMARY_HINT, validators=[Length(max=SUMMARY_MAX)]
    )


class UploadPaperForm(FlaskForm):
    title = StringField("Title", validators=[DataRequired(), Length(max=TITLE_MAX)])
    author_organisation_id = SelectField(
        "Written by (organisation)", coerce=_coerceoptional_id, validators=[Optional()]
    )
    file = _file_field()
    summary = _summary_field()
    submit = SubmitField("Upload paper")


class NewVersionForm(FlaskForm):
    file = _file_field()
    summary = _summary_field()
    submit = SubmitField("Upload new version")


class ConsentAnswerForm(FlaskForm):
    """The chair's answer to a request for consent to late circulation."""

    note = TextAreaField(
        "Anything to add (optional)",
        description="With a refusal, say what to do instead; the secretary reads this.",
        validators=[Optional(), Length(max=500)],
    )
    grant = SubmitField("Grant consent: circulate them late")
    refuse = SubmitField("Refuse: circulate nothing")


class ChairsWordForm(FlaskForm):
    """The secretary records the chair's answer given by phone, or withdraws the request."""

    consent_by_id = SelectField(
        "Chair who agreed", coerce=_coerceoptional_id, validators=[Optional()]
    )
    note = TextAreaField(
        "How and when they agreed (optional)",
        description="For example: by phone on Monday at 4pm.",
        validators=[Optional(), Length(max=500)],
    )
    record = SubmitField("Record the chair's word and circulate")
    withdraw = SubmitField("Withdraw the request")
