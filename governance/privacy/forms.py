"""The erasure confirmation form."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import SubmitField
from wtforms.validators import InputRequired

from governance.fields import StringField


class EraseForm(FlaskForm):
    confirm = StringField(
        "Type ERASE to confirm",
        validators=[InputRequired(message="Type ERASE to confirm.")],
        description="Their name, email, phone, job title and free-text notes are replaced "
        "for good; their records stay under a pseudonym and their login is disabled.",
    )
    submit = SubmitField("Erase personal details")
