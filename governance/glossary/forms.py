"""The glossary's form."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from governance.fields import StringField


class GlossaryForm(FlaskForm):
    term = StringField(
        "Term", description="E.g. “Accountable Body”.", validators=[DataRequired(), Length(max=80)]
    )
    meaning = TextAreaField(
        "Meaning in plain language",
        description="One to three short sentences a new parent representative would understand.",
        validators=[DataRequired(), Length(max=1000)],
    )
    aliases = TextAreaField(
        "Other forms to mark (optional)",
        description="Plurals and abbreviations, one per line or separated by commas, e.g. PCT.",
        validators=[Optional(), Length(max=1000)],
    )
    submit = SubmitField("Save term")
