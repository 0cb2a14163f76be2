"""Forms of the minutes."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import SelectField, SubmitField
from wtforms.validators import InputRequired


class ApproveForm(FlaskForm):
    decision_id = SelectField(
        "Approved by decision",
        description="The decision, at a later meeting of the board, that approved these minutes.",
        coerce=int,
        validators=[InputRequired()],
    )
    submit = SubmitField("Approve and lock the minutes")
